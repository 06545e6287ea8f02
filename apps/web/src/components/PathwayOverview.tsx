import { urgencyOf } from '@libs/pathways/src/core/levels';
import type { UrgencyLevel } from '@libs/pathways/src/core/types';
import type { FieldProblem, Schemas } from '../api';
import { useT } from '../i18n';

interface Def {
  questions?: Array<{ id: string; type: string; required: boolean; label?: { sv: string; en: string }; shownWhen?: unknown }>;
  rules?: Array<{ id: string; category: string; reason?: { sv: string; en: string }; when?: unknown }>;
  categories?: Array<{
    key: string;
    order: number;
    dueInDays: number | null;
    bookable: boolean;
    inQueue?: boolean;
    urgency?: UrgencyLevel;
    label?: { sv: string; en: string };
  }>;
  testCases?: Array<{ name: string; expected: { category: string } }>;
}

/** One test case's result (POST /pathways/{key}/draft/test): its category and score, or why its answers were refused. */
export type TestResult = Schemas['PathwayTestResult'];

/**
 * The draft as tables (questions, rules, categories, test cases), each row with the validation
 * problems that point into it, so an administrator sees where the definition is wrong.
 */
export function PathwayOverview({ text, problems, results }: { text: string; problems: FieldProblem[]; results: TestResult[] | null }) {
  const { t, pick } = useT();
  let d: Def;
  try {
    d = JSON.parse(text) as Def;
  } catch {
    return null;
  }
  const at = (prefix: string) =>
    problems.filter((p) => p.field === prefix || p.field.startsWith(`${prefix}.`) || p.field.startsWith(`${prefix}[`));
  const Problems = ({ prefix }: { prefix: string }) => {
    const list = at(prefix);
    return list.length ? (
      <ul className="field-error" data-problems-for={prefix}>
        {list.map((p, i) => (
          <li key={i}>
            <code>{p.field.slice(prefix.length) || p.field}</code> {p.reason}
          </li>
        ))}
      </ul>
    ) : null;
  };
  const json = (x: unknown) => (x === undefined ? '' : JSON.stringify(x));
  return (
    <div data-testid="pathway-overview">
      <h3>{t('questions')}</h3>
      <table>
        <tbody>
          {(d.questions ?? []).map((q, i) => (
            <tr key={i}>
              <td>
                <code>{q.id}</code>
                <div className="muted">{pick(q.label)}</div>
                <Problems prefix={`questions[${i}]`} />
              </td>
              <td>{q.type}</td>
              <td>{q.required ? t('required') : ''}</td>
              <td>{q.shownWhen !== undefined && <code title={t('shownWhen')}>{json(q.shownWhen)}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('rules')}</h3>
      <table>
        <tbody>
          {(d.rules ?? []).map((r, i) => (
            <tr key={i}>
              <td>
                <code>{r.id}</code> → <span className={levelClass(d, r.category)}>{r.category}</span>
                <div className="muted">{pick(r.reason)}</div>
                <code style={{ fontSize: '0.8rem' }}>{json(r.when)}</code>
                <Problems prefix={`rules[${i}]`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('categories')}</h3>
      <table>
        <tbody>
          {(d.categories ?? []).map((c, i) => (
            <tr key={i}>
              <td>{c.order}</td>
              <td>
                <code>{c.key}</code> {pick(c.label)}
                <Problems prefix={`categories[${i}]`} />
              </td>
              <td>{c.dueInDays === null ? '–' : `${c.dueInDays} d`}</td>
              <td>{c.bookable ? '✓' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Problems prefix="categories" />
      <h3>{t('testCases')}</h3>
      <table>
        <tbody>
          {(d.testCases ?? []).map((c, i) => {
            const r = results?.find((x) => x.name === c.name);
            return (
              <tr key={i}>
                <td>
                  {c.name}
                  <Problems prefix={`testCases[${i}]`} />
                  <Problems prefix={`testCases.${c.name}`} />
                </td>
                <td>
                  {t('expected')}: <code>{c.expected.category}</code>
                </td>
                <td>
                  {r &&
                    (r.passed ? (
                      <span className="badge routine">{t('passed')}</span>
                    ) : (
                      <span className="badge urgent">
                        {t('failed')}: {'category' in r.actual ? r.actual.category : r.actual.invalid.map((p) => p.field).join(', ')}
                      </span>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A rule's category badge, coloured by the category's urgency level (issue 19), never by its key. */
function levelClass(d: Def, key: string): string {
  const c = d.categories?.find((x) => x.key === key);
  return c ? `badge level-${urgencyOf({ ...c, inQueue: c.inQueue ?? false })}` : 'badge';
}
