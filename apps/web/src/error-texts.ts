// Relative, not @libs: the server's tests import this file too (test/error-codes).
import type { DetailCode, ErrorCode } from '../../../libs/common/src/error-codes';

type Words = { sv: string; en: string };
type Params = Record<string, string | number | boolean | undefined>;

/**
 * What each error code says to the user, in Swedish and English (issue 16, #4). A Record over the
 * server's list: a code the server may answer without words here fails the build.
 */
export const ERROR_TEXTS: Record<ErrorCode, Words> = {
  bad_request: { sv: 'Förfrågan kunde inte tolkas.', en: 'The request could not be understood.' },
  unauthorized: { sv: 'Du behöver logga in igen.', en: 'Please sign in again.' },
  forbidden: { sv: 'Du har inte behörighet till detta.', en: 'You do not have access to this.' },
  not_found: { sv: 'Det du söker finns inte, eller så har du inte tillgång till det.', en: 'Not found, or not yours to see.' },
  method_not_allowed: { sv: 'Åtgärden stöds inte.', en: 'The action is not supported.' },
  conflict: {
    sv: 'Ändringen krockar med något som redan finns. Ladda om och försök igen.',
    en: 'The change conflicts with existing data. Reload and try again.',
  },
  gone: { sv: 'Det finns inte längre.', en: 'It is no longer available.' },
  precondition_failed: {
    sv: 'Någon annan har ändrat detta under tiden. Ladda om och gör om din ändring.',
    en: 'Someone else changed this meanwhile. Reload and make your change again.',
  },
  payload_too_large: { sv: 'Det som skickades är för stort.', en: 'What was sent is too large.' },
  uri_too_long: { sv: 'Adressen är för lång.', en: 'The address is too long.' },
  unsupported_media_type: { sv: 'Formatet stöds inte.', en: 'The format is not supported.' },
  invalid: { sv: 'Uppgifterna kunde inte godtas.', en: 'The information could not be accepted.' },
  precondition_required: { sv: 'Ladda om sidan och försök igen.', en: 'Reload the page and try again.' },
  too_many_requests: { sv: 'För många försök. Vänta en stund och försök igen.', en: 'Too many attempts. Wait a moment and try again.' },
  internal: {
    sv: 'Något gick fel hos oss. Försök igen; kvarstår felet, kontakta support.',
    en: 'Something went wrong on our side. Try again; if it persists, contact support.',
  },
  bad_gateway: {
    sv: 'En tjänst vi är beroende av svarade inte. Försök igen om en stund.',
    en: 'A service we depend on did not answer. Try again shortly.',
  },
  unavailable: {
    sv: 'Tjänsten är inte tillgänglig just nu. Försök igen om en stund.',
    en: 'The service is unavailable right now. Try again shortly.',
  },
  malformed_json: { sv: 'Det som skickades kunde inte läsas.', en: 'What was sent could not be read.' },
  invalid_body: { sv: 'Några uppgifter saknas eller är felaktiga.', en: 'Some information is missing or wrong.' },
  text_not_storable: { sv: 'Texten innehåller tecken som inte kan sparas.', en: 'The text contains characters that cannot be stored.' },
  password_login_off: {
    sv: 'Inloggning med lösenord är avstängd. Logga in med SITHS-kort.',
    en: 'Password sign-in is switched off. Sign in with your SITHS card.',
  },
  idp_unavailable: {
    sv: 'Inloggningstjänsten svarar inte just nu. Försök igen om en stund.',
    en: 'The sign-in service does not answer right now. Try again shortly.',
  },
  sign_in_throttled: { sv: 'För många misslyckade inloggningar. Vänta en stund.', en: 'Too many failed sign-ins. Please wait a while.' },
  no_draft: { sv: 'Flödet har inget utkast.', en: 'The pathway has no draft.' },
  draft_open: { sv: 'Det finns redan ett öppet utkast.', en: 'A draft is already open.' },
  draft_changed: { sv: 'Utkastet har ändrats sedan du öppnade det. Ladda om.', en: 'The draft changed since you opened it. Reload.' },
  no_reviewers: {
    sv: 'Regionen har ingen granskare utsedd. En administratör lägger till granskare.',
    en: 'The region names no reviewers. An administrator adds them.',
  },
  not_submitted: { sv: 'Utkastet är inte skickat för granskning.', en: 'The draft has not been submitted for review.' },
  not_approved: {
    sv: 'Utkastet måste godkännas av en granskare innan det publiceras.',
    en: 'A reviewer must approve the draft before it is published.',
  },
  changed_since_approval: {
    sv: 'Utkastet har ändrats efter godkännandet och måste granskas igen.',
    en: 'The draft changed after approval and must be reviewed again.',
  },
  already_submitted: { sv: 'Utkastet är redan skickat för granskning.', en: 'The draft is already submitted for review.' },
  already_approved: { sv: 'Utkastet är redan godkänt.', en: 'The draft is already approved.' },
  already_editing: { sv: 'Utkastet håller redan på att redigeras.', en: 'The draft is already being edited.' },
  already_rejected: { sv: 'Utkastet är redan återsänt.', en: 'The draft has already been sent back.' },
  open_case_exists: {
    sv: 'Patienten har redan ett öppet ärende i detta flöde.',
    en: 'The patient already has an open case in this pathway.',
  },
  pathway_not_usable: {
    sv: 'Du kan inte bedöma patienter i detta flöde på din hälsocentral ännu.',
    en: 'You cannot triage on this pathway at your health centre yet.',
  },
  slot_taken: { sv: 'Tiden är redan bokad. Välj en annan tid.', en: 'The time is already booked. Choose another time.' },
  case_already_booked: { sv: 'Ärendet har redan en bokad tid.', en: 'The case already has a booked time.' },
  case_not_awaiting_booking: { sv: 'Ärendet väntar inte på bokning.', en: 'The case is not waiting for a booking.' },
  agreement_capacity_used: { sv: 'Avtalets tid för den veckan är fullbokad.', en: "The agreement's time for that week is fully booked." },
  agreement_not_for_pathway: {
    sv: 'Mottagningen gäller ett avtal som inte omfattar detta flöde.',
    en: 'The session is under an agreement that does not cover this pathway.',
  },
  agreement_no_longer_covers: { sv: 'Avtalet omfattar inte längre denna mottagning.', en: 'The agreement no longer covers this session.' },
  session_overlaps_room: {
    sv: 'Videorummet är redan bokat för en annan mottagning då.',
    en: 'The video room is already used by another session then.',
  },
  session_overlaps_specialist: { sv: 'Specialisten har redan en mottagning då.', en: 'The specialist already has a session then.' },
  session_cancelled: { sv: 'Mottagningen är inställd.', en: 'The session is cancelled.' },
  slot_other_specialty: {
    sv: 'Tiden är hos en specialist inom en annan specialitet än ärendets.',
    en: "The time is with a specialist of another specialty than the case's.",
  },
  slot_started: { sv: 'Tiden har redan börjat.', en: 'The time has already started.' },
  booking_cancelled: { sv: 'Bokningen är redan avbokad.', en: 'The booking is already cancelled.' },
  visit_not_changeable: {
    sv: 'Besöket har redan börjat eller är avslutat och kan inte ändras.',
    en: 'The visit has started or ended and cannot be changed.',
  },
  link_expired: { sv: 'Länken har gått ut.', en: 'The link has expired.' },
  malformed: {
    sv: 'Meddelandet från den andra installationen kunde inte läsas.',
    en: "The other installation's message could not be read.",
  },
  unknown_sender: { sv: 'Avsändaren är inte en registrerad partner.', en: 'The sender is not a registered partner.' },
  unknown_key: { sv: 'Meddelandet är signerat med en okänd nyckel.', en: 'The message is signed with an unknown key.' },
  signature: { sv: 'Meddelandets signatur stämmer inte.', en: "The message's signature does not match." },
  stale: { sv: 'Meddelandet är för gammalt.', en: 'The message is too old.' },
  future: { sv: 'Meddelandet är daterat i framtiden.', en: 'The message is dated in the future.' },
  audience: { sv: 'Meddelandet är adresserat till en annan installation.', en: 'The message is addressed to another installation.' },
  duplicate: { sv: 'Meddelandet har redan tagits emot.', en: 'The message was already received.' },
  out_of_order: { sv: 'Meddelandet kom i fel ordning.', en: 'The message arrived out of order.' },
  referral_exists: { sv: 'Remissen finns redan.', en: 'The referral already exists.' },
  unknown_referral: { sv: 'Remissen är okänd.', en: 'The referral is unknown.' },
  invalid_bundle: { sv: 'Remissen har fel format.', en: 'The referral has the wrong format.' },
  invalid_news: { sv: 'Meddelandet om tjänsteutbudet har fel format.', en: 'The service news has the wrong format.' },
  no_referral: { sv: 'Meddelandet saknar remiss.', en: 'The message carries no referral.' },
  service_closed: { sv: 'Tjänsten tar inte emot remisser just nu.', en: 'The service does not accept referrals now.' },
  unknown_service: { sv: 'Tjänsten finns inte.', en: 'The service does not exist.' },
};

const s = (v: Params[string]) => String(v ?? '');

/** What each field problem says, with its parameters (a limit, the allowed values). */
export const DETAIL_TEXTS: Record<DetailCode, (p: Params) => Words> = {
  required: (p) =>
    p.changesOutcome
      ? { sv: 'måste besvaras: svaret kan ändra bedömningen', en: 'must be answered: the answer can change the outcome' }
      : { sv: 'måste fyllas i', en: 'is required' },
  unknown_field: () => ({ sv: 'är inte en känd uppgift', en: 'is not a known field' }),
  invalid_type: (p) => ({
    sv: `har fel typ${p.expected ? ` (ska vara ${typeWords(p.expected).sv})` : ''}`,
    en: `has the wrong type${p.expected ? ` (must be ${typeWords(p.expected).en})` : ''}`,
  }),
  too_small: (p) => ({ sv: `måste vara minst ${s(p.limit)}`, en: `must be at least ${s(p.limit)}` }),
  too_big: (p) => ({ sv: `får vara högst ${s(p.limit)}`, en: `must be at most ${s(p.limit)}` }),
  too_long: (p) => ({ sv: `får vara högst ${s(p.limit)} tecken`, en: `must be at most ${s(p.limit)} characters` }),
  too_short: (p) => ({ sv: `måste vara minst ${s(p.limit)} tecken`, en: `must be at least ${s(p.limit)} characters` }),
  not_integer: () => ({ sv: 'måste vara ett heltal', en: 'must be a whole number' }),
  invalid_format: (p) => ({
    sv: `har fel format${p.format ? ` (${s(p.format)})` : ''}`,
    en: `has the wrong format${p.format ? ` (${s(p.format)})` : ''}`,
  }),
  invalid_value: () => ({ sv: 'har ett ogiltigt värde', en: 'has an invalid value' }),
  not_in_options: (p) => ({ sv: `måste vara ett av: ${s(p.values)}`, en: `must be one of: ${s(p.values)}` }),
  hidden_question: () => ({
    sv: 'ska inte besvaras: de andra svaren döljer frågan',
    en: 'must not be answered: the other answers hide the question',
  }),
  not_an_object: () => ({ sv: 'har fel form', en: 'has the wrong shape' }),
  duplicate: () => ({ sv: 'finns redan', en: 'already exists' }),
  not_found: () => ({ sv: 'finns inte', en: 'does not exist' }),
  conflict: () => ({ sv: 'krockar med något som redan finns', en: 'conflicts with existing data' }),
  invalid: () => ({ sv: 'är inte giltig', en: 'is not valid' }),
};

function typeWords(expected: Params[string]): Words {
  switch (expected) {
    case 'number':
      return { sv: 'ett tal', en: 'a number' };
    case 'boolean':
      return { sv: 'ja eller nej', en: 'yes or no' };
    case 'string':
      return { sv: 'text', en: 'text' };
    default:
      return { sv: s(expected), en: s(expected) };
  }
}
