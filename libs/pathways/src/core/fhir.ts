import type { Extension, Questionnaire, QuestionnaireItem, QuestionnaireItemEnableWhen } from '@medplum/fhirtypes';
import type { Condition, PathwayDefinition, Question } from './types';

/**
 * Only the operators whose R4 meaning equals the engine's for an unanswered question: R4's "=", "<",
 * ... are true when some answer compares so, hence false without an answer, as in the engine. R4's
 * "!=" is true when no answer equals (so true without an answer), the engine's is false: it goes
 * through FHIRPath instead.
 */
const FHIR_OPERATOR: Record<string, QuestionnaireItemEnableWhen['operator']> = { '==': '=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const SDC_ENABLE_WHEN_EXPRESSION = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression';
const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';

function answerSystem(pathwayKey: string, questionId: string): string {
  return `urn:ledtriage:pathway:${pathwayKey}:${questionId}`;
}

function english(text: string): { extension: Extension[] } {
  return {
    extension: [
      {
        url: TRANSLATION,
        extension: [
          { url: 'lang', valueCode: 'en' },
          { url: 'content', valueString: text },
        ],
      },
    ],
  };
}

function asEnableWhen(cond: Condition, byId: Map<string, Question>, key: string): QuestionnaireItemEnableWhen | null {
  if (cond === null || typeof cond !== 'object' || Array.isArray(cond)) return null;
  const [op] = Object.keys(cond);
  const args = (cond as Record<string, unknown>)[op!];
  const operator = FHIR_OPERATOR[op!];
  if (!operator || !Array.isArray(args) || args.length !== 2) return null;
  const [left, right] = args as [unknown, unknown];
  const name = (left as { var?: unknown })?.var;
  const q = typeof name === 'string' ? byId.get(name) : undefined;
  // An unanswered question with absentMeans has a value to the engine and none in R4.
  if (!q || q.absentMeans !== undefined || typeof right === 'object') return null;
  const base = { question: q.id, operator };
  switch (q.type) {
    case 'boolean':
      return typeof right === 'boolean' && operator === '=' ? { ...base, answerBoolean: right } : null;
    case 'integer':
      return typeof right === 'number' && Number.isInteger(right) ? { ...base, answerInteger: right } : null;
    case 'decimal':
      return typeof right === 'number' ? { ...base, answerDecimal: right } : null;
    case 'choice':
      if (typeof right !== 'string' || operator !== '=') return null;
      return { ...base, answerCoding: { system: answerSystem(key, q.id), code: right } };
    default:
      return null;
  }
}

function literal(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'number') return Number.isInteger(v) || !/e/i.test(String(v)) ? String(v) : v.toFixed(20).replace(/0+$/, '');
  return String(v);
}

const answerPath = (id: string) => `%resource.repeat(item).where(linkId='${id}').answer.value`;

/** A value: a question's answer (its absentMeans when unanswered), a literal or a count; may be empty. */
function fhirValue(cond: unknown, byId: Map<string, Question>): string {
  if (typeof cond !== 'object' || cond === null) return literal(cond);
  const [op] = Object.keys(cond);
  const raw = (cond as Record<string, unknown>)[op!];
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === 'var') {
    const q = byId.get(String(args[0]));
    const path = `${answerPath(String(args[0]))}${q?.type === 'choice' ? '.code' : ''}`;
    return q?.absentMeans === undefined ? path : `iif(${path}.exists(), ${path}, ${literal(q.absentMeans)})`;
  }
  if (op === 'count') return `(${args.map((a) => `iif(${toFhirPath(a, byId)}, 1, 0)`).join(' + ')})`;
  return toFhirPath(cond, byId);
}

/**
 * The rule language as FHIRPath over the QuestionnaireResponse, for conditions enableWhen cannot say.
 * Always true or false, never empty: a comparison with an unanswered question is false, as in the
 * engine (FHIRPath would give empty, and `.not()` of empty is empty, which hid the question).
 */
export function toFhirPath(cond: unknown, byId: Map<string, Question>): string {
  if (typeof cond !== 'object' || cond === null) return String(cond === true);
  const [op] = Object.keys(cond);
  const raw = (cond as Record<string, unknown>)[op!];
  const args = Array.isArray(raw) ? raw : [raw];
  switch (op) {
    case 'var':
      return `(${fhirValue(cond, byId)}).anyTrue()`;
    case 'answered':
      return `${answerPath(String(args[0]))}.exists()`;
    case '==':
      return `(${fhirValue(args[0], byId)} = ${fhirValue(args[1], byId)}).anyTrue()`;
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `(${fhirValue(args[0], byId)} ${op} ${fhirValue(args[1], byId)}).anyTrue()`;
    case 'and':
    case 'or':
      return `(${args.map((a) => toFhirPath(a, byId)).join(` ${op} `)})`;
    case '!':
      return `(${toFhirPath(args[0], byId)}).not()`;
    case 'in':
      return `(${fhirValue(args[0], byId)} in (${(args[1] as unknown[]).map(literal).join(' | ')})).anyTrue()`;
    default:
      throw new Error(`no FHIRPath condition for operator ${op}`);
  }
}

function enableWhenOf(
  q: Question,
  byId: Map<string, Question>,
  key: string,
): Pick<QuestionnaireItem, 'enableWhen' | 'enableBehavior' | 'extension'> {
  if (q.shownWhen === undefined) return {};
  const single = asEnableWhen(q.shownWhen, byId, key);
  if (single) return { enableWhen: [single] };
  const [op] = typeof q.shownWhen === 'object' ? Object.keys(q.shownWhen) : [];
  const parts = op === 'and' || op === 'or' ? ((q.shownWhen as Record<string, unknown[]>)[op] ?? []) : [];
  const conditions = parts.map((p) => asEnableWhen(p as Condition, byId, key));
  if (parts.length > 0 && conditions.every((c) => c !== null)) {
    return { enableWhen: conditions as QuestionnaireItemEnableWhen[], enableBehavior: op === 'and' ? 'all' : 'any' };
  }
  return {
    extension: [
      { url: SDC_ENABLE_WHEN_EXPRESSION, valueExpression: { language: 'text/fhirpath', expression: toFhirPath(q.shownWhen, byId) } },
    ],
  };
}

/** A published version as a FHIR R4 Questionnaire: items, types, enableWhen and answer options. */
export function toFhirQuestionnaire(
  d: PathwayDefinition,
  meta: { version: number; status: 'draft' | 'active' | 'retired'; url?: string },
): Questionnaire {
  const byId = new Map(d.questions.map((q) => [q.id, q]));
  const items: QuestionnaireItem[] = d.questions.map((q) => {
    const extension: Extension[] = [];
    const numeric = q.type === 'integer' ? 'valueInteger' : 'valueDecimal';
    if (q.min !== undefined) extension.push({ url: 'http://hl7.org/fhir/StructureDefinition/minValue', [numeric]: q.min });
    if (q.max !== undefined) extension.push({ url: 'http://hl7.org/fhir/StructureDefinition/maxValue', [numeric]: q.max });
    const conditional = enableWhenOf(q, byId, d.key);
    const item: QuestionnaireItem = {
      linkId: q.id,
      text: q.label.sv,
      _text: english(q.label.en),
      type: q.type,
      required: q.required,
      ...(conditional.enableWhen ? { enableWhen: conditional.enableWhen } : {}),
      ...(conditional.enableBehavior ? { enableBehavior: conditional.enableBehavior } : {}),
    } as QuestionnaireItem;
    extension.push(...(conditional.extension ?? []));
    if (extension.length > 0) item.extension = extension;
    if (q.type === 'text') item.maxLength = q.maxLength ?? 2000;
    if (q.type === 'choice') {
      item.answerOption = (q.options ?? []).map((o) => ({
        valueCoding: { system: answerSystem(d.key, q.id), code: o.value, display: o.label.sv },
        ...(q.absentMeans === o.value ? { initialSelected: true } : {}),
      }));
    }
    return item;
  });
  const name = d.key.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  return {
    resourceType: 'Questionnaire',
    url: meta.url ?? `urn:ledtriage:pathway:${d.key}`,
    version: String(meta.version),
    name,
    title: d.title.sv,
    _title: english(d.title.en),
    status: meta.status,
    language: 'sv',
    subjectType: ['Patient'],
    item: items,
  } as Questionnaire;
}
