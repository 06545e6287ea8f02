import type { PathwayDefinition } from '../api';

/** What the federation routes answer (see docs/api.md, "Between installations"). */
export type ReferralStatus = 'sent' | 'received' | 'accepted' | 'rejected' | 'completion_requested' | 'answered';

export interface Offer {
  partnerId: string;
  partnerName: string;
  serviceId: string;
  regionName: string;
  title: string;
  specialty: string;
  pathwayKey: string;
  form: { version: number; definition: PathwayDefinition } | null;
  turnaroundDays: number;
  pricePerReferral: number;
  currency: string;
  contact: string | null;
  status: 'open' | 'closed';
  partnerReachable: boolean;
}

export interface Referral {
  id: string;
  direction: 'outgoing' | 'incoming';
  partnerName: string;
  serviceTitle: string;
  patient: { id?: string; personnummer: string; name: string; birthDate: string } | null;
  referrer: Record<string, string>;
  answers: Record<string, unknown>;
  status: ReferralStatus;
  statusReason: string | null;
  completionQuestion: string | null;
  completionReply: string | null;
  answer: { summary: string; author: string; answeredAt: string } | null;
  answerReadAt: string | null;
  price: number;
  currency: string;
  sentAt: string;
  waitingForDelivery: number;
}

export interface News {
  id: string;
  partnerName: string;
  serviceTitle: string;
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  createdAt: string;
  readAt: string | null;
}

export function money(n: number, currency: string, lang: 'sv' | 'en'): string {
  return new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { style: 'currency', currency }).format(n);
}
