/**
 * The referral's status machine, the same at both ends: every step but `complete` is taken by the
 * receiving installation (and sent back as a message); `complete` (the referrer's answer to a
 * completion request) by the referring one. The database trigger `federation_referral_transition`
 * refuses the same steps.
 */
export const REFERRAL_STATUSES = ['sent', 'received', 'accepted', 'rejected', 'completion_requested', 'answered'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export type ResumeStatus = 'received' | 'accepted';

export const RECEIVER_EVENTS = ['received', 'accept', 'reject', 'request-completion', 'answer'] as const;
export type ReceiverEvent = (typeof RECEIVER_EVENTS)[number];
export type ReferralEvent = ReceiverEvent | 'complete';

export type Step = { ok: true; status: ReferralStatus; resume: ResumeStatus | null } | { ok: false; reason: string };

export function step(current: ReferralStatus, event: ReferralEvent, resume: ResumeStatus | null): Step {
  const refuse = (): Step => ({ ok: false, reason: `a referral that is ${current} cannot take the step ${event}` });
  switch (event) {
    case 'received':
      return current === 'sent' ? { ok: true, status: 'received', resume: null } : refuse();
    case 'accept':
      return current === 'received' ? { ok: true, status: 'accepted', resume: null } : refuse();
    case 'reject':
      return current === 'received' ? { ok: true, status: 'rejected', resume: null } : refuse();
    case 'request-completion':
      // Asked before or after accepting: the referral goes back there once the referrer has completed it.
      return current === 'received' || current === 'accepted' ? { ok: true, status: 'completion_requested', resume: current } : refuse();
    case 'complete':
      return current === 'completion_requested' ? { ok: true, status: resume ?? 'received', resume: null } : refuse();
    case 'answer':
      return current === 'accepted' ? { ok: true, status: 'answered', resume: null } : refuse();
  }
}

/** Steps a person may take at each end (the `received` receipt is sent by the installation itself). */
export function canTake(direction: 'outgoing' | 'incoming', event: ReferralEvent): boolean {
  return direction === 'outgoing' ? event === 'complete' : event !== 'complete' && event !== 'received';
}
