import { useState } from 'react';
import { api, type ApiFailure, type Schemas, type User } from '../../api';
import { LoadError, Loaded, useLoad } from '../../components/useLoad';
import { formatDateTime, type Key, useT } from '../../i18n';

/** A draft's sign-off (GET /pathways/{key}/draft `review`, and the submit, approve and reject answers). */
export type DraftReview = Schemas['PathwayDraftReview'];
/** What the review panel shows of a sign-off: the draft's own, or one a reviewer's queue item stands for. */
type ReviewShown = Pick<
  DraftReview,
  'reviewState' | 'submittedBy' | 'submittedAt' | 'submitComment' | 'reviewedBy' | 'reviewedAt' | 'reviewComment'
>;
/** GET /pathways/{key}/versions. */
export type VersionRow = Schemas['PathwayVersionEntry'];
/** POST /pathways/{key}/draft/impact. */
export type ImpactReport = Schemas['PathwayImpact'];
type TestResult = Schemas['PathwayTestResult'];

const STATUS: Record<VersionRow['status'], Key> = { draft: 'draft', scheduled: 'peScheduled', published: 'published', retired: 'retired' };

/** The versions with who wrote and who signed off each, and when; a return to an earlier one is a new draft. */
export function Versions({
  versions,
  pathwayKey,
  readOnly,
  onRestored,
  onError,
}: {
  versions: VersionRow[];
  pathwayKey: string | null;
  readOnly: boolean;
  onRestored: (v: number) => void;
  onError: (e: unknown) => void;
}) {
  const { t, lang } = useT();
  if (versions.length === 0) return null;
  const draftOpen = versions.some((v) => v.status === 'draft');
  const restore = async (v: number) => {
    try {
      await api('POST', `/pathways/${pathwayKey}/versions/${v}/restore`);
      onRestored(v);
    } catch (e) {
      onError(e);
    }
  };
  return (
    <>
      <p className="muted" data-testid="versions">
        {t('versions')}: {versions.map((v) => (v.version === null ? t('draft') : `v${v.version} (${t(STATUS[v.status])})`)).join(' · ')}
      </p>
      <details>
        <summary>{t('peReview')}</summary>
        <table data-testid="version-history">
          <tbody>
            {versions
              .filter((v) => v.version !== null)
              .map((v) => (
                <tr key={v.version}>
                  <td>
                    v{v.version} · {t(STATUS[v.status])}
                    {v.restoredFrom !== null && ` (← v${v.restoredFrom})`}
                  </td>
                  <td>
                    {t('peAuthor')}: {v.author?.name ?? '–'}
                    {v.reviewedBy && (
                      <>
                        {' · '}
                        {t('peReviewedBy')}: {v.reviewedBy.name} {v.reviewedAt && formatDateTime(v.reviewedAt, lang)}
                      </>
                    )}
                  </td>
                  <td>{v.effectiveFrom && formatDateTime(v.effectiveFrom, lang)}</td>
                  <td>
                    {!readOnly && !draftOpen && v.status !== 'published' && v.status !== 'scheduled' && (
                      <button className="link" onClick={() => void restore(v.version!)}>
                        {t('peRestore')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

/**
 * The draft's sign-off (issue 20): its state, who submitted and who reviewed it; the author submits it
 * with a comment, another reviewer of the region approves it or sends it back (the server refuses the
 * author with 403 and says why).
 */
export function ReviewPanel({
  pathwayKey,
  review,
  user,
  onChanged,
  onError,
}: {
  pathwayKey: string;
  review: ReviewShown | null;
  user: User;
  onChanged: () => void;
  onError: (e: unknown) => void;
}) {
  const { t, lang } = useT();
  const [comment, setComment] = useState('');
  if (!review) return null;
  const act = async (path: 'submit' | 'approve' | 'reject') => {
    try {
      await api('POST', `/pathways/${pathwayKey}/draft/${path}`, comment.trim() ? { comment: comment.trim() } : {});
      setComment('');
      onChanged();
    } catch (e) {
      const f = e as ApiFailure;
      onError(f.status === 403 && path !== 'submit' ? new Error(t('peOwnDraft')) : e);
    }
  };
  const own = review.submittedBy?.userId === user.id;
  return (
    <div className="card" data-testid="review" data-review-state={review.reviewState}>
      <h3>{t('peReview')}</h3>
      <p>
        <strong>{t(`peReviewState_${review.reviewState}` as Key)}</strong>
        {review.submittedBy && (
          <>
            {' · '}
            {t('peSubmittedBy')} {review.submittedBy.name} {review.submittedAt && formatDateTime(review.submittedAt, lang)}
            {review.submitComment && <> — «{review.submitComment}»</>}
          </>
        )}
        {review.reviewedBy && (
          <>
            {' · '}
            {t('peReviewedBy')} {review.reviewedBy.name} {review.reviewedAt && formatDateTime(review.reviewedAt, lang)}
            {review.reviewComment && <> — «{review.reviewComment}»</>}
          </>
        )}
      </p>
      <label htmlFor={`review-comment-${pathwayKey}`}>{t('peComment')}</label>
      <textarea id={`review-comment-${pathwayKey}`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      <div className="row">
        {(review.reviewState === 'editing' || review.reviewState === 'rejected') && user.role === 'admin' && (
          <button className="secondary" data-testid="submit-review" onClick={() => void act('submit')}>
            {t('peSubmit')}
          </button>
        )}
        {review.reviewState === 'submitted' && (
          <>
            <button className="primary" data-testid="approve" disabled={own} onClick={() => void act('approve')}>
              {t('peApprove')}
            </button>
            <button className="secondary" data-testid="reject" disabled={own} onClick={() => void act('reject')}>
              {t('peReject')}
            </button>
            {own && <span className="muted">{t('peOwnDraft')}</span>}
          </>
        )}
      </div>
    </div>
  );
}

/** The changes from one version to another in words (GET …/versions/{from}/diff/{to}). */
export function Changes({ pathwayKey, from, to }: { pathwayKey: string; from: number; to: number | 'draft' }) {
  const { t, lang } = useT();
  const load = useLoad(
    () => api<Schemas['PathwayDiff']>('GET', `/pathways/${pathwayKey}/versions/${from}/diff/${to}`).then((d) => d.changes),
    [pathwayKey, from, to],
  );
  return (
    <div className="card" data-testid="changes">
      <h3>{t('peChanges').replace('{v}', String(from))}</h3>
      <Loaded load={load} failed="loadFailed_changes" empty={<p className="muted">{t('peNoChanges')}</p>}>
        {(changes) => (
          <ul>
            {changes.map((c, i) => (
              <li key={i} data-change={c.kind}>
                {c[lang]}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </div>
  );
}

type ImpactCases = Schemas['PathwayImpactCases'];
type ImpactCase = ImpactCases['cases'][number];

/** The impact preview as a table in words; the cases behind each number one click away (audited by the server). */
export function Impact({ report, pathwayKey }: { report: ImpactReport; pathwayKey: string }) {
  const { t, lang } = useT();
  const [open, setOpen] = useState<{ from: string; to: string; cases: ImpactCase[] } | null>(null);
  const [failed, setFailed] = useState<{ from: string; to: string; error: unknown } | null>(null);
  const show = async (from: string, to: string) => {
    setFailed(null);
    try {
      const r = await api<ImpactCases>(
        'GET',
        `/pathways/${pathwayKey}/draft/impact/cases?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      setOpen({ from, to, cases: r.cases });
    } catch (e) {
      setOpen(null);
      setFailed({ from, to, error: e });
    }
  };
  return (
    <div className="card" data-testid="impact-words">
      <h3>{t('peImpactTitle')}</h3>
      <p>{report.summary[lang]}</p>
      <table>
        <tbody>
          {report.lines.map((l) => (
            <tr key={`${l.from}-${l.to}`}>
              <td>{l[lang]}</td>
              <td>
                {report.source === 'past_cases' && (
                  <button className="link" onClick={() => void show(l.from, l.to)}>
                    {t('peShowCases')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {failed && <LoadError what="loadFailed_cases" error={failed.error} onRetry={() => void show(failed.from, failed.to)} />}
      {open && (
        <table data-testid="impact-cases">
          <thead>
            <tr>
              <th>{t('peTriaged')}</th>
              <th>{t('peCentre')}</th>
              <th>{t('versions')}</th>
              <th>{t('peNow_category')}</th>
              <th>{t('peWouldBe')}</th>
            </tr>
          </thead>
          <tbody>
            {open.cases.map((c) => (
              <tr key={c.id}>
                <td>{formatDateTime(c.triagedAt, lang)}</td>
                <td>{c.healthCentreName}</td>
                <td>v{c.pathwayVersion}</td>
                <td>{c.category}</td>
                <td>{c.newCategory ?? t('peRefused')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

type QueueItem = Schemas['PathwayReviewQueueItem'];

/**
 * A reviewer's list of the region's drafts awaiting sign-off (issue 20): each with the changes in words,
 * the test results and the impact, and approve or send back.
 */
export function ReviewQueue({ user }: { user: User }) {
  const { t, pick, lang } = useT();
  const queue = useLoad(() => api<QueueItem[]>('GET', '/pathway-reviewers/queue'), []);
  const items = queue.data ?? [];
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [tests, setTests] = useState<TestResult[] | null>(null);
  const [impact, setImpact] = useState<ImpactReport | null>(null);
  const [published, setPublished] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The material of the draft opened for review could not be read: said, with a retry.
  const [openFailed, setOpenFailed] = useState<{ key: string; error: unknown } | null>(null);
  const load = queue.reload;
  const open = async (key: string) => {
    setOpenKey(key);
    setOpenFailed(null);
    setTests(null);
    setImpact(null);
    try {
      setTests(await api<TestResult[]>('POST', `/pathways/${key}/draft/test`));
      setImpact(await api<ImpactReport>('POST', `/pathways/${key}/draft/impact`));
      const versions = await api<VersionRow[]>('GET', `/pathways/${key}/versions`);
      setPublished(versions.find((v) => v.status === 'published')?.version ?? null);
    } catch (e) {
      setOpenFailed({ key, error: e });
    }
  };
  const current = items.find((i) => i.key === openKey);
  return (
    <section className="card" data-testid="review-queue">
      <h2>{t('peReviewQueue')}</h2>
      <Loaded load={queue} failed="loadFailed_reviewQueue" empty={<p className="muted">{t('peNothingToReview')}</p>}>
        {() => (
          <ul>
            {items.map((i) => (
              <li key={i.key}>
                <button className="link" onClick={() => void open(i.key)}>
                  {pick(i.title)}
                </button>{' '}
                — {t('peSubmittedBy')} {i.submittedBy.name} {formatDateTime(i.submittedAt, lang)}
                {i.submitComment && <> — «{i.submitComment}»</>}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {openFailed && <LoadError what="loadFailed_review" error={openFailed.error} onRetry={() => void open(openFailed.key)} />}
      {current && !openFailed && (
        <div>
          {published !== null && <Changes pathwayKey={current.key} from={published} to="draft" />}
          {tests && (
            <p data-testid="review-tests">
              {t('testCases')}: {tests.filter((x) => x.passed).length} / {tests.length} {t('passed').toLowerCase()}
            </p>
          )}
          {impact && <p>{impact.summary[lang]}</p>}
          {impact && (
            <ul>
              {impact.lines.map((l) => (
                <li key={`${l.from}-${l.to}`}>{l[lang]}</li>
              ))}
            </ul>
          )}
          <ReviewPanel
            pathwayKey={current.key}
            user={user}
            review={{
              reviewState: 'submitted',
              submittedBy: current.canReview ? current.submittedBy : { userId: user.id, name: current.submittedBy.name },
              submittedAt: current.submittedAt,
              submitComment: current.submitComment,
              reviewedBy: null,
              reviewedAt: null,
              reviewComment: null,
            }}
            onChanged={() => {
              setOpenKey(null);
              load();
            }}
            onError={setError}
          />
        </div>
      )}
      {error !== null && (
        <p className="field-error">{error instanceof Error ? error.message : String((error as ApiFailure).message ?? error)}</p>
      )}
    </section>
  );
}

type SignOffPolicy = Schemas['PathwaySignOffPolicy'];
type SignOffBy = SignOffPolicy['signOffBy'];

/**
 * Who signs off the region's pathway drafts (issue 20): its named reviewers (specialists and administrators,
 * chosen here) only, or also any other administrator of the region (GET /pathway-reviewers/sign-off, PUT
 * /pathway-reviewers). Nothing is published by its author alone either way.
 */
export function ReviewersSetting() {
  const { t } = useT();
  const load = useLoad(async () => {
    const [u, r] = await Promise.all([api<User[]>('GET', '/users'), api<SignOffPolicy>('GET', '/pathway-reviewers/sign-off')]);
    return { users: u.filter((x) => x.active && x.role !== 'nurse'), by: r.signOffBy, chosen: r.reviewers.map((x) => x.userId) };
  }, []);
  // What she changed; until then what the server says.
  const [edited, setEdited] = useState<{ chosen?: string[]; by?: SignOffBy }>({});
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Outside the closed <details>, so that a failure is seen without opening it.
  if (load.data === undefined)
    return (
      <Loaded load={load} failed="loadFailed_reviewers">
        {() => null}
      </Loaded>
    );
  const users = load.data.users;
  const chosen = edited.chosen ?? load.data.chosen;
  const by = edited.by ?? load.data.by;
  const setChosen = (c: string[]) => setEdited((e) => ({ ...e, chosen: c }));
  const setBy = (b: SignOffBy) => setEdited((e) => ({ ...e, by: b }));
  const save = async () => {
    setError(null);
    try {
      const r = await api<Schemas['PathwayReviewer'][]>('PUT', '/pathway-reviewers', { userIds: chosen, signOffBy: by });
      setChosen(r.map((x) => x.userId));
      setSaved(true);
    } catch (e) {
      const f = e as ApiFailure;
      setError(f.details?.length ? new Error(f.details.map((d) => d.reason).join('; ')) : e);
    }
  };
  return (
    <details data-testid="reviewers">
      <summary>{t('peReviewers')}</summary>
      <p className="muted">{t('peReviewersHelp')}</p>
      <fieldset>
        <legend>{t('peSignOffBy')}</legend>
        {(['reviewers', 'second_admin'] as const).map((option) => (
          <label key={option} className="inline" style={{ display: 'block' }}>
            <input
              type="radio"
              name="sign-off-by"
              value={option}
              checked={by === option}
              onChange={() => {
                setSaved(false);
                setBy(option);
              }}
            />{' '}
            {t(`peSignOffBy_${option}`)}
          </label>
        ))}
      </fieldset>
      {users.map((u) => (
        <label key={u.id} className="inline" style={{ display: 'block' }}>
          <input
            type="checkbox"
            checked={chosen.includes(u.id)}
            onChange={(e) => {
              setSaved(false);
              setChosen(e.target.checked ? [...chosen, u.id] : chosen.filter((id) => id !== u.id));
            }}
          />{' '}
          {u.displayName} ({u.role === 'admin' ? t('roleAdmin') : t('roleSpecialist')})
        </label>
      ))}
      <button className="secondary" onClick={() => void save()}>
        {t('saveReviewers')}
      </button>
      {saved && <span className="muted"> {t('saved')}</span>}
      {error !== null && <p className="field-error">{String((error as Error).message ?? error)}</p>}
    </details>
  );
}
