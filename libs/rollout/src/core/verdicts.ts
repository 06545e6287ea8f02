/**
 * What the specialist says of the triage in her answer (issue 19, #4): the one list the api validates,
 * the evaluation counts and the web's answer form offers.
 */
export const TRIAGE_VERDICTS = [
  'appropriate',
  'should_have_stayed_in_primary_care',
  'should_have_been_more_urgent',
  'should_have_been_less_urgent',
] as const;
export type TriageVerdict = (typeof TRIAGE_VERDICTS)[number];
