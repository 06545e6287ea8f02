import { useState } from 'react';
import { api, type HealthCentre, type PathwayDefinition, type QueueItem, type QueuePage, type Schemas, type Slot, type Text } from '../api';
import { formatDate, formatDateTime, type Key, useT } from '../i18n';
import { ActionError, ConfirmAction } from './ConfirmAction';
import { useLoad } from './useLoad';
import './actions.css';

type Plan = Schemas['AutoScheduleResult'];

interface Details {
  cases: Map<string, QueueItem>;
  slots: Map<string, Slot>;
  centres: Map<string, string>;
  categories: Map<string, string>;
}

const WEEKS = 12;

/**
 * The optimiser's proposal (issue 17): the pathway chosen from the region's published pathways, the proposal
 * listed patient by patient (who goes to which time, at which centre, with which specialist) and those left
 * without a time and why; booked only on a confirmation. The names come from the queue (an audited read).
 */
export function AutoSchedule({ onBooked }: { onBooked?: () => void }) {
  const { t, lang, pick } = useT();
  const pathways = useLoad(async () => {
    const list = await api<Schemas['PathwaySummary'][]>('GET', '/pathways');
    return list.filter((p, i) => p.status === 'published' && list.findIndex((x) => x.key === p.key && x.status === 'published') === i);
  }, []);
  const [chosen, setChosen] = useState('');
  const pathwayKey = chosen || pathways.data?.[0]?.key || '';
  const [plan, setPlan] = useState<Plan | null>(null);
  const [details, setDetails] = useState<Details | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const range = () => ({ from: new Date().toISOString(), to: new Date(Date.now() + WEEKS * 7 * 86_400_000).toISOString() });

  const propose = async () => {
    setError(null);
    setPlan(null);
    setDetails(null);
    setBusy(true);
    try {
      const { from, to } = range();
      const result = await api<Plan>('POST', '/scheduling/auto', { pathwayKey, from, to, dryRun: true });
      setDetails(await detailsOf(pathwayKey, result, pick));
      setPlan(result);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const book = async () => {
    const { from, to } = range();
    const result = await api<Plan>('POST', '/scheduling/auto', { pathwayKey, from, to, dryRun: false });
    setPlan(result);
    onBooked?.();
  };
  const reasons: Record<string, Key> = {
    capacity: 'unassigned_capacity',
    outranked: 'unassigned_outranked',
    conflict: 'unassigned_conflict',
  };
  const reasonKey = (r: string): Key => reasons[r] ?? 'unassigned_noSlot';
  const who = (caseId: string) => {
    const c = details?.cases.get(caseId);
    if (!c) return t('caseNotInQueue');
    // The queue names the patient by her date of birth beside her name (it sends no personnummer).
    return `${c.patient.name}, ${t('born')} ${formatDate(`${c.patient.birthDate}T12:00:00Z`, lang)}`;
  };
  return (
    <section className="card" aria-labelledby="auto-title" data-testid="auto-schedule">
      <h2 id="auto-title">{t('autoSchedule')}</h2>
      <p className="muted">{t('autoScheduleHelp')}</p>
      <div className="row">
        <div>
          <label htmlFor="auto-pathway">{t('pathway')}</label>
          <select
            id="auto-pathway"
            value={pathwayKey}
            onChange={(e) => {
              setChosen(e.target.value);
              setPlan(null);
            }}
          >
            {(pathways.data ?? []).map((p) => (
              <option key={p.key} value={p.key}>
                {pick(p.title)}
              </option>
            ))}
          </select>
        </div>
        <button className="secondary" onClick={() => void propose()} disabled={!pathwayKey || busy}>
          {t('proposal')}
        </button>
      </div>
      {pathways.error && <ActionError failed="loadFailed_pathways" error={pathways.error} />}
      <ActionError failed="actionFailed_proposal" error={error} />
      {busy && (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      )}
      {plan && details && (
        <>
          <p role="status" data-testid="auto-summary">
            {plan.dryRun ? t('proposalSummary') : t('bookedSummary')}: {plan.assignments.length} · {t('unassignedCases')}:{' '}
            {plan.unassigned.length} · {t('overdue')}: {plan.metrics.overdue}
          </p>
          {plan.assignments.length > 0 && (
            <table className="proposal-table stack-table" data-testid="proposal">
              <caption className="sr-only">{plan.dryRun ? t('proposalSummary') : t('bookedSummary')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('patient')}</th>
                  <th scope="col">{t('category')}</th>
                  <th scope="col">{t('time')}</th>
                  <th scope="col">{t('centre')}</th>
                  <th scope="col">{t('specialist')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.assignments.map((a) => {
                  const c = details.cases.get(a.caseId);
                  const slot = details.slots.get(a.slotId);
                  return (
                    <tr key={a.caseId} data-case={a.caseId}>
                      <td data-label={t('patient')}>{who(a.caseId)}</td>
                      <td data-label={t('category')}>{c ? (details.categories.get(c.category) ?? c.category) : ''}</td>
                      <td data-label={t('time')}>{a.start ? formatDateTime(a.start, lang) : ''}</td>
                      <td data-label={t('centre')}>
                        {slot ? (details.centres.get(slot.healthCentreId) ?? '') : ''}
                        {c && slot && slot.healthCentreId !== c.healthCentre.id && (
                          <div className="muted">
                            {t('travelsFrom')} {c.healthCentre.name}
                          </div>
                        )}
                      </td>
                      <td data-label={t('specialist')}>{slot?.specialist.displayName ?? ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {plan.unassigned.length > 0 && (
            <>
              <h3>{t('unassignedCases')}</h3>
              <ul data-testid="unassigned">
                {plan.unassigned.map((u) => (
                  <li key={u.caseId}>
                    {who(u.caseId)}: {t(reasonKey(u.reason))}
                  </li>
                ))}
              </ul>
            </>
          )}
          {plan.dryRun && plan.assignments.length > 0 && (
            <ConfirmAction
              label={t('applySchedule')}
              className="primary"
              question={`${t('applyScheduleQuestion')}: ${plan.assignments.length}`}
              confirmLabel={t('applyScheduleConfirm')}
              failed="actionFailed_applySchedule"
              run={book}
              testId="apply-schedule"
            />
          )}
        </>
      )}
    </section>
  );
}

/** Who and where, for the proposal's rows: the pathway's queue (all of it), the proposed times, the centres. */
async function detailsOf(pathwayKey: string, plan: Plan, pick: (t: Text | undefined) => string): Promise<Details> {
  const items: QueueItem[] = [];
  for (let offset = 0; ; offset += 500) {
    const q = new URLSearchParams({ pathwayKey, limit: '500', offset: String(offset) });
    const page = await api<QueuePage>('GET', `/queue?${q}`);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) break;
  }
  // The server names each proposed slot's start (its schema allows none: such a row adds no time to read).
  const starts = plan.assignments.flatMap((a) => (a.start ? [Date.parse(a.start)] : []));
  // The times from the first proposed to the last (the list answers at most 500).
  const range = { from: new Date(Math.min(...starts)).toISOString(), to: new Date(Math.max(...starts) + 60_000).toISOString() };
  const [slots, centres, definition] = await Promise.all([
    starts.length > 0 ? api<Slot[]>('GET', `/slots?${new URLSearchParams(range)}`) : Promise.resolve([] as Slot[]),
    api<HealthCentre[]>('GET', '/health-centres'),
    api<PathwayDefinition>('GET', `/pathways/${pathwayKey}`),
  ]);
  return {
    cases: new Map(items.map((i) => [i.caseId, i])),
    slots: new Map(slots.map((s) => [s.id, s])),
    centres: new Map(centres.map((c) => [c.id, c.name])),
    categories: new Map(definition.categories.map((c) => [c.key, pick(c.label)])),
  };
}
