import { DEFAULT_ANSWER_PLANS } from '@libs/pathways/src/core/levels';
import type { AnswerPlan } from '@libs/pathways/src/core/types';
import type { FieldProblem } from '../../api';
import { useT } from '../../i18n';
import { Problems } from './StructuredEditor';

/**
 * The plans a specialist may choose in her answer (issue 19's `answerPlans`, issue 20's editor): a key, a
 * label in Swedish and English, and whether choosing it opens a remote follow-up. A pathway that names
 * none offers the four defaults; "adapt" copies them into the definition to be changed.
 */
export function AnswerPlansForm({
  plans,
  onChange,
  problems,
}: {
  plans: AnswerPlan[] | undefined;
  onChange: (plans: AnswerPlan[] | undefined) => void;
  problems: FieldProblem[];
}) {
  const { t, pick } = useT();
  if (!plans || plans.length === 0) {
    return (
      <div data-testid="answer-plans">
        <p className="muted">
          {t('peAnswerPlansDefault')}: {DEFAULT_ANSWER_PLANS.map((p) => pick(p.label)).join(', ')}
        </p>
        <button
          type="button"
          className="secondary"
          onClick={() => onChange(DEFAULT_ANSWER_PLANS.map((p) => ({ ...p, label: { ...p.label } })))}
        >
          {t('peAdaptAnswerPlans')}
        </button>
      </div>
    );
  }
  const setPlan = (i: number, plan: AnswerPlan) => onChange(plans.map((p, j) => (j === i ? plan : p)));
  return (
    <div data-testid="answer-plans">
      <table>
        <thead>
          <tr>
            <th>{t('peAnswerPlanKey')}</th>
            <th>{t('peLabelCatSv')}</th>
            <th>{t('peLabelCatEn')}</th>
            <th>{t('peFollowUp')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {plans.map((p, i) => (
            <tr key={i} data-answer-plan={p.key}>
              <td>
                <input
                  aria-label={`${t('peAnswerPlan')} ${i + 1}: ${t('peAnswerPlanKey')}`}
                  value={p.key}
                  onChange={(e) => setPlan(i, { ...p, key: e.target.value })}
                />
                <Problems problems={problems} prefix={`answerPlans[${i}]`} />
              </td>
              <td>
                <input
                  aria-label={`${t('peAnswerPlan')} ${i + 1}: ${t('peLabelCatSv')}`}
                  value={p.label.sv}
                  onChange={(e) => setPlan(i, { ...p, label: { ...p.label, sv: e.target.value } })}
                />
              </td>
              <td>
                <input
                  aria-label={`${t('peAnswerPlan')} ${i + 1}: ${t('peLabelCatEn')}`}
                  value={p.label.en}
                  onChange={(e) => setPlan(i, { ...p, label: { ...p.label, en: e.target.value } })}
                />
              </td>
              <td>
                <input
                  aria-label={`${t('peAnswerPlan')} ${i + 1}: ${t('peFollowUp')}`}
                  type="checkbox"
                  checked={p.followUp === true}
                  onChange={(e) => {
                    const { followUp: _f, ...rest } = p;
                    setPlan(i, e.target.checked ? { ...rest, followUp: true } : rest);
                  }}
                />
              </td>
              <td>
                <button type="button" className="link" onClick={() => onChange(plans.filter((_, j) => j !== i))}>
                  {t('peRemove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Problems problems={problems} prefix="answerPlans" exact />
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...plans, { key: `plan_${plans.length + 1}`, label: { sv: '', en: '' } }])}
      >
        {t('peAddAnswerPlan')}
      </button>
    </div>
  );
}
