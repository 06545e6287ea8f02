import { type KeyboardEvent, type ReactNode, useRef } from 'react';
import type { DetailCode, ErrorCode } from '@libs/common/src/error-codes';
import { type ApiFailure } from '../api';
import { DETAIL_TEXTS, ERROR_TEXTS } from '../error-texts';
import { useT } from '../i18n';

type Detail = { field: string; reason: string; code?: DetailCode; params?: Record<string, string | number | boolean> };

/**
 * An error in the user's language: the server's `code` and each detail's code are worded here (issue 16, #4);
 * the server's English text is shown only to English readers, as the specifics. `fieldLabel` names a field
 * as the screen does (a question's label rather than `answers.fever`).
 */
export function ErrorBox({ error, fieldLabel }: { error: unknown; fieldLabel?: (field: string) => string | undefined }) {
  const { t, lang } = useT();
  if (!error) return null;
  const e = error as ApiFailure;
  const code = e.body?.code as ErrorCode | undefined;
  const worded = code && ERROR_TEXTS[code] ? ERROR_TEXTS[code][lang] : undefined;
  const details = (e.details ?? []) as Detail[];
  return (
    <div className="error" role="alert" data-code={code}>
      <strong>{t('error')}:</strong> {worded ?? e.message}
      {worded && lang === 'en' && e.message && e.message !== worded ? <span className="muted"> ({e.message})</span> : null}
      {details.length ? (
        <ul>
          {details.map((d) => {
            const words = d.code && DETAIL_TEXTS[d.code] ? DETAIL_TEXTS[d.code](d.params ?? {})[lang] : undefined;
            // A detail with no specific code keeps the server's reason for English readers only.
            const reason = !words ? d.reason : d.code === 'invalid' && lang === 'en' ? `${words}: ${d.reason}` : words;
            return (
              <li key={d.field} data-code={d.code}>
                {fieldLabel?.(d.field) ?? <code>{d.field}</code>}: {reason}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * ARIA tabs (WAI-ARIA Authoring Practices): one tab stop for the list, arrow keys, Home and End move
 * between tabs and select them, and the content sits in the tab panel the selected tab controls.
 */
export function Tabs<T extends string>({
  tabs,
  current,
  onChange,
  label,
  children,
}: {
  tabs: Array<[T, string]>;
  current: T;
  onChange: (t: T) => void;
  label?: string;
  children?: ReactNode;
}) {
  const buttons = useRef(new Map<T, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const key = tabs[next][0];
    onChange(key);
    buttons.current.get(key)?.focus();
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label={label}>
        {tabs.map(([key, text], index) => (
          <button
            key={key}
            ref={(b) => {
              if (b) buttons.current.set(key, b);
              else buttons.current.delete(key);
            }}
            type="button"
            role="tab"
            id={`tab-${key}`}
            aria-selected={current === key}
            // Only the selected tab's panel exists, so only it names one.
            aria-controls={current === key ? `panel-${key}` : undefined}
            tabIndex={current === key ? 0 : -1}
            onClick={() => onChange(key)}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            {text}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} tabIndex={0} className="tabpanel">
        {children}
      </div>
    </>
  );
}
