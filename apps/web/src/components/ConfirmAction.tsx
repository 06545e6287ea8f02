import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ApiFailure } from '../api';
import { type Key, useT } from '../i18n';
import './actions.css';

/** Server messages the actions meet most, said in the user's language (the rest are shown as the server wrote them). */
const KNOWN_MESSAGES: Array<[RegExp, Key]> = [
  [/^The booking is (already )?cancelled/, 'err_bookingCancelled'],
  [/^The slot is already booked/, 'err_slotBooked'],
  [/^The slot has already started/, 'err_slotStarted'],
  [/^The slot's session is cancelled/, 'err_sessionCancelled'],
  [/^The session is already cancelled/, 'err_sessionCancelled'],
  [/^The visit is \w+/, 'err_visitStarted'],
  [/^You cannot deactivate yourself/, 'err_deactivateSelf'],
  [/^The booking is already in that slot/, 'err_sameSlot'],
  [/^The case is already booked/, 'err_caseBooked'],
  [/capacity for that week is used up/, 'err_capacity'],
  [/^Nothing to schedule/, 'err_nothingToSchedule'],
  [/overlaps another session/, 'err_sessionOverlap'],
];

/** Field names of the actions' requests, in words. */
const FIELDS: Record<string, Key> = {
  reason: 'reason',
  slotId: 'newTime',
  nurseId: 'nurseOnDuty',
  roomId: 'room',
  specialistId: 'specialist',
  healthCentreId: 'centre',
  start: 'start',
  end: 'end',
  to: 'end',
  pathwayKey: 'pathway',
  category: 'category',
};

/**
 * Why an action failed, in words: what could not be done (`failed`), then why (no contact, no right, gone,
 * changed meanwhile, a field to correct, too many changes, a server error), naming the field.
 */
export function ActionError({ failed, error }: { failed: Key; error: unknown }) {
  const { t } = useT();
  if (!error) return null;
  let why: ReactNode;
  if (!(error instanceof ApiFailure)) why = t('loadNoContact');
  else {
    const known = KNOWN_MESSAGES.find(([re]) => re.test(error.message));
    const own = known ? t(known[1]) : null;
    const general =
      error.status === 401 || error.status === 403
        ? t('err_forbidden')
        : error.status === 404
          ? t('err_gone')
          : error.status === 409
            ? t('err_conflict')
            : error.status === 429
              ? t('err_tooMany')
              : error.status >= 500
                ? t('loadServerError')
                : t('err_checkFields');
    why = (
      <>
        {own ?? general}
        {!own && error.status < 500 && error.message && (
          <>
            {' '}
            <span className="muted" lang="en">
              ({error.message})
            </span>
          </>
        )}
        {error.details.length > 0 && (
          <ul>
            {error.details.map((d) => (
              <li key={`${d.field}-${d.reason}`}>
                <strong>{FIELDS[d.field] ? t(FIELDS[d.field]) : d.field}</strong>: <span lang="en">{d.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  return (
    <div className="error" role="alert" data-testid="action-error">
      <strong>{t(failed)}</strong> {why}
    </div>
  );
}

/**
 * A button whose action is confirmed first, in place: the question, a reason where one is asked for, other
 * fields (`children`), then "yes" or "no". The focus goes to the question when it opens and back to the
 * button when it closes; a failure stays beside it in words (`ActionError`).
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  failed,
  run,
  onDone,
  onOpen,
  reason,
  children,
  ready = true,
  danger = false,
  className = 'link',
  testId,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  failed: Key;
  run: (reason: string) => Promise<unknown>;
  onDone?: () => void;
  /** Called when the confirmation opens (e.g. to read the choices it offers). */
  onOpen?: () => void;
  /** Ask for a reason: required (at least 3 characters, as the api asks) or optional. */
  reason?: 'required' | 'optional';
  children?: ReactNode;
  /** Whether the extra fields are filled in enough to confirm. */
  ready?: boolean;
  danger?: boolean;
  className?: string;
  testId?: string;
}) {
  const { t } = useT();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) questionRef.current?.focus();
    else if (wasOpen.current) buttonRef.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const close = () => {
    setOpen(false);
    setText('');
    setError(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run(text.trim());
      close();
      onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (!open) {
    return (
      <button
        ref={buttonRef}
        type="button"
        className={className}
        onClick={() => {
          setOpen(true);
          onOpen?.();
        }}
        data-testid={testId}
      >
        {label}
      </button>
    );
  }
  return (
    <form className="confirm-action" role="group" aria-labelledby={`${id}-q`} onSubmit={submit} data-testid={testId && `${testId}-confirm`}>
      <p id={`${id}-q`} ref={questionRef} tabIndex={-1}>
        <strong>{question}</strong>
      </p>
      {children}
      {reason && (
        <>
          <label htmlFor={`${id}-reason`}>
            {t('reason')}
            {reason === 'optional' && ` (${t('optional')})`}
          </label>
          <input
            id={`${id}-reason`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            required={reason === 'required'}
            minLength={reason === 'required' ? 3 : undefined}
            maxLength={2000}
          />
        </>
      )}
      <div className="row">
        <button className={danger ? 'danger' : 'primary'} disabled={busy || !ready}>
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={close}>
          {t('cancel')}
        </button>
      </div>
      <ActionError failed={failed} error={error} />
    </form>
  );
}
