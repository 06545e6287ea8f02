/**
 * Every `code` an error body may carry (issue 16, #4), by the module that raises it. The web client
 * holds Swedish and English text for each (apps/web/src/error-texts.ts, a Record over this list, so a
 * code without text fails the build). Pure data: the web client imports this file too.
 */
export const ERROR_CODES = {
  /** Answered by status when a refusal names nothing more specific. */
  common: [
    'bad_request',
    'unauthorized',
    'forbidden',
    'not_found',
    'method_not_allowed',
    'conflict',
    'gone',
    'precondition_failed',
    'payload_too_large',
    'uri_too_long',
    'unsupported_media_type',
    'invalid',
    'precondition_required',
    'too_many_requests',
    'internal',
    'bad_gateway',
    'unavailable',
    'malformed_json',
    'invalid_body',
    'text_not_storable',
  ],
  identity: ['password_login_off', 'idp_unavailable', 'sign_in_throttled'],
  pathways: [
    'no_draft',
    'draft_open',
    'draft_changed',
    'no_reviewers',
    'not_submitted',
    'not_approved',
    'changed_since_approval',
    'already_submitted',
    'already_approved',
    'already_editing',
    'already_rejected',
  ],
  triage: ['open_case_exists', 'pathway_not_usable'],
  scheduling: [
    'slot_taken',
    'case_already_booked',
    'case_not_awaiting_booking',
    'agreement_capacity_used',
    'agreement_not_for_pathway',
    'agreement_no_longer_covers',
    'session_overlaps_room',
    'session_overlaps_specialist',
    'session_cancelled',
    'slot_started',
    'slot_other_specialty',
    'booking_cancelled',
    'visit_not_changeable',
    'link_expired',
  ],
  federation: [
    'malformed',
    'unknown_sender',
    'unknown_key',
    'signature',
    'stale',
    'future',
    'audience',
    'duplicate',
    'out_of_order',
    'referral_exists',
    'unknown_referral',
    'invalid_bundle',
    'invalid_news',
    'no_referral',
    'service_closed',
    'unknown_service',
  ],
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES][number];

const ALL_CODES = new Set<string>(Object.values(ERROR_CODES).flat());

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && ALL_CODES.has(code);
}

/** The code of a refusal that names nothing more specific, by its HTTP status. */
export function codeOfStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
    410: 'gone',
    412: 'precondition_failed',
    413: 'payload_too_large',
    414: 'uri_too_long',
    415: 'unsupported_media_type',
    422: 'invalid',
    428: 'precondition_required',
    429: 'too_many_requests',
    502: 'bad_gateway',
    503: 'unavailable',
  };
  return byStatus[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}

/**
 * Why one field was refused: each detail of an error carries one, with its parameters (a limit, the
 * expected type, the allowed values), so the client words it in the user's language.
 */
export const DETAIL_CODES = [
  'required',
  'unknown_field',
  'invalid_type',
  'too_small',
  'too_big',
  'too_long',
  'too_short',
  'not_integer',
  'invalid_format',
  'invalid_value',
  'not_in_options',
  'hidden_question',
  'not_an_object',
  'duplicate',
  'not_found',
  'conflict',
  'invalid',
] as const;

export type DetailCode = (typeof DETAIL_CODES)[number];

/**
 * Named database constraints and what their violation means to a caller: the one table from an
 * invariant the database holds to the code, status and field of the refusal.
 */
export const CONSTRAINT_ERRORS: Record<string, { status: number; code: ErrorCode; field?: string; message: string }> = {
  booking_one_per_slot: { status: 409, code: 'slot_taken', field: 'slotId', message: 'The slot is already booked' },
  booking_one_per_case: { status: 409, code: 'case_already_booked', field: 'caseId', message: 'The case is already booked' },
  agreement_weekly_capacity: {
    status: 409,
    code: 'agreement_capacity_used',
    field: 'slotId',
    message: "The agreement's capacity for that week is used up",
  },
  agreement_pathway: {
    status: 422,
    code: 'agreement_not_for_pathway',
    field: 'slotId',
    message: 'The slot is planned under an agreement that does not cover this pathway',
  },
  clinic_session_agreement: {
    status: 422,
    code: 'agreement_no_longer_covers',
    field: 'specialistId',
    message: 'The agreement no longer covers this session',
  },
  clinic_session_room_no_overlap: {
    status: 409,
    code: 'session_overlaps_room',
    field: 'roomId',
    message: 'The session overlaps another session of the video room',
  },
  clinic_session_specialist_no_overlap: {
    status: 409,
    code: 'session_overlaps_specialist',
    field: 'specialistId',
    message: 'The session overlaps another session of the specialist',
  },
  triage_case_one_open: {
    status: 409,
    code: 'open_case_exists',
    field: 'patientId',
    message: 'The patient already has an open case on this pathway',
  },
};
