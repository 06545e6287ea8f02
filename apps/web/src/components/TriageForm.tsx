import { useMemo } from 'react';
import { compilePathway } from '@libs/pathways/src/core/compile';
import type { PathwayDefinition as CoreDefinition } from '@libs/pathways/src/core/types';
import type { Category, Evaluation, FieldProblem, PathwayDefinition, Question } from '../api';
import { CategoryBadge } from './CategoryBadge';
import { fill, useT } from '../i18n';

export type Answers = Record<string, unknown>;

/**
 * The triage form, rendered from the pathway definition: no form is written for a diagnosis area.
 * Shown-when conditions run live through the shared pathway core.
 */
export function TriageForm({
  definition,
  answers,
  onChange,
  problems,
}: {
  definition: PathwayDefinition;
  answers: Answers;
  onChange: (a: Answers) => void;
  problems: FieldProblem[];
}) {
  const compiled = useMemo(() => compilePathway(definition as unknown as CoreDefinition), [definition]);
  const visible = new Set(compiled.visibleQuestionIds(answers));
  const set = (id: string, value: unknown) => {
    const next = { ...answers, [id]: value };
    if (value === undefined || value === '') delete next[id];
    // Answers to questions that become hidden are dropped, as the server would refuse them.
    const nowVisible = new Set(compiled.visibleQuestionIds(next));
    for (const k of Object.keys(next)) if (!nowVisible.has(k)) delete next[k];
    onChange(next);
  };
  return (
    <div>
      {definition.questions
        .filter((q) => visible.has(q.id))
        .map((q) => (
          <QuestionField
            key={q.id}
            q={q}
            value={answers[q.id]}
            onChange={(v) => set(q.id, v)}
            problem={problems.find((p) => p.field === `answers.${q.id}`)?.reason}
          />
        ))}
    </div>
  );
}

function QuestionField({ q, value, onChange, problem }: { q: Question; value: unknown; onChange: (v: unknown) => void; problem?: string }) {
  const { t, pick } = useT();
  const id = `q-${q.id}`;
  const describedBy = [q.help ? `${id}-help` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  // "*" is for the eye; a screen reader hears "obligatorisk". The help text is outside the label and read
  // once, as the field's description (inside the label it was read as part of the name and again).
  const label = (
    <>
      {pick(q.label)}
      {q.required && (
        <>
          <span className="required-mark" aria-hidden="true">
            {' *'}
          </span>
          <span className="sr-only"> ({t('required').toLowerCase()})</span>
        </>
      )}
    </>
  );
  const help = q.help && (
    <span className="help" id={`${id}-help`}>
      {pick(q.help)}
    </span>
  );
  const error = problem && (
    <div className="field-error" id={`${id}-error`} role="alert">
      {problem}
    </div>
  );
  if (q.type === 'boolean') {
    return (
      <fieldset aria-describedby={describedBy} data-question={q.id}>
        <legend>{label}</legend>
        {help}
        <div className="radio-row">
          {[true, false].map((v) => (
            <label key={String(v)}>
              <input type="radio" name={id} checked={value === v} onChange={() => onChange(v)} />
              {v ? t('yes') : t('no')}
            </label>
          ))}
        </div>
        {error}
      </fieldset>
    );
  }
  if (q.type === 'choice') {
    return (
      <div data-question={q.id}>
        <label htmlFor={id}>{label}</label>
        {help}
        <select
          id={id}
          value={(value as string) ?? ''}
          aria-invalid={!!problem}
          aria-describedby={describedBy}
          aria-required={q.required || undefined}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">{t('notAnswered')}</option>
          {q.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {pick(o.label)}
            </option>
          ))}
        </select>
        {error}
      </div>
    );
  }
  if (q.type === 'text') {
    return (
      <div data-question={q.id}>
        <label htmlFor={id}>{label}</label>
        {help}
        <textarea
          id={id}
          rows={3}
          maxLength={q.maxLength}
          value={(value as string) ?? ''}
          aria-describedby={describedBy}
          aria-required={q.required || undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {error}
      </div>
    );
  }
  return (
    <div data-question={q.id}>
      <label htmlFor={id}>{label}</label>
      {help}
      <input
        id={id}
        type="number"
        inputMode={q.type === 'integer' ? 'numeric' : 'decimal'}
        step={q.type === 'integer' ? 1 : 'any'}
        min={q.min}
        max={q.max}
        value={value === undefined ? '' : String(value)}
        aria-invalid={!!problem}
        aria-describedby={describedBy}
        aria-required={q.required || undefined}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
      {error}
    </div>
  );
}

/** A category due today that no visit can serve is an instruction to act now (an emergency). */
export function actsNow(c: { bookable: boolean; dueInDays: number | null }): boolean {
  return !c.bookable && c.dueInDays === 0;
}

/**
 * The emergency as the nurse must act on it (#17.8): a heading that says so, what to do now in the
 * pathway's own words (data), and the number to call.
 */
export function EmergencyInstruction({
  category,
  headingLevel = 2,
  testId = 'emergency',
}: {
  category: Category;
  headingLevel?: 2 | 3;
  testId?: string;
}) {
  const { t, pick } = useT();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="alert" role="alert" data-testid={testId}>
      <Heading>{t('emergencyHeading')}</Heading>
      <p className="instruction">{pick(category.instruction)}</p>
      <p>
        <strong>{t('emergencyCall')}</strong>
      </p>
    </div>
  );
}

/** The score with what it means, opened on demand. */
export function ScoreLine({ score }: { score: number }) {
  const { t } = useT();
  return (
    <details className="score">
      <summary>
        {fill(t('scoreOf'), { score })} · {t('whatScoreMeans')}
      </summary>
      <p className="help">{t('scoreHelp')}</p>
    </details>
  );
}

function QuestionList({ definition, ids, testId }: { definition: PathwayDefinition; ids: string[]; testId: string }) {
  const { pick } = useT();
  return (
    <ul data-testid={testId}>
      {ids.map((id) => (
        <li key={id}>{pick(definition.questions.find((q) => q.id === id)?.label) || id}</li>
      ))}
    </ul>
  );
}

/**
 * The preview of the answers so far, evaluated three-valued by the server: the outcome (an emergency
 * as its instruction) the moment the answers decide it, else what is decided and what still matters.
 */
export function TriagePreview({ definition, preview }: { definition: PathwayDefinition; preview: Evaluation | null }) {
  const { t, pick } = useT();
  if (!preview) return <p className="muted">{t('previewHint')}</p>;
  const category = preview.category === null ? undefined : definition.categories.find((c) => c.key === preview.category);
  return (
    <div data-testid="preview">
      {!category ? (
        <p>{t('previewUndecided')}</p>
      ) : actsNow(category) ? (
        <EmergencyInstruction category={category} headingLevel={3} testId="preview-instruction" />
      ) : (
        <>
          <p>
            <CategoryBadge category={category} />
          </p>
          {category.inQueue && <ScoreLine score={preview.score} />}
        </>
      )}
      {category && !preview.complete && <p className="help">{t('decidedEarly')}</p>}
      {preview.reasons.length > 0 && (
        <>
          <h3>{category ? t('reasons') : t('reasonsSoFar')}</h3>
          <ul className="reasons">
            {preview.reasons.map((r) => (
              <li key={r.ruleId}>{pick(r.text)}</li>
            ))}
          </ul>
        </>
      )}
      {preview.stillMatter.length > 0 && (
        <>
          <h3>{t('stillMatter')}</h3>
          <QuestionList definition={definition} ids={preview.stillMatter} testId="still-matter" />
        </>
      )}
    </div>
  );
}

/** Why the send button is disabled: the questions whose answers are still needed to decide. */
export function SendBlocked({ id, definition, preview }: { id: string; definition: PathwayDefinition; preview: Evaluation | null }) {
  const { t } = useT();
  const needed = preview ? preview.stillMatter : [];
  return (
    <div id={id} className="help" data-testid="send-blocked">
      {needed.length > 0 ? (
        <>
          {t('sendBlocked')}
          <QuestionList definition={definition} ids={needed} testId="send-blocked-questions" />
        </>
      ) : (
        t('previewHint')
      )}
    </div>
  );
}
