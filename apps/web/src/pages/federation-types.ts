import type { PathwayDefinition, Schemas } from '../api';

/** What the federation routes answer (docs/api.md, "Between installations"), as generated from the OpenAPI document. */
export type Referral = Schemas['FederatedReferral'];
export type ReferralStatus = Referral['status'];
export type News = Schemas['PartnerNews'];
/** A partner's offered service; its form's definition is the partner's pathway (data to the contract, read as one here). */
export type Offer = Omit<Schemas['PartnerOffer'], 'form'> & { form: { version: number; definition: PathwayDefinition } | null };

export function money(n: number, currency: string, lang: 'sv' | 'en'): string {
  return new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { style: 'currency', currency }).format(n);
}
