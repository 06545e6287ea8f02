import type { Condition, Question } from './types';

export type ScoreValues = { total: number; domains: Record<string, number> };
/** Answers by question position: conditions read `v[index]`, not a property by name. */
export type Values = readonly unknown[];
export type ConditionFn = (a: Values, s: ScoreValues) => unknown;

type Ty =
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'choice'; question: string; options: ReadonlySet<string> }
  | { kind: 'string'; value: string };

export interface CompiledExpr {
  ty: Ty;
  fn: ConditionFn;
  /** Set for a literal, so comparisons can inline it. */
  literal?: number | boolean | string;
  /** Set for a question read, so comparisons can inline the lookup. */
  read?: { index: number; absent: unknown };
  /** Set for a read of the total score, so comparisons can read it in place. */
  scoreTotal?: true;
  /** Set when `fn` returns exactly true or false, so no `=== true` wrapper is needed. */
  strict?: true;
}

export class ConditionError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

export interface ConditionEnv {
  /** Questions a condition may read, by id. */
  questions: ReadonlyMap<string, { question: Question; index: number }>;
  /** Only questions before this index (shown-when conditions read earlier answers only). */
  before?: number;
  /** Score domains the condition may read; undefined: the score may not be read here. */
  scoreDomains?: ReadonlySet<string>;
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

function describe(t: Ty): string {
  return t.kind === 'choice' ? `the choice "${t.question}"` : t.kind === 'string' ? `the text "${t.value}"` : `a ${t.kind}`;
}

/**
 * Type-checks a condition and compiles it into a closure: no interpretation of the JSON at
 * evaluation time, no eval. Every problem is a ConditionError with the path of the offending part.
 */
export function compileExpr(expr: unknown, path: string, env: ConditionEnv): CompiledExpr {
  if (typeof expr === 'number' && Number.isFinite(expr)) return { ty: { kind: 'number' }, fn: () => expr, literal: expr };
  if (typeof expr === 'boolean') return { ty: { kind: 'boolean' }, fn: () => expr, literal: expr };
  if (typeof expr === 'string') return { ty: { kind: 'string', value: expr }, fn: () => expr, literal: expr };
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) {
    throw new ConditionError(path, 'must be an operation like {"==": [...]}, a number, a boolean or a text');
  }
  const keys = Object.keys(expr);
  if (keys.length !== 1) throw new ConditionError(path, 'an operation has exactly one operator');
  const op = keys[0]!;
  const raw = (expr as Record<string, unknown>)[op];
  const args = Array.isArray(raw) ? raw : [raw];
  const at = `${path}.${op}`;

  if (op === 'var') return compileVar(args, at, env);
  if (op === 'answered') {
    const idx = env.questions.get(lookupQuestion(args[0], at, env).id)!.index;
    return { ty: { kind: 'boolean' }, fn: (a) => a[idx] !== undefined, strict: true };
  }
  if (COMPARISONS.has(op)) return compileComparison(op, args, at, env);
  if (op === 'and' || op === 'or') {
    if (args.length < 1) throw new ConditionError(at, `"${op}" needs at least one condition`);
    const parts = args.map((x, i) => expectBoolean(compileExpr(x, `${at}[${i}]`, env), `${at}[${i}]`));
    return { ty: { kind: 'boolean' }, fn: op === 'and' ? andOf(parts) : orOf(parts), strict: true };
  }
  if (op === '!') {
    if (args.length !== 1) throw new ConditionError(at, '"!" takes one condition');
    const inner = expectBoolean(compileExpr(args[0], `${at}[0]`, env), `${at}[0]`);
    return { ty: { kind: 'boolean' }, fn: (a, s) => inner(a, s) !== true, strict: true };
  }
  if (op === 'count') {
    if (args.length < 1) throw new ConditionError(at, '"count" needs at least one condition');
    const parts = args.map((x, i) => expectBoolean(compileExpr(x, `${at}[${i}]`, env), `${at}[${i}]`));
    return {
      ty: { kind: 'number' },
      fn: (a, s) => {
        let n = 0;
        for (let i = 0; i < parts.length; i++) if (parts[i]!(a, s) === true) n++;
        return n;
      },
    };
  }
  if (op === 'in') {
    if (args.length !== 2 || !Array.isArray(args[1])) throw new ConditionError(at, '"in" takes a value and a list of literals');
    const left = compileExpr(args[0], `${at}[0]`, env);
    const list = args[1] as unknown[];
    if (left.ty.kind === 'choice') {
      const ty = left.ty;
      list.forEach((v, i) => {
        if (typeof v !== 'string' || !ty.options.has(v))
          throw new ConditionError(`${at}[1][${i}]`, `"${String(v)}" is not an option of ${describe(ty)}`);
      });
    } else if (left.ty.kind === 'number') {
      list.forEach((v, i) => {
        if (typeof v !== 'number') throw new ConditionError(`${at}[1][${i}]`, 'must be a number, like the value it is compared with');
      });
    } else {
      throw new ConditionError(`${at}[0]`, `"in" looks up a choice or a number, not ${describe(left.ty)}`);
    }
    const set = new Set<unknown>(list);
    if (left.read) {
      // A question read inlined, as in comparisons: one closure call less per evaluation.
      const { index, absent } = left.read;
      return {
        ty: { kind: 'boolean' },
        fn: absent === undefined ? (a) => set.has(a[index]) : (a) => set.has(a[index] ?? absent),
        strict: true,
      };
    }
    const l = left.fn;
    return { ty: { kind: 'boolean' }, fn: (a, s) => set.has(l(a, s)), strict: true };
  }
  throw new ConditionError(at, `unknown operator "${op}" (known: var, answered, ==, !=, <, <=, >, >=, and, or, !, in, count)`);
}

function lookupQuestion(name: unknown, at: string, env: ConditionEnv): Question {
  if (typeof name !== 'string') throw new ConditionError(at, 'names a question id');
  const found = env.questions.get(name);
  if (!found) throw new ConditionError(at, `unknown question "${name}"`);
  if (env.before !== undefined && found.index >= env.before) {
    throw new ConditionError(at, `"${name}" is not an earlier question: a question can only depend on the questions before it`);
  }
  return found.question;
}

function compileVar(args: unknown[], at: string, env: ConditionEnv): CompiledExpr {
  const name = args[0];
  if (typeof name !== 'string') throw new ConditionError(at, 'names a question id or "score"');
  if (name === 'score' || name.startsWith('score.')) {
    if (!env.scoreDomains) throw new ConditionError(at, 'the score cannot be read here');
    if (name === 'score') return { ty: { kind: 'number' }, fn: (_a, s) => s.total, scoreTotal: true };
    const domain = name.slice(6);
    if (!env.scoreDomains.has(domain)) throw new ConditionError(at, `unknown score domain "${domain}"`);
    return { ty: { kind: 'number' }, fn: (_a, s) => s.domains[domain] };
  }
  const q = lookupQuestion(name, at, env);
  const id = q.id;
  const idx = env.questions.get(id)!.index;
  const absent = q.absentMeans;
  const fn: ConditionFn = absent === undefined ? (a) => a[idx] : (a) => a[idx] ?? absent;
  const read = { index: idx, absent };
  switch (q.type) {
    case 'integer':
    case 'decimal':
      return { ty: { kind: 'number' }, fn, read };
    case 'boolean':
      return { ty: { kind: 'boolean' }, fn, read };
    case 'choice':
      return { ty: { kind: 'choice', question: id, options: new Set((q.options ?? []).map((o) => o.value)) }, fn, read };
    case 'text':
      throw new ConditionError(at, `"${id}" is free text, which rules never read`);
  }
}

function compileComparison(op: string, args: unknown[], at: string, env: ConditionEnv): CompiledExpr {
  if (args.length !== 2) throw new ConditionError(at, `"${op}" compares exactly two values`);
  const left = compileExpr(args[0], `${at}[0]`, env);
  const right = compileExpr(args[1], `${at}[1]`, env);
  const l = left.fn;
  const r = right.fn;
  if (op === '==' || op === '!=') checkComparable(left.ty, right.ty, at);
  else if (left.ty.kind !== 'number' || right.ty.kind !== 'number') {
    const bad = left.ty.kind !== 'number' ? left.ty : right.ty;
    throw new ConditionError(at, `"${op}" compares numbers, not ${describe(bad)}`);
  }
  // The common shape, a question against a literal, becomes one closure with both inlined.
  const fast =
    inlineComparison(op, left, right) ??
    inlineComparison(FLIPPED[op]!, right, left) ??
    inlineLiteral(op, left, right) ??
    inlineLiteral(FLIPPED[op]!, right, left);
  if (fast) return { ty: { kind: 'boolean' }, fn: fast, strict: true };
  if (op === '==' || op === '!=') {
    return op === '=='
      ? {
          ty: { kind: 'boolean' },
          fn: (a, s) => {
            const x = l(a, s);
            return x !== undefined && x === r(a, s);
          },
          strict: true,
        }
      : {
          ty: { kind: 'boolean' },
          fn: (a, s) => {
            const x = l(a, s);
            const y = r(a, s);
            return x !== undefined && y !== undefined && x !== y;
          },
          strict: true,
        };
  }
  const num = (x: unknown): x is number => typeof x === 'number';
  switch (op) {
    case '<':
      return {
        ty: { kind: 'boolean' },
        fn: (a, s) => {
          const x = l(a, s);
          const y = r(a, s);
          return num(x) && num(y) && x < y;
        },
        strict: true,
      };
    case '<=':
      return {
        ty: { kind: 'boolean' },
        fn: (a, s) => {
          const x = l(a, s);
          const y = r(a, s);
          return num(x) && num(y) && x <= y;
        },
        strict: true,
      };
    case '>':
      return {
        ty: { kind: 'boolean' },
        fn: (a, s) => {
          const x = l(a, s);
          const y = r(a, s);
          return num(x) && num(y) && x > y;
        },
        strict: true,
      };
    default:
      return {
        ty: { kind: 'boolean' },
        fn: (a, s) => {
          const x = l(a, s);
          const y = r(a, s);
          return num(x) && num(y) && x >= y;
        },
        strict: true,
      };
  }
}

const FLIPPED: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function inlineComparison(op: string, q: CompiledExpr, lit: CompiledExpr): ConditionFn | null {
  if (!q.read || lit.literal === undefined) return null;
  const i = q.read.index;
  const k = lit.literal;
  if (q.read.absent !== undefined) {
    const absent = q.read.absent;
    if (op === '==') return (a) => (a[i] ?? absent) === k;
    if (op === '!=') return (a) => (a[i] ?? absent) !== k;
    return null;
  }
  switch (op) {
    case '==':
      return (a) => a[i] === k;
    case '!=':
      return (a) => {
        const x = a[i];
        return x !== undefined && x !== k;
      };
    case '<':
      return (a) => {
        const x = a[i];
        return typeof x === 'number' && x < (k as number);
      };
    case '<=':
      return (a) => {
        const x = a[i];
        return typeof x === 'number' && x <= (k as number);
      };
    case '>':
      return (a) => {
        const x = a[i];
        return typeof x === 'number' && x > (k as number);
      };
    case '>=':
      return (a) => {
        const x = a[i];
        return typeof x === 'number' && x >= (k as number);
      };
    default:
      return null;
  }
}

/** Any other value against a literal (the score, a count): the literal inlined, as compileComparison's closures compare it. */
function inlineLiteral(op: string, e: CompiledExpr, lit: CompiledExpr): ConditionFn | null {
  if (lit.literal === undefined || e.literal !== undefined) return null;
  const k = lit.literal;
  if (e.scoreTotal) {
    // Always a number here, so no typeof test either.
    switch (op) {
      case '>=':
        return (_a, s) => s.total >= (k as number);
      case '>':
        return (_a, s) => s.total > (k as number);
      case '<=':
        return (_a, s) => s.total <= (k as number);
      case '<':
        return (_a, s) => s.total < (k as number);
    }
  }
  const l = e.fn;
  switch (op) {
    case '==':
      return (a, s) => {
        const x = l(a, s);
        return x !== undefined && x === k;
      };
    case '!=':
      return (a, s) => {
        const x = l(a, s);
        return x !== undefined && x !== k;
      };
    case '<':
      return (a, s) => {
        const x = l(a, s);
        return typeof x === 'number' && x < (k as number);
      };
    case '<=':
      return (a, s) => {
        const x = l(a, s);
        return typeof x === 'number' && x <= (k as number);
      };
    case '>':
      return (a, s) => {
        const x = l(a, s);
        return typeof x === 'number' && x > (k as number);
      };
    case '>=':
      return (a, s) => {
        const x = l(a, s);
        return typeof x === 'number' && x >= (k as number);
      };
    default:
      return null;
  }
}

function checkComparable(x: Ty, y: Ty, at: string): void {
  const literalOption = (c: Ty, lit: Ty) =>
    c.kind === 'choice' && lit.kind === 'string' && !c.options.has(lit.value)
      ? new ConditionError(at, `"${lit.value}" is not an option of ${describe(c)}`)
      : null;
  const err = literalOption(x, y) ?? literalOption(y, x);
  if (err) throw err;
  const family = (t: Ty) => (t.kind === 'choice' || t.kind === 'string' ? 'text' : t.kind);
  if (family(x) !== family(y)) throw new ConditionError(at, `cannot compare ${describe(x)} with ${describe(y)}`);
}

function expectBoolean(c: CompiledExpr, at: string): ConditionFn {
  if (c.ty.kind !== 'boolean') throw new ConditionError(at, `must be a condition (true or false), not ${describe(c.ty)}`);
  return c.fn;
}

function andOf(parts: ConditionFn[]): ConditionFn {
  if (parts.length === 1) {
    const [p] = parts as [ConditionFn];
    return (a, s) => p(a, s) === true;
  }
  if (parts.length === 2) {
    const [p, q] = parts as [ConditionFn, ConditionFn];
    return (a, s) => p(a, s) === true && q(a, s) === true;
  }
  return (a, s) => {
    for (let i = 0; i < parts.length; i++) if (parts[i]!(a, s) !== true) return false;
    return true;
  };
}

function orOf(parts: ConditionFn[]): ConditionFn {
  if (parts.length === 2) {
    const [p, q] = parts as [ConditionFn, ConditionFn];
    return (a, s) => p(a, s) === true || q(a, s) === true;
  }
  return (a, s) => {
    for (let i = 0; i < parts.length; i++) if (parts[i]!(a, s) === true) return true;
    return false;
  };
}

/** A top-level condition: type-checked as a boolean, and true only when it evaluates to exactly true. */
export function compileCondition(expr: Condition, path: string, env: ConditionEnv): (a: Values, s: ScoreValues) => boolean {
  const compiled = compileExpr(expr, path, env);
  const fn = expectBoolean(compiled, path);
  // A strict closure already answers exactly true or false: no wrapper call around it.
  if (compiled.strict) return fn as (a: Values, s: ScoreValues) => boolean;
  return (a, s) => fn(a, s) === true;
}
