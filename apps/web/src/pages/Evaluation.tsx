import { useEffect, useState } from 'react';
import { api, type HealthCentre, type Schemas } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Loaded, LoadError, useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import { navigate, pathOf, useRoute } from '../router';
import { downloadFile } from './evaluation/download';
import { EvaluationView } from './evaluation/EvaluationView';
import { type EvaluationFilter, evaluationQuery, type EvaluationResult, type PeriodMode } from './evaluation/types';
import '../reports.css';
import './evaluation/evaluation.css';

const MODES: PeriodMode[] = ['sinceGoLive', 'all', 'period'];

function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The filter kept in the URL (`#/evaluation?pathway=&centre=&mode=&from=&to=`), so a reload or a shared link keeps it. */
function filterOf(query: URLSearchParams): EvaluationFilter {
  const now = new Date();
  const mode = query.get('mode') as PeriodMode | null;
  return {
    pathway: query.get('pathway') ?? '',
    centre: query.get('centre') ?? '',
    mode: mode && MODES.includes(mode) ? mode : 'sinceGoLive',
    from: query.get('from') ?? isoDate(new Date(now.getFullYear() - 1, now.getMonth(), now.getDate())),
    to: query.get('to') ?? isoDate(now),
  };
}

/**
 * Issue 19, item 5: the administrator's evaluation page. One pathway, one centre or all, since each
 * centre's go-live, all time or a chosen period; the figures, charts (inline SVG, each with its table)
 * and a table of every figure per centre; JSON and CSV downloads (Swedish Excel's dialect by default in Swedish).
 */
export function Evaluation() {
  const { t, lang, pick } = useT();
  const route = useRoute();
  const filter = filterOf(route.query);
  const [draft, setDraft] = useState<EvaluationFilter>(filter);
  const [csvStyle, setCsvStyle] = useState<'excel-sv' | 'rfc4180'>(lang === 'sv' ? 'excel-sv' : 'rfc4180');
  const [error, setError] = useState<unknown>(null);
  const pathways = useLoad(async () => {
    const list = await api<Schemas['PathwaySummary'][]>('GET', '/pathways');
    return list.filter((p) => p.status === 'published');
  }, []);
  const centres = useLoad(() => api<HealthCentre[]>('GET', '/health-centres'), []);
  const pathway = filter.pathway || pathways.data?.[0]?.key || '';
  const query = evaluationQuery({ ...filter, pathway });
  const result = useLoad(
    () => (pathway ? api<EvaluationResult>('GET', `/pathways/${encodeURIComponent(pathway)}/evaluation?${query}`) : Promise.resolve(null)),
    [pathway, query],
  );
  const routeKey = route.query.toString();
  useEffect(() => setDraft({ ...filterOf(route.query), pathway }), [routeKey, pathway]);

  const apply = (next: EvaluationFilter) => {
    setDraft(next);
    const period = next.mode === 'period' ? { from: next.from, to: next.to } : {};
    navigate(pathOf(['evaluation'], { pathway: next.pathway, centre: next.centre, mode: next.mode, ...period }), { replace: true });
  };
  const download = async (kind: 'csv' | 'json') => {
    setError(null);
    const path = `/pathways/${encodeURIComponent(pathway)}/evaluation?${query}${kind === 'csv' ? `&csvStyle=${csvStyle}` : ''}`;
    try {
      await downloadFile(path, kind === 'csv' ? 'text/csv' : 'application/json', `evaluation_${pathway}.${kind}`);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="reports evaluation" aria-labelledby="evaluation-heading">
      <h2 id="evaluation-heading">{t('evTitle')}</h2>
      <p className="muted">{t('evIntro')}</p>
      <Loaded load={pathways} failed="evPathwaysFailed" empty={<p className="muted">{t('evNoPathways')}</p>}>
        {(list) => (
          <form
            className="card reports-controls ev-filters"
            onSubmit={(e) => {
              e.preventDefault();
              apply(draft);
            }}
          >
            <div className="row">
              <div>
                <label htmlFor="ev-pathway">{t('pathway')}</label>
                <select id="ev-pathway" value={pathway} onChange={(e) => apply({ ...draft, pathway: e.target.value })}>
                  {list.map((p) => (
                    <option key={p.key} value={p.key}>
                      {pick(p.title)}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="ev-centre">{t('evCentre')}</label>
                <select id="ev-centre" value={draft.centre} onChange={(e) => apply({ ...draft, centre: e.target.value })}>
                  <option value="">{t('evAllCentres')}</option>
                  {(centres.data ?? []).map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
                {centres.error && <LoadError what="loadFailed_centres" error={centres.error} onRetry={centres.reload} />}
              </div>
              <fieldset className="ev-mode">
                <legend>{t('evPeriod')}</legend>
                {MODES.map((m) => (
                  <label key={m} className="ev-radio">
                    <input
                      type="radio"
                      name="ev-mode"
                      value={m}
                      checked={draft.mode === m}
                      onChange={() => (m === 'period' ? setDraft({ ...draft, mode: m }) : apply({ ...draft, mode: m }))}
                    />
                    {t(m === 'sinceGoLive' ? 'evModeSinceGoLive' : m === 'all' ? 'evModeAll' : 'evModePeriod')}
                  </label>
                ))}
              </fieldset>
              {draft.mode === 'period' && (
                <>
                  <div>
                    <label htmlFor="ev-from">{t('evFrom')}</label>
                    <input
                      id="ev-from"
                      type="date"
                      required
                      value={draft.from}
                      onChange={(e) => setDraft({ ...draft, from: e.target.value })}
                    />
                  </div>
                  <div>
                    <label htmlFor="ev-to">{t('evTo')}</label>
                    <input
                      id="ev-to"
                      type="date"
                      required
                      min={draft.from}
                      value={draft.to}
                      onChange={(e) => setDraft({ ...draft, to: e.target.value })}
                    />
                  </div>
                  <button className="primary" type="submit">
                    {t('report_run')}
                  </button>
                </>
              )}
            </div>
            <div className="row">
              <div>
                <label htmlFor="ev-csv-style">{t('evCsvStyle')}</label>
                <select id="ev-csv-style" value={csvStyle} onChange={(e) => setCsvStyle(e.target.value as 'excel-sv' | 'rfc4180')}>
                  <option value="excel-sv">{t('evCsvExcel')}</option>
                  <option value="rfc4180">{t('evCsvRfc')}</option>
                </select>
              </div>
              <button className="secondary" type="button" disabled={!pathway} onClick={() => void download('csv')}>
                {t('evDownloadCsv')}
              </button>
              <button className="secondary" type="button" disabled={!pathway} onClick={() => void download('json')}>
                {t('evDownloadJson')}
              </button>
            </div>
          </form>
        )}
      </Loaded>
      <ErrorBox error={error} />
      {pathway && (
        <Loaded
          load={result}
          failed="evLoadFailed"
          empty={
            <p className="muted card" data-testid="evaluation-empty">
              {t('evEmpty')}
            </p>
          }
          isEmpty={(r) => !r || r.total.casesSent === 0}
        >
          {(r) => r && <EvaluationView result={r} lang={lang} />}
        </Loaded>
      )}
    </section>
  );
}
