import type { User } from '../api';
import { FederationAdmin } from './FederationAdmin';
import { ReferralQueue } from './ReferralQueue';
import { Referrer } from './Referrer';

/** `#/referrals`: referrals between regions on their own installations, as the caller's role uses them (issue 21). */
export function Referrals({ user }: { user: User }) {
  if (user.role === 'admin') return <FederationAdmin />;
  return (
    <>
      {user.role === 'specialist' && <ReferralQueue />}
      <Referrer user={user} />
    </>
  );
}
