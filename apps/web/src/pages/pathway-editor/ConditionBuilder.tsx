import type { ReactElement } from 'react';
import type { AnswerValue } from '@libs/pathways/src/core/types';
import type { Comparison, ConditionNode, QuestionModel } from '@libs/pathways/src/core/editor-model';
import { COMPARISONS } from '@libs/pathways/src/core/editor-model';
import { type Key, useT } from '../../i18n';

const OP_KEYS: Record<Comparison, Key> = {
  '==': 'peOp_eq',
  '!=': 'peOp_ne',
  '<': 'peOp_lt',
  '<=': 'peOp_le',
  '>': 'peOp_gt',
  '>=': 'peOp_ge',
};
const KINDS: ConditionNode['kind'][] = ['compare', 'in', 'answered', 'all', 'any', 'atLeast', 'not', 'score', 'constant', 'raw'];

/** A new condition of a kind, about the first question that suits it. */
function blank(kind: ConditionNode['kind'], questions: QuestionModel[]): ConditionNode {
  const q = questions.find((x) => x.type !== 'text') ?? questions[0];
  const id = q?.id ?? '';
  switch (kind) {
    case 'compare':
      return { kind, question: id, op: '==', value: defaultValue(q) };
    case 'in':
      return { kind, question: id, values: [] };
    case 'answered':
      return { kind, question: id };
    case 'all':
    case 'any':
      return { kind, items: [blank('compare', questions)] };
    case 'atLeast':
      return { kind, min: 1, items: [blank('compare', questions)] };
    case 'not':
      return { kind, item: blank('compare', questions) };
    case 'score':
      return { kind, op: '>=', value: 1 };
    case 'constant':
      return { kind, value: true };
    case 'raw':
      return { kind, json: true };
  }
}

function defaultValue(q: QuestionModel | undefined): AnswerValue {
  if (!q) return true;
  if (q.type === 'boolean') return true;
  if (q.type === 'choice') return q.options?.[0]?.value ?? '';
  if (q.type === 'text') return '';
  return q.min ?? 0;
}

/**
 * A condition as a form (issue 20): a question, a comparison in words and a value; all/any groups and
 * "at least n of" with their conditions; anything the form has no shape for as its JSON.
 */
export function ConditionBuilder({
  node,
  onChange,
  questions,
  label,
  depth = 0,
}: {
  node: ConditionNode;
  onChange: (n: ConditionNode) => void;
  questions: QuestionModel[];
  label: string;
  depth?: number;
}) {
  const { t, pick } = useT();
  const question = (id: string) => questions.find((q) => q.id === id);
  const kindSelect = (
    <select
      aria-label={`${label}: ${t('peType')}`}
      value={node.kind}
      onChange={(e) => onChange(blank(e.target.value as ConditionNode['kind'], questions))}
    >
      {KINDS.map((k) => (
        <option key={k} value={k}>
          {t(`peCond_${k}` as Key)}
        </option>
      ))}
    </select>
  );
  const questionSelect = (id: string, set: (id: string) => void) => (
    <select aria-label={`${label}: ${t('peQuestion')}`} value={id} onChange={(e) => set(e.target.value)}>
      {!question(id) && <option value={id}>{id}</option>}
      {questions
        .filter((q) => q.type !== 'text')
        .map((q) => (
          <option key={q.id} value={q.id}>
            {pick(q.label) || q.id}
          </option>
        ))}
    </select>
  );
  const valueInput = (q: QuestionModel | undefined, value: AnswerValue, set: (v: AnswerValue) => void) => {
    if (q?.type === 'boolean') {
      return (
        <select aria-label={`${label}: ${t('peValue')}`} value={String(value)} onChange={(e) => set(e.target.value === 'true')}>
          <option value="true">{t('peYes')}</option>
          <option value="false">{t('peNo')}</option>
        </select>
      );
    }
    if (q?.type === 'choice') {
      return (
        <select aria-label={`${label}: ${t('peValue')}`} value={String(value)} onChange={(e) => set(e.target.value)}>
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
        aria-label={`${label}: ${t('peValue')}`}
        type="number"
        step={q?.type === 'decimal' ? 'any' : 1}
        style={{ width: '7rem' }}
        value={typeof value === 'number' ? value : ''}
        onChange={(e) => set(e.target.value === '' ? 0 : Number(e.target.value))}
      />
    );
  };
  const opSelect = (op: Comparison, set: (op: Comparison) => void) => (
    <select aria-label={`${label}: jämförelse`} value={op} onChange={(e) => set(e.target.value as Comparison)}>
      {COMPARISONS.map((c) => (
        <option key={c} value={c}>
          {t(OP_KEYS[c])}
        </option>
      ))}
    </select>
  );
  const children = (items: ConditionNode[], set: (items: ConditionNode[]) => void) => (
    <div style={{ borderLeft: '3px solid var(--line)', paddingLeft: 10, marginTop: 6 }}>
      {items.map((item, i) => (
        <div key={i} className="row" style={{ alignItems: 'flex-start', marginBottom: 6 }}>
          <ConditionBuilder
            node={item}
            questions={questions}
            label={`${label} ${i + 1}`}
            depth={depth + 1}
            onChange={(n) => set(items.map((x, j) => (j === i ? n : x)))}
          />
          {items.length > 1 && (
            <button type="button" className="link" onClick={() => set(items.filter((_, j) => j !== i))}>
              {t('peRemove')}
            </button>
          )}
        </div>
      ))}
      <button type="button" className="link" onClick={() => set([...items, blank('compare', questions)])}>
        + {t('peAddCondition')}
      </button>
    </div>
  );

  let body: ReactElement;
  switch (node.kind) {
    case 'compare': {
      const q = question(node.question);
      body = (
        <>
          {questionSelect(node.question, (id) => onChange({ ...node, question: id, value: defaultValue(question(id)) }))}
          {opSelect(node.op, (op) => onChange({ ...node, op }))}
          {valueInput(q, node.value, (value) => onChange({ ...node, value }))}
        </>
      );
      break;
    }
    case 'in': {
      const q = question(node.question);
      body = (
        <>
          {questionSelect(node.question, (id) => onChange({ ...node, question: id, values: [] }))}
          {(q?.options ?? []).map((o) => (
            <label key={o.value} className="inline">
              <input
                type="checkbox"
                checked={node.values.includes(o.value)}
                onChange={(e) =>
                  onChange({ ...node, values: e.target.checked ? [...node.values, o.value] : node.values.filter((v) => v !== o.value) })
                }
              />{' '}
              {pick(o.label)}
            </label>
          ))}
          {q?.type !== 'choice' && (
            <input
              aria-label={`${label}: ${t('peValue')}`}
              value={node.values.join(', ')}
              onChange={(e) =>
                onChange({
                  ...node,
                  values: e.target.value
                    .split(',')
                    .map((v) => v.trim())
                    .filter(Boolean)
                    .map(Number),
                })
              }
            />
          )}
        </>
      );
      break;
    }
    case 'answered':
      body = questionSelect(node.question, (id) => onChange({ ...node, question: id }));
      break;
    case 'all':
    case 'any':
      body = children(node.items, (items) => onChange({ ...node, items }));
      break;
    case 'atLeast':
      body = (
        <>
          <label className="inline">
            {t('peAtLeastN')}{' '}
            <input
              aria-label={`${label}: ${t('peAtLeastN')}`}
              type="number"
              min={1}
              style={{ width: '4rem' }}
              value={node.min}
              onChange={(e) => onChange({ ...node, min: Math.max(1, Math.round(Number(e.target.value) || 1)) })}
            />
          </label>
          {children(node.items, (items) => onChange({ ...node, items }))}
        </>
      );
      break;
    case 'not':
      body = (
        <ConditionBuilder
          node={node.item}
          questions={questions}
          label={`${label} (inte)`}
          depth={depth + 1}
          onChange={(item) => onChange({ ...node, item })}
        />
      );
      break;
    case 'score':
      body = (
        <>
          <input
            aria-label={`${label}: domän`}
            placeholder="(hela poängen)"
            value={node.domain ?? ''}
            onChange={(e) => onChange({ ...node, domain: e.target.value === '' ? undefined : e.target.value })}
          />
          {opSelect(node.op, (op) => onChange({ ...node, op }))}
          <input
            aria-label={`${label}: ${t('peValue')}`}
            type="number"
            style={{ width: '6rem' }}
            value={node.value}
            onChange={(e) => onChange({ ...node, value: Number(e.target.value) })}
          />
        </>
      );
      break;
    case 'constant':
      body = (
        <select
          aria-label={`${label}: ${t('peValue')}`}
          value={String(node.value)}
          onChange={(e) => onChange({ ...node, value: e.target.value === 'true' })}
        >
          <option value="true">{t('peYes')}</option>
          <option value="false">{t('peNo')}</option>
        </select>
      );
      break;
    case 'raw':
      body = (
        <textarea
          aria-label={`${label}: JSON`}
          rows={2}
          style={{ fontFamily: 'ui-monospace, monospace', minWidth: '20rem' }}
          defaultValue={JSON.stringify(node.json)}
          onBlur={(e) => {
            try {
              onChange({ kind: 'raw', json: JSON.parse(e.target.value) });
            } catch {
              /* kept as typed until it is JSON; the server names the problem on save */
            }
          }}
        />
      );
      break;
  }
  return (
    <div className="row" data-condition={node.kind} style={{ alignItems: 'flex-start', gap: 6 }}>
      {kindSelect}
      {body}
    </div>
  );
}
