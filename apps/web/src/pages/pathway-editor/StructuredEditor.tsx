import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { checkDefinition } from '@libs/pathways/src/core/check';
import { compilePathway } from '@libs/pathways/src/core/compile';
import { type EditorModel, fromEditorModel, type QuestionModel } from '@libs/pathways/src/core/editor-model';
import { URGENCY_LEVELS, urgencyOf } from '@libs/pathways/src/core/levels';
import { problemInSwedish } from '@libs/pathways/src/core/problem-words';
import { runTestCases } from '@libs/pathways/src/core/test-cases';
import type { Category, QuestionType, RankKey, Text, UrgencyLevel } from '@libs/pathways/src/core/types';
import type { FieldProblem } from '../../api';
import { type Key, useT } from '../../i18n';
import { AnswerPlansForm } from './AnswerPlans';
import { ConditionBuilder } from './ConditionBuilder';

const TYPES: QuestionType[] = ['integer', 'decimal', 'boolean', 'choice', 'text'];
const RANK_KEYS: RankKey[] = ['category', 'dueDate', 'score', 'triagedAt'];

/** The problems whose field is `prefix` or inside it, each in the user's language (Swedish with the server's English beside it). */
export function Problems({ problems, prefix, exact = false }: { problems: FieldProblem[]; prefix: string; exact?: boolean }) {
  const { lang } = useT();
  const list = problems.filter(
    (p) => p.field === prefix || (!exact && (p.field.startsWith(`${prefix}.`) || p.field.startsWith(`${prefix}[`))),
  );
  if (list.length === 0) return null;
  return (
    <ul className="field-error" data-problems-for={prefix}>
      {list.map((p, i) => {
        const sv = problemInSwedish(p.reason);
        const rest = p.field.slice(prefix.length).replace(/^\./, '');
        return (
          <li key={i}>
            {rest && <code>{rest}</code>} {lang === 'sv' ? sv : p.reason}
            {lang === 'sv' && sv !== p.reason && <span className="muted"> ({p.reason})</span>}
          </li>
        );
      })}
    </ul>
  );
}

function TextPair({
  value,
  onChange,
  labels,
  id,
}: {
  value: Text | undefined;
  onChange: (t: Text | undefined) => void;
  labels: [Key, Key];
  id: string;
}) {
  const { t } = useT();
  const set = (lang: 'sv' | 'en', s: string) => {
    const next = { sv: value?.sv ?? '', en: value?.en ?? '', [lang]: s };
    onChange(next.sv === '' && next.en === '' ? undefined : next);
  };
  return (
    <>
      <label htmlFor={`${id}-sv`}>{t(labels[0])}</label>
      <input id={`${id}-sv`} value={value?.sv ?? ''} onChange={(e) => set('sv', e.target.value)} />
      <label htmlFor={`${id}-en`}>{t(labels[1])}</label>
      <input id={`${id}-en`} value={value?.en ?? ''} onChange={(e) => set('en', e.target.value)} />
    </>
  );
}

const optionalNumber = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
function move<T>(list: T[], i: number): T[] {
  if (i <= 0) return list;
  const next = [...list];
  [next[i - 1], next[i]] = [next[i]!, next[i - 1]!];
  return next;
}
/** Drops keys whose value is undefined, so that the model maps back to the definition it came from. */
function tidy<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The structured view of a draft (issue 20): questions, rules with the condition builder, categories,
 * the ranking and the test cases as forms; the test cases run live on every change, in the browser, with
 * the same engine the server uses. Both views edit one draft: the JSON beside it is its text.
 */
export function StructuredEditor({
  model,
  onChange,
  problems,
}: {
  model: EditorModel;
  onChange: (m: EditorModel) => void;
  problems: FieldProblem[];
}) {
  const { t, pick } = useT();
  const set = <K extends keyof EditorModel>(key: K, value: EditorModel[K]) => onChange(tidy({ ...model, [key]: value }));
  const setQuestion = (i: number, q: QuestionModel) =>
    set(
      'questions',
      model.questions.map((x, j) => (j === i ? tidy(q) : x)),
    );
  const setCategory = (i: number, c: Category) =>
    set(
      'categories',
      model.categories.map((x, j) => (j === i ? tidy(c) : x)),
    );

  // Live: the definition the form makes, its problems and its test cases' results.
  const live = useMemo(() => {
    const definition = fromEditorModel(model);
    const checked = checkDefinition(definition);
    if (!checked.ok) return { problems: checked.issues.map((i) => ({ field: i.path, reason: i.reason })), results: null };
    try {
      return { problems: [] as FieldProblem[], results: runTestCases(compilePathway(checked.definition)) };
    } catch (e) {
      return { problems: [{ field: '(definition)', reason: String((e as Error).message) }], results: null };
    }
  }, [model]);
  const shown = [...problems, ...live.problems.filter((p) => !problems.some((q) => q.field === p.field && q.reason === p.reason))];
  // A section with a problem opens by itself, so that the problem is seen on its field.
  const count = (prefix: string) =>
    shown.filter((p) => p.field === prefix || p.field.startsWith(`${prefix}[`) || p.field.startsWith(`${prefix}.`)).length;
  const many = (key: Key, n: number) => t(key).replace('{n}', String(n));
  const conditional = model.questions.filter((q) => q.shownWhen !== undefined).length;

  return (
    <div data-testid="structured-editor">
      <div className="row">
        <div>
          <label htmlFor="pe-key">{t('peKey')}</label>
          <input id="pe-key" value={model.key} onChange={(e) => set('key', e.target.value)} />
          <Problems problems={shown} prefix="key" />
        </div>
        <TextPair
          id="pe-title"
          value={model.title}
          labels={['peTitleSv', 'peTitleEn']}
          onChange={(v) => set('title', v ?? { sv: '', en: '' })}
        />
      </div>
      <Problems problems={shown} prefix="title" />
      <div className="row">
        <TextPair
          id="pe-description"
          value={model.description}
          labels={['peDescriptionSv', 'peDescriptionEn']}
          onChange={(v) => set('description', v)}
        />
        <div>
          <label htmlFor="pe-neighbour-km">{t('peNeighbourKm')}</label>
          <input
            id="pe-neighbour-km"
            type="number"
            value={model.scheduling?.neighbourMaxTravelKm ?? ''}
            onChange={(e) => set('scheduling', e.target.value === '' ? undefined : { neighbourMaxTravelKm: Number(e.target.value) })}
          />
        </div>
      </div>
      <Problems problems={shown} prefix="scheduling" />

      <Section
        name="questions"
        title={t('questions')}
        summary={`${many('peSumQuestions', model.questions.length)}${conditional > 0 ? `, ${many('peSumConditional', conditional)}` : ''}`}
        problems={count('questions')}
      >
        {model.questions.map((q, i) => {
          const numeric = q.type === 'integer' || q.type === 'decimal';
          const name = pick(q.label) || q.id;
          return (
            <fieldset key={i} className="card" data-question={q.id} aria-label={`${t('peQuestion')} ${i + 1}: ${name}`}>
              <legend>
                {t('peQuestion')} {i + 1}: {name}
              </legend>
              <div className="row">
                <div>
                  <label htmlFor={`q${i}-id`}>{t('peQuestionId')}</label>
                  <input id={`q${i}-id`} value={q.id} onChange={(e) => setQuestion(i, { ...q, id: e.target.value })} />
                </div>
                <div>
                  <label htmlFor={`q${i}-type`}>{t('peType')}</label>
                  <select
                    id={`q${i}-type`}
                    value={q.type}
                    onChange={(e) => {
                      const type = e.target.value as QuestionType;
                      const n = type === 'integer' || type === 'decimal';
                      setQuestion(i, {
                        ...q,
                        type,
                        min: n ? q.min : undefined,
                        max: n ? q.max : undefined,
                        options: type === 'choice' ? (q.options ?? [{ value: 'a', label: { sv: 'A', en: 'A' } }]) : undefined,
                        maxLength: type === 'text' ? q.maxLength : undefined,
                        prefill: type === 'integer' ? q.prefill : undefined,
                      });
                    }}
                  >
                    {TYPES.map((x) => (
                      <option key={x} value={x}>
                        {t(`peType_${x}` as Key)}
                      </option>
                    ))}
                  </select>
                </div>
                <TextPair
                  id={`q${i}-label`}
                  value={q.label}
                  labels={['peLabelSv', 'peLabelEn']}
                  onChange={(v) => setQuestion(i, { ...q, label: v ?? { sv: '', en: '' } })}
                />
              </div>
              <div className="row">
                <TextPair
                  id={`q${i}-help`}
                  value={q.help}
                  labels={['peHelpSv', 'peHelpEn']}
                  onChange={(v) => setQuestion(i, { ...q, help: v })}
                />
                {numeric && (
                  <>
                    <div>
                      <label htmlFor={`q${i}-min`}>{t('peMin')}</label>
                      <input
                        id={`q${i}-min`}
                        type="number"
                        value={q.min ?? ''}
                        onChange={(e) => setQuestion(i, { ...q, min: optionalNumber(e.target.value) })}
                      />
                    </div>
                    <div>
                      <label htmlFor={`q${i}-max`}>{t('peMax')}</label>
                      <input
                        id={`q${i}-max`}
                        type="number"
                        value={q.max ?? ''}
                        onChange={(e) => setQuestion(i, { ...q, max: optionalNumber(e.target.value) })}
                      />
                    </div>
                  </>
                )}
                {q.type === 'text' && (
                  <div>
                    <label htmlFor={`q${i}-maxlen`}>{t('peMax')}</label>
                    <input
                      id={`q${i}-maxlen`}
                      type="number"
                      value={q.maxLength ?? ''}
                      onChange={(e) => setQuestion(i, { ...q, maxLength: optionalNumber(e.target.value) })}
                    />
                  </div>
                )}
                <label className="inline">
                  <input type="checkbox" checked={q.required} onChange={(e) => setQuestion(i, { ...q, required: e.target.checked })} />{' '}
                  {t('peRequired')}
                </label>
                {q.type === 'integer' && (
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={q.prefill === 'patient.ageYears'}
                      onChange={(e) => setQuestion(i, { ...q, prefill: e.target.checked ? 'patient.ageYears' : undefined })}
                    />{' '}
                    {t('pePrefillAge')}
                  </label>
                )}
              </div>
              {!q.required && q.type !== 'text' && (
                <div>
                  <label htmlFor={`q${i}-absent`}>{t('peAbsentMeans')}</label>
                  <input
                    id={`q${i}-absent`}
                    value={q.absentMeans === undefined ? '' : String(q.absentMeans)}
                    onChange={(e) => {
                      const raw = e.target.value;
                      const value =
                        raw === '' ? undefined : q.type === 'boolean' ? raw === 'true' : q.type === 'choice' ? raw : Number(raw);
                      setQuestion(i, { ...q, absentMeans: value });
                    }}
                  />
                </div>
              )}
              {q.type === 'choice' && (
                <>
                  <label htmlFor={`q${i}-options`}>{t('peOptions')}</label>
                  <textarea
                    id={`q${i}-options`}
                    rows={Math.max(2, q.options?.length ?? 0)}
                    defaultValue={(q.options ?? []).map((o) => `${o.value} = ${o.label.sv} / ${o.label.en}`).join('\n')}
                    onBlur={(e) =>
                      setQuestion(i, {
                        ...q,
                        options: e.target.value
                          .split('\n')
                          .map((line) => line.trim())
                          .filter(Boolean)
                          .map((line) => {
                            const [value = '', labels = ''] = line.split('=').map((s) => s.trim());
                            const [sv = value, en = sv] = labels.split('/').map((s) => s.trim());
                            return { value, label: { sv, en } };
                          }),
                      })
                    }
                  />
                </>
              )}
              <div>
                <label className="inline">
                  <input
                    type="checkbox"
                    checked={q.shownWhen !== undefined}
                    onChange={(e) =>
                      setQuestion(i, {
                        ...q,
                        shownWhen:
                          e.target.checked && i > 0
                            ? { kind: 'compare', question: model.questions[0]!.id, op: '==', value: true }
                            : undefined,
                      })
                    }
                  />{' '}
                  {q.shownWhen !== undefined ? t('peShownWhen') : t('peAlwaysShown')}
                </label>
                {q.shownWhen !== undefined && (
                  <ConditionBuilder
                    node={q.shownWhen}
                    questions={model.questions.slice(0, i)}
                    label={`${name}: ${t('peShownWhen')}`}
                    onChange={(shownWhen) => setQuestion(i, { ...q, shownWhen })}
                  />
                )}
              </div>
              <Problems problems={shown} prefix={`questions[${i}]`} />
              <div className="row">
                <button type="button" className="link" onClick={() => set('questions', move(model.questions, i))}>
                  {t('peUp')}
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    set(
                      'questions',
                      model.questions.filter((_, j) => j !== i),
                    )
                  }
                >
                  {t('peRemove')}
                </button>
              </div>
            </fieldset>
          );
        })}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            set('questions', [
              ...model.questions,
              { id: `fraga_${model.questions.length + 1}`, type: 'boolean', label: { sv: '', en: '' }, required: true },
            ])
          }
        >
          {t('peAddQuestion')}
        </button>
      </Section>
      <Section name="rules" title={t('rules')} summary={many('peSumRules', model.rules.length)} problems={count('rules')}>
        {model.rules.map((r, i) => (
          <fieldset key={i} className="card" data-rule={r.id} aria-label={`${t('peRule')} ${i + 1}: ${r.id}`}>
            <legend>
              {t('peRule')} {i + 1}: {pick(model.categories.find((c) => c.key === r.category)?.label) || r.category}
            </legend>
            <div className="row">
              <div>
                <label htmlFor={`r${i}-id`}>{t('peRuleId')}</label>
                <input
                  id={`r${i}-id`}
                  value={r.id}
                  onChange={(e) =>
                    set(
                      'rules',
                      model.rules.map((x, j) => (j === i ? { ...r, id: e.target.value } : x)),
                    )
                  }
                />
              </div>
              <div>
                <label htmlFor={`r${i}-category`}>{t('peLeadsTo')}</label>
                <select
                  id={`r${i}-category`}
                  value={r.category}
                  onChange={(e) =>
                    set(
                      'rules',
                      model.rules.map((x, j) => (j === i ? { ...r, category: e.target.value } : x)),
                    )
                  }
                >
                  {!model.categories.some((c) => c.key === r.category) && <option value={r.category}>{r.category}</option>}
                  {model.categories.map((c) => (
                    <option key={c.key} value={c.key}>
                      {pick(c.label) || c.key}
                    </option>
                  ))}
                </select>
              </div>
              <label className="inline">
                <input
                  type="checkbox"
                  checked={r.fallback === true}
                  onChange={(e) =>
                    set(
                      'rules',
                      model.rules.map((x, j) => (j === i ? tidy({ ...r, fallback: e.target.checked ? true : undefined }) : x)),
                    )
                  }
                />{' '}
                {t('peFallbackRule')}
              </label>
            </div>
            <div>
              <strong>{t('peWhen')}</strong>
              <ConditionBuilder
                node={r.when}
                questions={model.questions}
                label={`${t('peRule')} ${r.id}`}
                onChange={(when) =>
                  set(
                    'rules',
                    model.rules.map((x, j) => (j === i ? { ...r, when } : x)),
                  )
                }
              />
            </div>
            <div className="row">
              <TextPair
                id={`r${i}-reason`}
                value={r.reason}
                labels={['peReasonSv', 'peReasonEn']}
                onChange={(v) =>
                  set(
                    'rules',
                    model.rules.map((x, j) => (j === i ? { ...r, reason: v ?? { sv: '', en: '' } } : x)),
                  )
                }
              />
            </div>
            <Problems problems={shown} prefix={`rules[${i}]`} />
            <div className="row">
              <button type="button" className="link" onClick={() => set('rules', move(model.rules, i))}>
                {t('peUp')}
              </button>
              <button
                type="button"
                className="link"
                onClick={() =>
                  set(
                    'rules',
                    model.rules.filter((_, j) => j !== i),
                  )
                }
              >
                {t('peRemove')}
              </button>
            </div>
          </fieldset>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            set('rules', [
              ...model.rules,
              {
                id: `regel_${model.rules.length + 1}`,
                category: model.categories.find((c) => !c.fallback)?.key ?? '',
                when: { kind: 'compare', question: model.questions[0]?.id ?? '', op: '==', value: true },
                reason: { sv: '', en: '' },
              },
            ])
          }
        >
          {t('peAddRule')}
        </button>
      </Section>
      <Section
        name="categories"
        title={t('categories')}
        summary={many('peSumCategories', model.categories.length)}
        problems={count('categories')}
      >
        <div style={{ overflowX: 'auto' }}>
          <table data-testid="categories">
            <thead>
              <tr>
                <th>{t('pePriority')}</th>
                <th>{t('peCategoryKey')}</th>
                <th>{t('peLabelCatSv')}</th>
                <th>{t('peLabelCatEn')}</th>
                <th>{t('peDueDays')}</th>
                <th>{t('peBookable')}</th>
                <th>{t('peInQueue')}</th>
                <th>{t('peFallbackCategory')}</th>
                <th>{t('peUrgency')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {model.categories.map((c, i) => (
                <tr key={i}>
                  <td>
                    <input
                      aria-label={`${c.key}: ${t('pePriority')}`}
                      type="number"
                      style={{ width: '4rem' }}
                      value={c.order}
                      onChange={(e) => setCategory(i, { ...c, order: Number(e.target.value) })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${c.key}: ${t('peCategoryKey')}`}
                      value={c.key}
                      onChange={(e) => setCategory(i, { ...c, key: e.target.value })}
                    />
                    <Problems problems={shown} prefix={`categories[${i}]`} />
                  </td>
                  <td>
                    <input
                      aria-label={`${c.key}: ${t('peLabelCatSv')}`}
                      value={c.label.sv}
                      onChange={(e) => setCategory(i, { ...c, label: { ...c.label, sv: e.target.value } })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${c.key}: ${t('peLabelCatEn')}`}
                      value={c.label.en}
                      onChange={(e) => setCategory(i, { ...c, label: { ...c.label, en: e.target.value } })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${c.key}: ${t('peDueDays')}`}
                      type="number"
                      style={{ width: '5rem' }}
                      value={c.dueInDays ?? ''}
                      onChange={(e) => setCategory(i, { ...c, dueInDays: e.target.value === '' ? null : Number(e.target.value) })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${c.key}: ${t('peBookable')}`}
                      type="checkbox"
                      checked={c.bookable}
                      onChange={(e) => setCategory(i, { ...c, bookable: e.target.checked })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${c.key}: ${t('peInQueue')}`}
                      type="checkbox"
                      checked={c.inQueue}
                      onChange={(e) => setCategory(i, { ...c, inQueue: e.target.checked })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${c.key}: ${t('peFallbackCategory')}`}
                      type="checkbox"
                      checked={c.fallback === true}
                      onChange={(e) => setCategory(i, { ...c, fallback: e.target.checked ? true : undefined })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`${c.key}: ${t('peUrgency')}`}
                      value={c.urgency ?? ''}
                      onChange={(e) =>
                        setCategory(i, { ...c, urgency: e.target.value === '' ? undefined : (e.target.value as UrgencyLevel) })
                      }
                    >
                      <option value="">
                        {t('peUrgencyDerived').replace('{level}', t(`peUrgency_${urgencyOf({ ...c, urgency: undefined })}`))}
                      </option>
                      {URGENCY_LEVELS.map((level) => (
                        <option key={level} value={level}>
                          {t(`peUrgency_${level}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        set(
                          'categories',
                          model.categories.filter((_, j) => j !== i),
                        )
                      }
                    >
                      {t('peRemove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {model.categories.map((c, i) => (
          <div key={i} className="row">
            <TextPair
              id={`c${i}-instruction`}
              value={c.instruction}
              labels={['peInstructionSv', 'peInstructionEn']}
              onChange={(v) => setCategory(i, { ...c, instruction: v })}
            />
            <span className="muted">{pick(c.label)}</span>
          </div>
        ))}
        <Problems problems={shown} prefix="categories" exact />
        <button
          type="button"
          className="secondary"
          onClick={() =>
            set('categories', [
              ...model.categories,
              {
                key: `kategori_${model.categories.length + 1}`,
                label: { sv: '', en: '' },
                order: model.categories.length + 1,
                dueInDays: 30,
                bookable: true,
                inQueue: true,
              },
            ])
          }
        >
          {t('peAddCategory')}
        </button>
      </Section>
      <Section
        name="score"
        title={t('peScore')}
        summary={model.score ? many('peSumDomains', model.score.domains.length) : t('peSumNoScore')}
        problems={count('score')}
      >
        <ScoreForm model={model} set={set} problems={shown} />
      </Section>

      <Section name="ranking" title={t('peRanking')} summary={many('peSumRanking', model.ranking.length)} problems={count('ranking')}>
        {model.ranking.map((r, i) => (
          <div key={i} className="row">
            <select
              aria-label={`${t('peRanking')} ${i + 1}`}
              value={r.key}
              onChange={(e) =>
                set(
                  'ranking',
                  model.ranking.map((x, j) => (j === i ? { ...r, key: e.target.value as RankKey } : x)),
                )
              }
            >
              {RANK_KEYS.map((k) => (
                <option key={k} value={k}>
                  {t(`peRank_${k}` as Key)}
                </option>
              ))}
            </select>
            <select
              aria-label={`${t('peRanking')} ${i + 1}: ordning`}
              value={r.direction ?? ''}
              onChange={(e) =>
                set(
                  'ranking',
                  model.ranking.map((x, j) =>
                    j === i ? tidy({ ...r, direction: e.target.value === '' ? undefined : (e.target.value as 'asc' | 'desc') }) : x,
                  ),
                )
              }
            >
              <option value="">–</option>
              <option value="asc">{t('peAscending')}</option>
              <option value="desc">{t('peDescending')}</option>
            </select>
            <button
              type="button"
              className="link"
              onClick={() =>
                set(
                  'ranking',
                  model.ranking.filter((_, j) => j !== i),
                )
              }
            >
              {t('peRemove')}
            </button>
          </div>
        ))}
        <Problems problems={shown} prefix="ranking" />
        <button type="button" className="link" onClick={() => set('ranking', [...model.ranking, { key: 'triagedAt' }])}>
          + {t('peAddRank')}
        </button>
      </Section>

      <Section
        name="answerPlans"
        title={t('peAnswerPlans')}
        summary={model.answerPlans?.length ? many('peSumAnswerPlans', model.answerPlans.length) : t('peAnswerPlansDefault')}
        problems={count('answerPlans')}
      >
        <AnswerPlansForm plans={model.answerPlans} onChange={(plans) => set('answerPlans', plans)} problems={shown} />
      </Section>

      <TestCases model={model} set={set} problems={shown} results={live.results} />
      <Problems problems={shown} prefix="(definition)" />
    </div>
  );
}

/** The score (e.g. ACR/EULAR): its domains, each a list of cases whose first holding condition gives its points. */
function ScoreForm({
  model,
  set,
  problems,
}: {
  model: EditorModel;
  set: <K extends keyof EditorModel>(key: K, value: EditorModel[K]) => void;
  problems: FieldProblem[];
}) {
  const { t } = useT();
  const score = model.score;
  if (!score) {
    return (
      <button
        type="button"
        className="link"
        onClick={() =>
          set('score', { label: { sv: 'Poäng', en: 'Score' }, domains: [{ id: 'domän_1', label: { sv: '', en: '' }, cases: [] }] })
        }
      >
        + {t('peAddScore')}
      </button>
    );
  }
  const setScore = (next: NonNullable<EditorModel['score']>) => set('score', tidy(next));
  const setDomain = (i: number, d: NonNullable<EditorModel['score']>['domains'][number]) =>
    setScore({ ...score, domains: score.domains.map((x, j) => (j === i ? d : x)) });
  return (
    <fieldset className="card" data-testid="score">
      <legend>{t('peScore')}</legend>
      <div className="row">
        <TextPair
          id="score-label"
          value={score.label}
          labels={['peLabelCatSv', 'peLabelCatEn']}
          onChange={(v) => setScore({ ...score, label: v ?? { sv: '', en: '' } })}
        />
        <div>
          <label htmlFor="score-min">{t('peMin')}</label>
          <input
            id="score-min"
            type="number"
            value={score.min ?? ''}
            onChange={(e) => setScore({ ...score, min: optionalNumber(e.target.value) })}
          />
        </div>
        <div>
          <label htmlFor="score-max">{t('peMax')}</label>
          <input
            id="score-max"
            type="number"
            value={score.max ?? ''}
            onChange={(e) => setScore({ ...score, max: optionalNumber(e.target.value) })}
          />
        </div>
        <button type="button" className="link" onClick={() => set('score', undefined)}>
          {t('peRemove')}
        </button>
      </div>
      {score.domains.map((d, i) => (
        <div key={i} className="card" data-domain={d.id}>
          <div className="row">
            <div>
              <label htmlFor={`sd${i}-id`}>{t('peDomainId')}</label>
              <input id={`sd${i}-id`} value={d.id} onChange={(e) => setDomain(i, { ...d, id: e.target.value })} />
            </div>
            <TextPair
              id={`sd${i}-label`}
              value={d.label}
              labels={['peLabelCatSv', 'peLabelCatEn']}
              onChange={(v) => setDomain(i, { ...d, label: v ?? { sv: '', en: '' } })}
            />
          </div>
          {d.cases.map((c, k) => (
            <div key={k} className="row" style={{ alignItems: 'flex-start' }}>
              <ConditionBuilder
                node={c.when}
                questions={model.questions}
                label={`${d.id} ${k + 1}`}
                onChange={(when) => setDomain(i, { ...d, cases: d.cases.map((x, j) => (j === k ? { ...c, when } : x)) })}
              />
              <label className="inline">
                {t('pePoints')}{' '}
                <input
                  type="number"
                  style={{ width: '4rem' }}
                  aria-label={`${d.id} ${k + 1}: ${t('pePoints')}`}
                  value={c.points}
                  onChange={(e) =>
                    setDomain(i, { ...d, cases: d.cases.map((x, j) => (j === k ? { ...c, points: Number(e.target.value) } : x)) })
                  }
                />
              </label>
              <button type="button" className="link" onClick={() => setDomain(i, { ...d, cases: d.cases.filter((_, j) => j !== k) })}>
                {t('peRemove')}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="link"
            onClick={() =>
              setDomain(i, {
                ...d,
                cases: [
                  ...d.cases,
                  { when: { kind: 'compare', question: model.questions[0]?.id ?? '', op: '==', value: true }, points: 1 },
                ],
              })
            }
          >
            + {t('peAddCondition')}
          </button>
          <Problems problems={problems} prefix={`score.domains[${i}]`} />
        </div>
      ))}
      <button
        type="button"
        className="link"
        onClick={() =>
          setScore({
            ...score,
            domains: [...score.domains, { id: `doman_${score.domains.length + 1}`, label: { sv: '', en: '' }, cases: [] }],
          })
        }
      >
        + {t('peAddDomain')}
      </button>
      <Problems problems={problems} prefix="score" />
    </fieldset>
  );
}

/** The test cases as a table of answers and the expected category, each run live as the draft changes. */
function TestCases({
  model,
  set,
  problems,
  results,
}: {
  model: EditorModel;
  set: <K extends keyof EditorModel>(key: K, value: EditorModel[K]) => void;
  problems: FieldProblem[];
  results: ReturnType<typeof runTestCases> | null;
}) {
  const { t, pick } = useT();
  const setCase = (i: number, c: EditorModel['testCases'][number]) =>
    set(
      'testCases',
      model.testCases.map((x, j) => (j === i ? c : x)),
    );
  const answerInput = (i: number, q: QuestionModel) => {
    const c = model.testCases[i]!;
    const value = c.answers[q.id];
    const label = `${c.name}: ${pick(q.label) || q.id}`;
    const put = (v: unknown) => {
      const answers = { ...c.answers };
      if (v === undefined) delete answers[q.id];
      else answers[q.id] = v;
      setCase(i, { ...c, answers });
    };
    if (q.type === 'boolean') {
      return (
        <select
          aria-label={label}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => put(e.target.value === '' ? undefined : e.target.value === 'true')}
        >
          <option value="">–</option>
          <option value="true">{t('peYes')}</option>
          <option value="false">{t('peNo')}</option>
        </select>
      );
    }
    if (q.type === 'choice') {
      return (
        <select
          aria-label={label}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => put(e.target.value === '' ? undefined : e.target.value)}
        >
          <option value="">–</option>
          {(q.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {pick(o.label)}
            </option>
          ))}
        </select>
      );
    }
    return (
      <input
        aria-label={label}
        type={q.type === 'text' ? 'text' : 'number'}
        style={{ width: q.type === 'text' ? '8rem' : '5rem' }}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => put(e.target.value === '' ? undefined : q.type === 'text' ? e.target.value : Number(e.target.value))}
      />
    );
  };
  const failing = results?.filter((r) => !r.passed).length ?? 0;
  const passed = results ? results.length - failing : 0;
  return (
    <Section
      name="testCases"
      title={t('testCases')}
      summary={t('peSumTests').replace('{p}', String(passed)).replace('{n}', String(model.testCases.length))}
      problems={failing + problems.filter((p) => p.field.startsWith('testCases')).length}
    >
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="test-cases">
          <thead>
            <tr>
              <th>{t('peTestName')}</th>
              {model.questions.map((q) => (
                <th key={q.id} title={q.id}>
                  {pick(q.label) || q.id}
                </th>
              ))}
              <th>{t('peExpected')}</th>
              <th>{t('peResult')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {model.testCases.map((c, i) => {
              const r = results?.find((x) => x.name === c.name);
              return (
                <tr key={i} data-test-case={c.name}>
                  <td>
                    <input
                      aria-label={`${t('peTestName')} ${i + 1}`}
                      value={c.name}
                      onChange={(e) => setCase(i, { ...c, name: e.target.value })}
                    />
                    <Problems problems={problems} prefix={`testCases[${i}]`} />
                    <Problems problems={problems} prefix={`testCases.${c.name}`} />
                  </td>
                  {model.questions.map((q) => (
                    <td key={q.id} data-answer={q.id}>
                      {answerInput(i, q)}
                    </td>
                  ))}
                  <td>
                    <select
                      aria-label={`${c.name}: ${t('peExpected')}`}
                      value={c.expected.category}
                      onChange={(e) => setCase(i, { ...c, expected: { ...c.expected, category: e.target.value } })}
                    >
                      {model.categories.map((k) => (
                        <option key={k.key} value={k.key}>
                          {pick(k.label) || k.key}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td data-testid="test-result">
                    {r &&
                      (r.passed ? (
                        <span className="badge routine">{t('passed')}</span>
                      ) : (
                        <span className="badge urgent">
                          {t('failed')}:{' '}
                          {'invalid' in r.actual
                            ? r.actual.invalid.map((p) => p.field).join(', ')
                            : pick(model.categories.find((k) => k.key === (r.actual as { category: string }).category)?.label)}
                        </span>
                      ))}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        set(
                          'testCases',
                          model.testCases.filter((_, j) => j !== i),
                        )
                      }
                    >
                      {t('peRemove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          set('testCases', [
            ...model.testCases,
            {
              name: `${t('peTestName')} ${model.testCases.length + 1}`,
              answers: {},
              expected: { category: model.categories[0]?.key ?? '' },
            },
          ])
        }
      >
        {t('peAddTest')}
      </button>
    </Section>
  );
}

/**
 * A part of the form, closed at first with a summary line (what it holds, how many problems): a heading
 * with a button that says whether it is expanded (aria-expanded), so keyboard and screen reader users
 * open it as anyone else. It renders its fields only while open (the joint-complaints pathway is hundreds
 * of fields: all at once made every keystroke slow, and the page some 31 000 px tall); it opens by
 * itself when a problem appears in it, and can be closed again.
 */
function Section({
  name,
  title,
  summary,
  problems,
  children,
}: {
  name: string;
  title: string;
  summary: string;
  problems: number;
  children: ReactNode;
}) {
  const { t } = useT();
  const [opened, setOpened] = useState(problems > 0);
  useEffect(() => {
    if (problems > 0) setOpened(true);
  }, [problems > 0]);
  const id = `pe-section-${name}`;
  return (
    <section className="pe-section" data-section={name} data-open={opened ? 'true' : 'false'} aria-labelledby={`${id}-title`}>
      <h3 style={{ margin: '0.75rem 0 0' }}>
        <button
          type="button"
          id={`${id}-title`}
          className="link"
          aria-expanded={opened}
          aria-controls={id}
          aria-describedby={`${id}-summary`}
          onClick={() => setOpened(!opened)}
        >
          <span aria-hidden="true">{opened ? '▾' : '▸'}</span> {title}
        </button>
      </h3>
      <p className="muted" id={`${id}-summary`} data-testid={`summary-${name}`} style={{ margin: '0 0 0.5rem' }}>
        {summary}
        {problems > 0 && <span className="field-error"> · {t('peSumProblems').replace('{n}', String(problems))}</span>}
      </p>
      <div id={id} hidden={!opened}>
        {opened && children}
      </div>
    </section>
  );
}
