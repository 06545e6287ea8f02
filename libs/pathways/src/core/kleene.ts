import type { ConditionEnv } from './conditions';
import type { Question } from './types';

/**
 * Three-valued (Kleene) evaluation of the rule language over answers given so far: a condition is
 * true, false, or undecided when its value depends on questions not yet answered. It only runs for
 * forms that are not complete (the nurse's preview, an early emergency); complete answers go
 * through the two-valued closures in conditions.ts, which the benchmark measures.
 *
 * Each expression yields what it may still be: a finite set of values (booleans, choices, exact
 * numbers; `undefined` is "no answer") or a range of numbers that may also be absent. Every result
 * that is not decided carries the unanswered questions it depends on (`deps`), so the form can say
 * which questions still matter.
 */
export const F = 0;
export const T = 1;
export const U = 2;
export type Truth = typeof F | typeof T | typeof U;

export type Possible =
  | { kind: 'set'; values: readonly unknown[]; deps: readonly number[] }
  | { kind: 'range'; lo: number; hi: number; absent: boolean; deps: readonly number[] };

export interface KleeneState {
  /** What each question's value may be, by position (an answer, its absence, or its domain). */
  poss: Possible[];
  /** Whether each question is answered: T, F, or U (may or may not be). */
  answered: Truth[];
  /** Deps of an undecided `answered` (the question and what decides whether it is shown). */
  answeredDeps: (readonly number[])[];
  score: { total: Possible; domains: Record<string, Possible> };
}

export type KleeneFn = (st: KleeneState) => Possible;

const NONE: readonly number[] = [];
const TRUE: Possible = { kind: 'set', values: [true], deps: NONE };
const FALSE: Possible = { kind: 'set', values: [false], deps: NONE };

export function exact(v: unknown): Possible {
  return v === true ? TRUE : v === false ? FALSE : { kind: 'set', values: [v], deps: NONE };
}

function union(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = a.slice();
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

function boolOf(canTrue: boolean, canFalse: boolean, deps: readonly number[]): Possible {
  if (canTrue && canFalse) return { kind: 'set', values: [true, false], deps };
  return canTrue ? TRUE : FALSE;
}

/** A condition's truth: true only when it is exactly `true`, as in the two-valued engine. */
export function truthOf(p: Possible): Truth {
  if (p.kind === 'range') return F;
  let canTrue = false;
  let canFalse = false;
  for (const v of p.values) {
    if (v === true) canTrue = true;
    else canFalse = true;
  }
  return canTrue ? (canFalse ? U : T) : F;
}

/** The engine's own comparisons, on concrete values (see compileComparison in conditions.ts). */
function compare(op: string, x: unknown, y: unknown): boolean {
  switch (op) {
    case '==':
      return x !== undefined && x === y;
    case '!=':
      return x !== undefined && y !== undefined && x !== y;
    case '<':
      return typeof x === 'number' && typeof y === 'number' && x < y;
    case '<=':
      return typeof x === 'number' && typeof y === 'number' && x <= y;
    case '>':
      return typeof x === 'number' && typeof y === 'number' && x > y;
    default:
      return typeof x === 'number' && typeof y === 'number' && x >= y;
  }
}

type Interval = { lo: number; hi: number; absent: boolean };

function asInterval(p: Possible): Interval {
  if (p.kind === 'range') return p;
  let lo = Infinity;
  let hi = -Infinity;
  let absent = false;
  for (const v of p.values) {
    if (typeof v === 'number') {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    } else absent = true;
  }
  return { lo, hi, absent };
}

/** Whether `op` can be true and can be false for some numbers of l and r (or their absence). */
function compareIntervals(op: string, l: Interval, r: Interval): [boolean, boolean] {
  const some = l.lo <= l.hi && r.lo <= r.hi;
  const absent = l.absent || r.absent;
  const point = l.lo === l.hi && r.lo === r.hi && l.lo === r.lo;
  const overlap = some && l.lo <= r.hi && r.lo <= l.hi;
  switch (op) {
    case '==':
      return [overlap, absent || !point];
    case '!=':
      return [some && !point, absent || overlap];
    case '<':
      return [some && l.lo < r.hi, absent || (some && l.hi >= r.lo)];
    case '<=':
      return [some && l.lo <= r.hi, absent || (some && l.hi > r.lo)];
    case '>':
      return [some && l.hi > r.lo, absent || (some && l.lo <= r.hi)];
    default:
      return [some && l.hi >= r.lo, absent || (some && l.lo < r.hi)];
  }
}

function comparePossible(op: string, l: Possible, r: Possible): Possible {
  let canTrue = false;
  let canFalse = false;
  if (l.kind === 'set' && r.kind === 'set') {
    for (const x of l.values)
      for (const y of r.values) {
        if (compare(op, x, y)) canTrue = true;
        else canFalse = true;
      }
  } else {
    [canTrue, canFalse] = compareIntervals(op, asInterval(l), asInterval(r));
  }
  return boolOf(canTrue, canFalse, canTrue && canFalse ? union(l.deps, r.deps) : NONE);
}

/**
 * Compiles a condition that compileExpr has already type-checked into a three-valued closure.
 * Mirrors compileExpr operator by operator.
 */
export function compileKleene(expr: unknown, env: ConditionEnv): KleeneFn {
  if (typeof expr !== 'object' || expr === null) {
    const p = exact(expr);
    return () => p;
  }
  const op = Object.keys(expr)[0]!;
  const raw = (expr as Record<string, unknown>)[op];
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === 'var') {
    const name = args[0] as string;
    if (name === 'score') return (st) => st.score.total;
    if (name.startsWith('score.')) {
      const domain = name.slice(6);
      return (st) => st.score.domains[domain]!;
    }
    const idx = env.questions.get(name)!.index;
    return (st) => st.poss[idx]!;
  }
  if (op === 'answered') {
    const idx = env.questions.get(args[0] as string)!.index;
    return (st) => {
      const t = st.answered[idx]!;
      return t === U ? boolOf(true, true, st.answeredDeps[idx]!) : t === T ? TRUE : FALSE;
    };
  }
  if (op === 'and' || op === 'or') {
    const parts = args.map((a) => compileKleene(a, env));
    const decisive = op === 'and' ? F : T;
    return (st) => {
      let deps: readonly number[] = NONE;
      let open = false;
      for (const part of parts) {
        const p = part(st);
        const t = truthOf(p);
        if (t === decisive) return decisive === T ? TRUE : FALSE;
        if (t === U) {
          open = true;
          deps = union(deps, p.deps);
        }
      }
      if (open) return boolOf(true, true, deps);
      return decisive === T ? FALSE : TRUE;
    };
  }
  if (op === '!') {
    const inner = compileKleene(args[0], env);
    return (st) => {
      const p = inner(st);
      const t = truthOf(p);
      return t === U ? boolOf(true, true, p.deps) : t === T ? FALSE : TRUE;
    };
  }
  if (op === 'count') {
    const parts = args.map((a) => compileKleene(a, env));
    return (st) => {
      let lo = 0;
      let hi = 0;
      let deps: readonly number[] = NONE;
      for (const part of parts) {
        const p = part(st);
        const t = truthOf(p);
        if (t === T) lo++;
        if (t !== F) hi++;
        if (t === U) deps = union(deps, p.deps);
      }
      return lo === hi ? exact(lo) : { kind: 'range', lo, hi, absent: false, deps };
    };
  }
  if (op === 'in') {
    const left = compileKleene(args[0], env);
    const list = args[1] as unknown[];
    const set = new Set<unknown>(list);
    return (st) => {
      const p = left(st);
      let canTrue = false;
      let canFalse = false;
      if (p.kind === 'set') {
        for (const v of p.values) {
          if (set.has(v)) canTrue = true;
          else canFalse = true;
        }
      } else {
        const some = p.lo <= p.hi;
        canTrue = some && list.some((k) => typeof k === 'number' && k >= p.lo && k <= p.hi);
        canFalse = p.absent || !(some && p.lo === p.hi && set.has(p.lo));
      }
      return boolOf(canTrue, canFalse, canTrue && canFalse ? p.deps : NONE);
    };
  }
  // A comparison (the only operators left after type checking).
  const l = compileKleene(args[0], env);
  const r = compileKleene(args[1], env);
  return (st) => comparePossible(op, l(st), r(st));
}

/**
 * What an unanswered question may still be: any value of its type (within min and max), or, when
 * it may stay unanswered (optional, or perhaps hidden), its absence (`absentMeans` where declared).
 */
export function unanswered(q: Question, mayBeAbsent: boolean, deps: readonly number[]): Possible {
  const absent = q.absentMeans;
  switch (q.type) {
    case 'integer':
    case 'decimal': {
      let lo = q.min ?? -Infinity;
      let hi = q.max ?? Infinity;
      if (mayBeAbsent && typeof absent === 'number') {
        lo = Math.min(lo, absent);
        hi = Math.max(hi, absent);
      }
      return { kind: 'range', lo, hi, absent: mayBeAbsent && absent === undefined, deps };
    }
    case 'boolean':
    case 'choice': {
      const values: unknown[] = q.type === 'boolean' ? [true, false] : (q.options ?? []).map((o) => o.value);
      if (mayBeAbsent && !values.includes(absent)) values.push(absent);
      return { kind: 'set', values, deps };
    }
    case 'text':
      // Rules never read text; only `answered` looks at it.
      return { kind: 'set', values: mayBeAbsent ? ['', undefined] : [''], deps };
  }
}

export { union as unionDeps };
