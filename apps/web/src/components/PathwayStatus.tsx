import type { Schemas } from '../api';
import { type Key, useT } from '../i18n';

/** What the status reads of a pathway of GET /my-pathways. */
type NursePathway = Pick<Schemas['MyPathway'], 'key' | 'state' | 'trained' | 'usable' | 'refresherDue'>;

/**
 * Issue 19: why the nurse cannot send cases on the chosen pathway yet (each missing thing named: not live at her
 * centre, in which state; not trained), or that a refresher is due (she may still send), with the way to the training.
 */
export function PathwayStatus({ pathway }: { pathway?: NursePathway }) {
  const { t } = useT();
  if (!pathway || (pathway.usable && !pathway.refresherDue)) return null;
  const why = pathway.usable
    ? [t('refresherDue')]
    : [
        t('pathwayWhyLead'),
        ...(pathway.state !== 'live' ? [t('pathwayWhyNotLive').replace('{state}', t(`rollout_${pathway.state}` as Key))] : []),
        ...(pathway.trained ? [] : [t('pathwayWhyNotTrained')]),
      ];
  return (
    <p role="status" className="muted" data-testid="pathway-status">
      {why.join(' ')}{' '}
      {(!pathway.trained || pathway.refresherDue) && <a href={`#/training/${encodeURIComponent(pathway.key)}`}>{t('startTraining')}</a>}
    </p>
  );
}
