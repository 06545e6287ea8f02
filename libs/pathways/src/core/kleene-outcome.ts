import type { PathwayPlan } from './compile-plan';
import type { Values } from './conditions';
import { exact, F, type KleeneState, type Possible, T, type Truth, truthOf, U, unanswered, unionDeps } from './kleene';
import type { Category, Reason } from './types';

/** The three-valued outcome of valid answers by position, some of which may be missing. */
export function kleeneOutcome(plan: PathwayPlan, vals: Values): { category: Category | null; reasons: Reason[]; stillMatter: string[] } {
  const { questions, kShown, kDomains, kRules, scoreMin, scoreMax, rules, categoryOf, fallback, count, ids } = plan;
  const poss = new Array<Possible>(count);
  const answered = new Array<Truth>(count);
  const answeredDeps = new Array<readonly number[]>(count);
  const domainValues: Record<string, Possible> = {};
  const st: KleeneState = { poss, answered, answeredDeps, score: { total: exact(0), domains: domainValues } };
  for (let i = 0; i < count; i++) {
    const q = questions[i]!;
    if (vals[i] !== undefined) {
      poss[i] = exact(vals[i]);
      answered[i] = T;
      answeredDeps[i] = [];
      continue;
    }
    const shownWhen = kShown[i];
    const shownP = shownWhen ? shownWhen(st) : null;
    const shown = shownP ? truthOf(shownP) : T;
    if (shown === F) {
      poss[i] = exact(q.question.absentMeans);
      answered[i] = F;
      answeredDeps[i] = [];
      continue;
    }
    // Unanswered: its own answer, and (while undecided) whether it is shown at all, are open.
    const deps = shown === U ? unionDeps([i], shownP!.deps) : [i];
    const mayBeAbsent = shown === U || !q.required;
    poss[i] = unanswered(q.question, mayBeAbsent, deps);
    answered[i] = mayBeAbsent ? U : T;
    answeredDeps[i] = deps;
  }
  let lo = 0;
  let hi = 0;
  let scoreDeps: readonly number[] = [];
  for (const d of kDomains) {
    let dlo = Infinity;
    let dhi = -Infinity;
    let deps: readonly number[] = [];
    let settled = false;
    for (const c of d.cases) {
      const p = c.when(st);
      const t = truthOf(p);
      if (t === F) continue;
      dlo = Math.min(dlo, c.points);
      dhi = Math.max(dhi, c.points);
      if (t === T) {
        settled = true;
        break;
      }
      deps = unionDeps(deps, p.deps);
    }
    if (!settled) {
      dlo = Math.min(dlo, 0);
      dhi = Math.max(dhi, 0);
    }
    domainValues[d.id] = dlo === dhi ? exact(dlo) : { kind: 'range', lo: dlo, hi: dhi, absent: false, deps };
    lo += dlo;
    hi += dhi;
    scoreDeps = unionDeps(scoreDeps, deps);
  }
  lo = Math.min(Math.max(lo, scoreMin), scoreMax);
  hi = Math.min(Math.max(hi, scoreMin), scoreMax);
  st.score.total = lo === hi ? exact(lo) : { kind: 'range', lo, hi, absent: false, deps: scoreDeps };

  // Each rule's truth; a fallback rule is false once a higher category is true, open while one is open.
  const truths = new Array<Truth>(rules.length);
  const ruleDeps = new Array<readonly number[]>(rules.length);
  let higherT = false;
  let higherU = false;
  let higherDeps: readonly number[] = [];
  let groupT = false;
  let groupU = false;
  let groupDeps: readonly number[] = [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (i > 0 && rule.rank !== rules[i - 1]!.rank) {
      higherT ||= groupT;
      higherU ||= groupU;
      higherDeps = unionDeps(higherDeps, groupDeps);
      groupT = groupU = false;
      groupDeps = [];
    }
    const p = kRules[i]!(st);
    let t = truthOf(p);
    let deps = p.deps;
    if (rule.fallback && t !== F) {
      if (higherT) t = F;
      else if (higherU) {
        t = U;
        deps = unionDeps(deps, higherDeps);
      }
    }
    truths[i] = t;
    ruleDeps[i] = deps;
    if (t === T) groupT = true;
    if (t === U) {
      groupU = true;
      groupDeps = unionDeps(groupDeps, deps);
    }
  }
  // The category is decided by the first category with a true rule, if no higher one is open.
  let category: Category | null = null;
  let open = false;
  let matter: readonly number[] = [];
  let i = 0;
  while (i < rules.length) {
    const rank = rules[i]!.rank;
    let anyT = false;
    let anyU = false;
    let groupMatter: readonly number[] = [];
    let j = i;
    for (; j < rules.length && rules[j]!.rank === rank; j++) {
      if (truths[j] === T) anyT = true;
      else if (truths[j] === U) {
        anyU = true;
        groupMatter = unionDeps(groupMatter, ruleDeps[j]!);
      }
    }
    if (anyT) {
      if (!open) category = categoryOf.get(rules[i]!.category)!;
      break;
    }
    if (anyU) {
      open = true;
      matter = unionDeps(matter, groupMatter);
    }
    i = j;
  }
  if (i >= rules.length && !open) category = fallback;
  const reasons: Reason[] = [];
  for (let i = 0; i < rules.length; i++) if (truths[i] === T) reasons.push(rules[i]!.reason);
  const stillMatter = category !== null ? [] : [...matter].sort((x, y) => x - y).map((i) => ids[i]!);
  return { category, reasons, stillMatter };
}
