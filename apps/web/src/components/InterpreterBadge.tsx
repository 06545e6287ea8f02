import { useT } from '../i18n';

/** "Tolk: arabiska" beside a patient who needs an interpreter (issue 22); nothing when none is needed. */
export function InterpreterBadge({ language }: { language?: string | null }) {
  const { t, lang } = useT();
  if (!language) return null;
  let name = language;
  try {
    name = new Intl.DisplayNames([lang === 'sv' ? 'sv' : 'en'], { type: 'language' }).of(language) ?? language;
  } catch {
    // An unknown code is shown as it is.
  }
  return (
    <span className="badge interpreter" title={t('interpreterNeeded')}>
      {t('interpreter')}: {name}
    </span>
  );
}
