import type { Key } from '../i18n';
import { useT } from '../i18n';
import type { Referral } from './federation-types';

/** The referral's status as both ends show it, and whether a message of it still waits for delivery. */
export function ReferralStatusBadge({ referral }: { referral: Referral }) {
  const { t } = useT();
  return (
    <span data-testid={`referral-status-${referral.id}`} data-status={referral.status}>
      <span className="badge">{t(`fedStatus_${referral.status}` as Key)}</span>
      {referral.waitingForDelivery > 0 && (
        <span className="badge warn" title={t('fedWaiting')}>
          {' '}
          {t('fedWaiting')}
        </span>
      )}
    </span>
  );
}
