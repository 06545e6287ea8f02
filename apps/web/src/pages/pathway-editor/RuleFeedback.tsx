import { useState } from 'react';
import { api, type PathwayDefinition, type Schemas } from '../../api';
import { Loaded, useLoad } from '../../components/useLoad';
import { useT } from '../../i18n';

type RuleFeedbackReport = Schemas['RuleFeedback'];

/**
 * Opens the rules part of the structured editor and brings one rule into view, outlined and its first field
 * focused. The editor renders a part only while it is open, so the rule is looked for on the next frames.
 * Answers false when the structured editor is not shown (a template or an adopted pathway is read-only).
 */
export function selectRuleInEditor(ruleId: string): boolean {
  const editor = document.querySelector('[data-testid="structured-editor"]');
  const section = editor?.querySelector<HTMLElement>('[data-section="rules"]');
  if (!editor || !section) return false;
  // The part's own button opens it (as a keyboard or mouse user would), and it renders its rules.
  const toggle = section.querySelector<HTMLButtonElement>('button[aria-expanded]');
  if (toggle?.getAttribute('aria-expanded') === 'false') toggle.click();
  const find = (framesLeft: number) => {
    const fieldset = editor.querySelector<HTMLFieldSetElement>(`fieldset[data-rule="${CSS.escape(ruleId)}"]`);
    if (!fieldset) {
      if (framesLeft > 0) requestAnimationFrame(() => find(framesLeft - 1));
      return;
    }
    editor.querySelectorAll('fieldset[data-selected]').forEach((f) => {
      f.removeAttribute('data-selected');
      (f as HTMLElement).style.outline = '';
    });
    fieldset.setAttribute('data-selected', 'true');
    fieldset.style.outline = '3px solid currentColor';
    fieldset.scrollIntoView({ block: 'center' });
    fieldset.querySelector<HTMLInputElement>('input')?.focus({ preventScroll: true });
  };
  find(60);
  return true;
}

/**
 * Issue 19, item 4, in the pathway editor: per rule of the published version, how often it fired, how often
 * it was overridden (the specialist's feedback said the triage was wrong naming this rule or none, or the case
 * was re-triaged) and the share; a rule over the region's threshold is flagged. One click selects the rule
 * in the draft's structured editor, with the impact preview a click away (it saves the draft first).
 */
export function RuleFeedback({ pathwayKey, readOnly }: { pathwayKey: string; readOnly: boolean }) {
  const { t, pick } = useT();
  const [threshold, setThreshold] = useState(20);
  const [minFired, setMinFired] = useState(5);
  const [selected, setSelected] = useState<string | null>(null);
  const key = encodeURIComponent(pathwayKey);
  const load = useLoad(
    () =>
      Promise.all([
        api<RuleFeedbackReport>('GET', `/pathways/${key}/rule-feedback?threshold=${threshold / 100}&minFired=${minFired}`),
        // The rules' words, from the published version (a rule no longer in it is shown by its id).
        api<PathwayDefinition>('GET', `/pathways/${key}`),
      ]),
    [pathwayKey, threshold, minFired],
  );
  const open = (ruleId: string) => {
    setSelected(ruleId);
    if (!readOnly) selectRuleInEditor(ruleId);
  };
  const previewImpact = () => document.querySelector<HTMLButtonElement>('[data-testid="impact"]')?.click();

  return (
    <section aria-labelledby="rule-feedback-title" data-testid="rule-feedback">
      <h3 id="rule-feedback-title">{t('ruleFeedbackTitle')}</h3>
      <p className="muted">{t('ruleFeedbackIntro')}</p>
      <div className="row">
        <div>
          <label htmlFor="rf-threshold">{t('ruleFeedbackThreshold')}</label>
          <input
            id="rf-threshold"
            type="number"
            min={1}
            max={100}
            defaultValue={threshold}
            onBlur={(e) => Number(e.target.value) >= 1 && Number(e.target.value) <= 100 && setThreshold(Number(e.target.value))}
          />
        </div>
        <div>
          <label htmlFor="rf-min-fired">{t('ruleFeedbackMinFired')}</label>
          <input
            id="rf-min-fired"
            type="number"
            min={1}
            defaultValue={minFired}
            onBlur={(e) => Number.isInteger(Number(e.target.value)) && Number(e.target.value) >= 1 && setMinFired(Number(e.target.value))}
          />
        </div>
      </div>
      <Loaded load={load} failed="ruleFeedbackLoadFailed">
        {([report, definition]) => {
          const words = (ruleId: string) => {
            const rule = definition.rules.find((r) => r.id === ruleId);
            if (!rule) return '';
            return `${pick(definition.categories.find((c) => c.key === rule.category)?.label) || rule.category}: ${pick(rule.reason)}`;
          };
          if (report.rules.every((r) => r.fired === 0)) return <p className="muted">{t('ruleFeedbackNone')}</p>;
          // The flagged first, then by share: what to look at comes first.
          const rows = [...report.rules].sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.share - a.share || b.fired - a.fired);
          return (
            <table>
              <thead>
                <tr>
                  <th>{t('ruleFeedbackRule')}</th>
                  <th>{t('ruleFeedbackFired')}</th>
                  <th>{t('ruleFeedbackOverridden')}</th>
                  <th>{t('ruleFeedbackShare')}</th>
                  <th>
                    <span className="sr-only">{t('ruleFeedbackOpen')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.ruleId} data-testid="rule-feedback-row" data-rule={r.ruleId} data-flagged={r.flagged ? 'true' : undefined}>
                    <td>
                      <code>{r.ruleId}</code> {words(r.ruleId)}
                      {r.flagged && (
                        <>
                          {' '}
                          <strong className="warn">{t('ruleFeedbackFlagged')}</strong>
                        </>
                      )}
                    </td>
                    <td>{r.fired}</td>
                    <td>{r.overridden}</td>
                    <td>{Math.round(r.share * 100)} %</td>
                    <td>
                      <button type="button" className="link" onClick={() => open(r.ruleId)}>
                        {t('ruleFeedbackOpen')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Loaded>
      {selected && (
        // Kept in view while the rule is changed further down, so that the impact preview stays a click away.
        <p role="status" data-testid="rule-selected" className="card" style={{ position: 'sticky', bottom: 0, zIndex: 1 }}>
          {readOnly ? t('ruleFeedbackCopyFirst') : t('ruleFeedbackSelected').replace('{rule}', selected)}{' '}
          {!readOnly && (
            <button type="button" className="secondary" onClick={previewImpact}>
              {t('ruleFeedbackPreview')}
            </button>
          )}
        </p>
      )}
    </section>
  );
}
