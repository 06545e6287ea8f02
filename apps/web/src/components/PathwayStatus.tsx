import { useT } from '../i18n';

/** Issue 19: why the nurse cannot send cases on the chosen pathway yet, or that a refresher is due, with the way to the training. */
export function PathwayStatus({ pathway }: { pathway?: { key: string; state: string; trained: boolean; usable: boolean; refresherDue: boolean } }) {
  const { t } = useT();
  if (!pathway || (pathway.usable && !pathway.refresherDue)) return null;
  return (
    <p role="status" className="muted" data-testid="pathway-status">
      {t(pathway.usable ? 'refresherDue' : 'pathwayNotUsable')}{' '}
      {(!pathway.trained || pathway.refresherDue) && <a href={`#/training/${encodeURIComponent(pathway.key)}`}>{t('startTraining')}</a>}
    </p>
  );
}
