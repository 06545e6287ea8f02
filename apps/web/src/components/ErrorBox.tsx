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

export function Tabs<T extends string>({ tabs, current, onChange }: { tabs: Array<[T, string]>; current: T; onChange: (t: T) => void }) {
  return (
    <nav className="tabs" role="tablist">
      {tabs.map(([key, label]) => (
        <button key={key} role="tab" aria-selected={current === key} onClick={() => onChange(key)}>
          {label}
        </button>
      ))}
    </nav>
  );
}
