import { useMemo, useState } from 'react';
import { type EditorModel, fromEditorModel, starterDefinition, toEditorModel } from '@libs/pathways/src/core/editor-model';
import type { PathwayDefinition } from '@libs/pathways/src/core/types';
import { api, type ApiFailure, type FieldProblem, type PathwayDefinition as Published, type Schemas, type User } from '../../api';
import { ErrorBox } from '../../components/ErrorBox';
import { LoadError, Loaded, useLoad } from '../../components/useLoad';
import { PathwayOverview, type TestResult } from '../../components/PathwayOverview';
import { formatDateTime, useT } from '../../i18n';
import { Changes, type DraftReview, Impact, type ImpactReport, ReviewersSetting, ReviewPanel, type VersionRow, Versions } from './SignOff';
import { RuleFeedback } from './RuleFeedback';
import { Problems, StructuredEditor } from './StructuredEditor';

/** GET /pathways (and what saving, copying and publishing answer). */
type PathwayRow = Schemas['PathwaySummary'];
type Draft = Schemas['PathwayDraft'];

/** The definition of a stored pathway: without what the server adds to it (version, status, revision, ...). */
function definitionOf(stored: Published | Draft) {
  if ('review' in stored) {
    const { version: _v, status: _s, revision: _r, updatedAt: _u, review: _rv, ...definition } = stored;
    return definition;
  }
  const { version: _v, status: _s, revision: _r, ownership: _o, ...definition } = stored;
  return definition;
}

/** What the editor holds: the definition text, and the revision it was read at (sent as If-Match, #15.12). */
interface Editing {
  key: string | null;
  text: string;
  revision: number | null;
  readOnly: 'template' | 'adopted' | null;
}

/** The draft's text as the structured editor's model, or null while the text is not a definition it can show. */
function modelOf(text: string): EditorModel | null {
  try {
    const parsed = JSON.parse(text) as PathwayDefinition;
    if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.questions) || !Array.isArray(parsed.rules)) return null;
    if (!Array.isArray(parsed.categories) || !Array.isArray(parsed.ranking) || !Array.isArray(parsed.testCases)) return null;
    return toEditorModel(parsed);
  } catch {
    return null;
  }
}

/**
 * Pathways as data (issue 20): a structured editor beside the JSON (both views of one draft), starting
 * from a copy, a small template or a file; the changes in words, the impact as a table in words with the
 * cases behind each number; clinical sign-off, publishing now or from a date, a return to a version.
 */
export function PathwayEditor({ user }: { user: User }) {
  const { t, pick, lang } = useT();
  const listLoad = useLoad(() => api<PathwayRow[]>('GET', '/pathways'), []);
  const list = listLoad.data ?? [];
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [copyKey, setCopyKey] = useState('');
  const [results, setResults] = useState<TestResult[] | null>(null);
  const [impact, setImpact] = useState<ImpactReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [versions, setVersions] = useState<VersionRow[]>([]);
  const [review, setReview] = useState<DraftReview | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [changesKey, setChangesKey] = useState(0);
  // A pathway that could not be opened, or whose versions could not be read: said, with a retry (issue 17).
  const [openFailed, setOpenFailed] = useState<{ key: string; error: unknown } | null>(null);
  const [versionsFailed, setVersionsFailed] = useState<unknown>(null);
  const load = listLoad.reload;
  const model = useMemo(() => (editing ? modelOf(editing.text) : null), [editing?.text]);

  const refreshVersions = async (key: string) => {
    setVersionsFailed(null);
    try {
      setVersions(await api<VersionRow[]>('GET', `/pathways/${key}/versions`));
      setReview(
        await api<Draft>('GET', `/pathways/${key}/draft`).then(
          (d) => d.review,
          // No draft (404) is no review; any other failure is not "no review".
          (e: unknown) => {
            if ((e as ApiFailure).status === 404) return null;
            throw e;
          },
        ),
      );
      setChangesKey((n) => n + 1);
    } catch (e) {
      setVersionsFailed(e);
    }
  };
  const open = async (key: string) => {
    reset();
    setOpenFailed(null);
    const row = list.find((p) => p.key === key);
    const readOnly = row && row.ownership !== 'own' ? row.ownership : null;
    // A template or an adopted pathway has no draft of ours: show the published version, read-only.
    const published = () => api<Published>('GET', `/pathways/${key}`);
    let draft: Published | Draft;
    try {
      draft = readOnly
        ? await published()
        : await api<Draft>('GET', `/pathways/${key}/draft`).catch((e: unknown) => {
            // Only a missing draft falls back to the published version; a failed read is said.
            if ((e as ApiFailure).status === 404) return published();
            throw e;
          });
    } catch (e) {
      setOpenFailed({ key, error: e });
      return;
    }
    setEditing({ key, text: JSON.stringify(definitionOf(draft), null, 2), revision: draft.revision, readOnly });
    setCopyKey(`${key}-${t('copyKeySuffix')}`);
    await refreshVersions(key);
  };
  const reset = () => {
    setProblems([]);
    setMessage(null);
    setStale(false);
    setResults(null);
    setImpact(null);
    setError(null);
    setConfirming(false);
  };
  const failed = (e: unknown) => {
    const f = e as ApiFailure;
    if (f.status === 422 || f.status === 400) setProblems(f.details ?? []);
    else if (f.status === 412) setStale(true);
    else setError(e);
  };
  const parse = (): unknown => {
    try {
      return JSON.parse(editing!.text);
    } catch {
      setProblems([{ field: '(definition)', reason: t('malformedJson') }]);
      return undefined;
    }
  };
  /** Saves the draft as read at `revision`; the answer's revision is the one the next save and a publish name. */
  const save = async (): Promise<{ key: string; revision: number } | null> => {
    reset();
    const body = parse();
    if (body === undefined) return null;
    try {
      const saved = editing!.key
        ? await api<PathwayRow>('PUT', `/pathways/${editing!.key}/draft`, body, {
            'If-Match': `"${editing!.revision}"`,
          })
        : await api<PathwayRow>('POST', '/pathways', body);
      setEditing({ ...editing!, key: saved.key, revision: saved.revision });
      setMessage(t('saved'));
      load();
      await refreshVersions(saved.key);
      return { key: saved.key, revision: saved.revision };
    } catch (e) {
      failed(e);
      return null;
    }
  };
  const runTests = async () => {
    const saved = await save();
    if (!saved) return;
    try {
      const r = await api<TestResult[]>('POST', `/pathways/${saved.key}/draft/test`);
      setResults(r);
      setMessage(`${r.filter((x) => x.passed).length} / ${r.length}`);
    } catch (e) {
      failed(e);
    }
  };
  const runImpact = async () => {
    const saved = await save();
    if (!saved) return;
    try {
      setImpact(await api<ImpactReport>('POST', `/pathways/${saved.key}/draft/impact`));
    } catch (e) {
      failed(e);
    }
  };
  const publish = async () => {
    setConfirming(false);
    const saved = await save();
    if (!saved) return;
    try {
      // Publishing names the revision just saved and reviewed: 412 if someone changed the draft since.
      const when = effectiveFrom ? new Date(effectiveFrom).toISOString() : undefined;
      const r = await api<PathwayRow>('POST', `/pathways/${saved.key}/publish`, {
        revision: saved.revision,
        ...(when ? { effectiveFrom: when } : {}),
      });
      setMessage(
        r.status === 'scheduled'
          ? t('peScheduledFor')
              .replace('{v}', String(r.version))
              .replace('{when}', r.effectiveFrom ? formatDateTime(r.effectiveFrom, lang) : '')
          : `${t('publishedVersion')} ${r.version}`,
      );
      load();
      await refreshVersions(saved.key);
    } catch (e) {
      const f = e as ApiFailure;
      if (f.status === 409) setError(new Error(t('peNeedsApproval')));
      else failed(e);
    }
  };
  const copy = async () => {
    reset();
    try {
      const created = await api<PathwayRow>('POST', `/pathways/${editing!.key}/copy`, { key: copyKey });
      load();
      await open(created.key);
    } catch (e) {
      const f = e as ApiFailure;
      if (f.status === 422 || f.status === 409 || f.status === 400) setProblems(f.details);
      else setError(e);
    }
  };
  const startNew = (definition: PathwayDefinition | null) => {
    reset();
    setVersions([]);
    setReview(null);
    setEditing({ key: null, text: definition ? JSON.stringify(definition, null, 2) : '', revision: null, readOnly: null });
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    try {
      const parsed = JSON.parse(text) as PathwayDefinition & { version?: unknown; status?: unknown; revision?: unknown };
      const { version: _v, status: _s, revision: _r, ...definition } = parsed;
      // Into the open draft of the same key, or as a new pathway.
      if (editing && editing.key === definition.key && !editing.readOnly)
        setEditing({ ...editing, text: JSON.stringify(definition, null, 2) });
      else startNew(definition as PathwayDefinition);
    } catch {
      setProblems([{ field: '(definition)', reason: t('malformedJson') }]);
    }
  };
  const exportFile = () => {
    const blob = new Blob([editing!.text], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${model?.key ?? editing!.key ?? 'pathway'}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const setModel = (m: EditorModel) => setEditing({ ...editing!, text: JSON.stringify(fromEditorModel(m), null, 2) });
  const published = versions.find((v) => v.status === 'published');

  return (
    <div className="grid">
      <section className="card">
        <h2>{t('pathways')}</h2>
        <Loaded load={listLoad} failed="loadFailed_pathways">
          {() => (
            <table data-testid="pathway-list">
              <tbody>
                {list.map((p) => (
                  <tr key={`${p.key}-${p.status}`}>
                    <td>{pick(p.title)}</td>
                    <td>
                      <code>{p.key}</code>
                    </td>
                    <td>
                      {p.status === 'draft' ? t('draft') : `${t('published')} v${p.version}`}
                      {p.ownership === 'template' && ` · ${t('template')}`}
                    </td>
                    <td>
                      <button className="link" onClick={() => void open(p.key)}>
                        {t('editDraft')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
        {openFailed && <LoadError what="loadFailed_pathway" error={openFailed.error} onRetry={() => void open(openFailed.key)} />}
        <div className="row">
          <button className="secondary" onClick={() => startNew(null)}>
            {t('newPathway')}
          </button>
          <button
            className="secondary"
            data-testid="from-template"
            onClick={() => startNew(starterDefinition('nytt-flode', { sv: 'Nytt flöde', en: 'New pathway' }))}
          >
            {t('peFromTemplate')}
          </button>
          <label className="secondary" style={{ cursor: 'pointer' }}>
            {t('peImport')}
            <input
              type="file"
              accept="application/json,.json"
              style={{ display: 'none' }}
              data-testid="import"
              onChange={(e) => void importFile(e.target.files?.[0])}
            />
          </label>
        </div>
        {user.role === 'admin' && <ReviewersSetting />}
      </section>
      {editing && (
        <section className="card" aria-labelledby="editor-title" style={{ gridColumn: '1 / -1' }}>
          <h2 id="editor-title">{editing.key ?? t('newPathway')}</h2>
          <Versions
            versions={versions}
            readOnly={editing.readOnly !== null}
            onRestored={async (v) => {
              setMessage(t('peRestored').replace('{v}', String(v)));
              await open(editing.key!);
            }}
            pathwayKey={editing.key}
            onError={setError}
          />
          {versionsFailed !== null && editing.key && (
            <LoadError what="loadFailed_versions" error={versionsFailed} onRetry={() => void refreshVersions(editing.key!)} />
          )}
          {editing.readOnly && (
            <p className="muted" data-testid="read-only">
              {t(editing.readOnly === 'template' ? 'templateReadOnly' : 'adoptedReadOnly')}
            </p>
          )}
          <div className="grid">
            <div>
              {model && editing.readOnly === null ? (
                <StructuredEditor model={model} onChange={setModel} problems={problems} />
              ) : (
                <PathwayOverview text={editing.text} problems={problems} results={results} />
              )}
            </div>
            <div>
              <label htmlFor="definition">{t('definitionJson')}</label>
              <textarea
                id="definition"
                rows={30}
                spellCheck={false}
                readOnly={editing.readOnly !== null}
                style={{ fontFamily: 'ui-monospace, monospace', fontSize: '0.8rem' }}
                value={editing.text}
                aria-describedby="definition-problems"
                onChange={(e) => setEditing({ ...editing, text: e.target.value })}
              />
              <button className="link" onClick={exportFile}>
                {t('peExport')}
              </button>
            </div>
          </div>
          <div id="definition-problems" role="alert">
            {problems.length > 0 && (
              <ul className="field-error">
                {problems.map((p, i) => (
                  <li key={i}>
                    <code>{p.field}</code>: {p.reason}
                  </li>
                ))}
              </ul>
            )}
            <Problems problems={problems} prefix="(definition)" />
            {stale && (
              <p className="field-error" data-testid="draft-changed">
                {t('draftChanged')}{' '}
                <button className="link" onClick={() => void open(editing.key!)}>
                  {t('reloadDraft')}
                </button>
              </p>
            )}
          </div>
          {message && (
            <p className="success" role="status">
              {message}
            </p>
          )}
          <ErrorBox error={error} />
          {editing.readOnly !== null || editing.key !== null ? (
            <div className="row">
              <label htmlFor="copy-key">{t('copyKey')}</label>
              <input id="copy-key" value={copyKey} onChange={(e) => setCopyKey(e.target.value)} />
              <button className={editing.readOnly ? 'primary' : 'secondary'} data-testid="copy" onClick={() => void copy()}>
                {t('copyPathway')}
              </button>
            </div>
          ) : null}
          {editing.readOnly === null ? (
            <>
              <div className="row">
                <button className="secondary" onClick={() => void save()}>
                  {t('saveDraft')}
                </button>
                <button className="secondary" onClick={() => void runTests()}>
                  {t('runTests')}
                </button>
                <button className="secondary" data-testid="impact" onClick={() => void runImpact()}>
                  {t('impact')}
                </button>
                <div>
                  <label htmlFor="effective-from">{t('peEffectiveFrom')}</label>
                  <input
                    id="effective-from"
                    type="datetime-local"
                    value={effectiveFrom}
                    onChange={(e) => setEffectiveFrom(e.target.value)}
                  />
                </div>
                <button className="primary" data-testid="publish" onClick={() => setConfirming(true)}>
                  {t('publish')}
                </button>
              </div>
              {confirming && (
                <div className="card" role="alertdialog" aria-label={t('publish')}>
                  <p>
                    {t('peConfirmPublish').replace(
                      '{when}',
                      effectiveFrom ? formatDateTime(new Date(effectiveFrom).toISOString(), lang) : t('peNow'),
                    )}
                  </p>
                  <div className="row">
                    <button className="primary" data-testid="confirm-publish" onClick={() => void publish()}>
                      {t('publish')}
                    </button>
                    <button className="secondary" onClick={() => setConfirming(false)}>
                      {t('cancel')}
                    </button>
                  </div>
                </div>
              )}
              {editing.key && (
                <ReviewPanel
                  pathwayKey={editing.key}
                  review={review}
                  user={user}
                  onChanged={() => void refreshVersions(editing.key!)}
                  onError={setError}
                />
              )}
            </>
          ) : null}
          {editing.key && published && !editing.readOnly && review && (
            <Changes key={changesKey} pathwayKey={editing.key} from={published.version!} to="draft" />
          )}
          {impact && editing.key && <Impact report={impact} pathwayKey={editing.key} />}
          {editing.key && published && <RuleFeedback key={editing.key} pathwayKey={editing.key} readOnly={editing.readOnly !== null} />}
        </section>
      )}
    </div>
  );
}
