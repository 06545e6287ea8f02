import { KeyboardEvent, ReactNode, useRef } from 'react';
import { ApiFailure } from '../api';
import { useT } from '../i18n';

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useT();
  if (!error) return null;
  const e = error as ApiFailure;
  return (
    <div className="error" role="alert">
      <strong>{t('error')}:</strong> {e.message}
      {e.details?.length ? (
        <ul>
          {e.details.map((d) => (
            <li key={d.field}>
              <code>{d.field}</code>: {d.reason}
            </li>
          ))}
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
