import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { type Key, useT } from '../i18n';
import { Loaded, LoadError, useLoad } from '../components/useLoad';

const STATES = ['planned', 'training', 'live', 'paused'] as const;

/**
 * The administrator's rollout board (issue 19): a published pathway's state at each health centre of the
 * region, its go-live date and how many of the centre's nurses are trained; one change per click, and the
 * region's pass mark for the training vignettes.
 */
export function Rollout() {
  const { t, pick } = useT();
  const pathwaysLoad = useLoad(() => api<Schemas['PathwaySummary'][]>('GET', '/pathways'), []);
  const published = (pathwaysLoad.data ?? []).filter((p) => p.status === 'published');
  const [key, setKey] = useState('');
  useEffect(() => {
    if (published.length > 0) setKey((k) => k || published[0].key);
  }, [pathwaysLoad.data]);
  const board = useLoad(
    () => (key ? api<Schemas['PathwayRollouts']>('GET', `/pathways/${encodeURIComponent(key)}/rollouts`) : Promise.resolve(null)),
    [key],
  );
  const [error, setError] = useState<unknown>(null);
  const change = async (centre: string, state: string) => {
    setError(null);
    try {
      await api('PUT', `/pathways/${encodeURIComponent(key)}/rollouts/${centre}`, { state });
      board.reload();
    } catch (e) {
      setError(e);
    }
  };
  const setPassShare = async (percent: number) => {
    setError(null);
    try {
      await api('PUT', `/pathways/${encodeURIComponent(key)}/training-settings`, { passShare: percent / 100 });
      board.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" data-testid="rollout-board">
      <h2>{t('rolloutBoard')}</h2>
      <label htmlFor="rollout-pathway">{t('pathway')}</label>
      {/* Without the pathways there is no board: a failure is said, not shown as an empty board. */}
      {pathwaysLoad.error ? (
        <LoadError what="loadFailed_pathways" error={pathwaysLoad.error} onRetry={pathwaysLoad.reload} />
      ) : (
        <select id="rollout-pathway" value={key} onChange={(e) => setKey(e.target.value)}>
          {published.map((p) => (
            <option key={p.key} value={p.key}>
              {pick(p.title)}
            </option>
          ))}
        </select>
      )}
      <ErrorBox error={error} />
      <Loaded load={board} failed="loadFailed_centres">
        {(b) =>
          b && (
            <>
              <p>
                <label htmlFor="pass-mark">{t('trainingPassMark')} (%)</label>{' '}
                <input
                  id="pass-mark"
                  type="number"
                  min={1}
                  max={100}
                  defaultValue={Math.round(b.passShare * 100)}
                  key={`${key}-${b.passShare}`}
                  onBlur={(e) => Number(e.target.value) !== Math.round(b.passShare * 100) && setPassShare(Number(e.target.value))}
                />
              </p>
              <table>
                <thead>
                  <tr>
                    <th>{t('centre')}</th>
                    <th>{t('rolloutState')}</th>
                    <th>{t('rolloutLiveFrom')}</th>
                    <th>{t('rolloutTrained')}</th>
                  </tr>
                </thead>
                <tbody>
                  {b.rollouts.map((r) => (
                    <tr key={r.healthCentreId} data-testid="rollout-row">
                      <td>{r.healthCentreName}</td>
                      <td>
                        <select
                          aria-label={`${t('rolloutState')}: ${r.healthCentreName}`}
                          value={r.state}
                          onChange={(e) => change(r.healthCentreId, e.target.value)}
                        >
                          {STATES.map((s) => (
                            <option key={s} value={s}>
                              {t(`rollout_${s}` as Key)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>{r.liveFrom ?? '–'}</td>
                      <td>
                        {r.trainedNurses} / {r.nurses}
                        {r.refresherDue > 0 && ` · ${r.refresherDue} ${t('rolloutRefresherDue')}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </Loaded>
    </section>
  );
}
