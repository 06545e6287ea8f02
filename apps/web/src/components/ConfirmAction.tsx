import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { DetailCode, ErrorCode } from '@libs/common/src/error-codes';
import { ApiFailure } from '../api';
import { DETAIL_TEXTS, ERROR_TEXTS } from '../error-texts';
import { type Key, useT } from '../i18n';
import './actions.css';

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

type Detail = { field: string; reason: string; code?: DetailCode; params?: Record<string, string | number | boolean> };

/**
 * Why an action failed, in words: what could not be done (`failed`), then why: the server's code worded in the
 * user's language (apps/web/src/error-texts.ts), or by status when it names none, or no contact; each field
 * named as the form names it. English readers also see the server's own text.
 */
export function ActionError({ failed, error }: { failed: Key; error: unknown }) {
  const { t, lang } = useT();
  if (!error) return null;
  let why: ReactNode;
  if (!(error instanceof ApiFailure)) why = t('loadNoContact');
  else {
    const code = error.body?.code as ErrorCode | undefined;
    const byStatus: Key =
      error.status === 401 || error.status === 403
        ? 'err_forbidden'
        : error.status === 404
          ? 'err_gone'
          : error.status === 409
            ? 'err_conflict'
            : error.status === 429
              ? 'err_tooMany'
              : error.status >= 500
                ? 'loadServerError'
                : 'err_checkFields';
    const worded = code && ERROR_TEXTS[code] ? ERROR_TEXTS[code][lang] : t(byStatus);
    const details = error.details as Detail[];
    why = (
      <>
        <span data-code={code}>{worded}</span>
        {lang === 'en' && error.status < 500 && error.message && error.message !== worded && (
          <span className="muted"> ({error.message})</span>
        )}
        {details.length > 0 && (
          <ul>
            {details.map((d) => {
              const words = d.code && DETAIL_TEXTS[d.code] ? DETAIL_TEXTS[d.code](d.params ?? {})[lang] : d.reason;
              return (
                <li key={`${d.field}-${d.reason}`}>
                  <strong>{FIELDS[d.field] ? t(FIELDS[d.field]) : d.field}</strong>: {words}
                </li>
              );
            })}
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
