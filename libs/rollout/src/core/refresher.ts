import { isDeepStrictEqual } from 'node:util';
import type { PathwayDefinition } from '@app/pathways';

/** Why a vignette is part of a refresher: it is new, its facts or its expected category changed, or it answers a changed question. */
export type RefresherReason = 'new' | 'answers' | 'expected' | 'question';

export interface RefresherVignette {
  /** The index of the test case in the current version (the vignette's index in the training mode). */
  index: number;
  name: string;
  reasons: RefresherReason[];
  /** The changed questions the vignette answers (for 'question'). */
  questionIds: string[];
}

/**
 * The questions whose definition differs between two versions (label, help, type, bounds, options, when
 * shown, what unanswered means ...), plus those added or removed. Compared as data, so that the key
 * order of a stored (jsonb) definition does not count as a change.
 */
export function changedQuestions(trainedOn: PathwayDefinition, current: PathwayDefinition): string[] {
  const before = new Map(trainedOn.questions.map((q) => [q.id, q]));
  const after = new Map(current.questions.map((q) => [q.id, q]));
  const ids = [...new Set([...before.keys(), ...after.keys()])];
  return ids.filter((id) => !isDeepStrictEqual(before.get(id), after.get(id)));
}

/**
 * The short refresher a nurse trained on `trainedOn` is asked for once `current` is published (issue 19,
 * item 3): only the vignettes that changed. A test case of the current version is matched with the one of
 * the same name in the trained version (as the version diff matches them; the n-th of a repeated name with
 * the n-th). It is in the refresher when it is new, when its answers or its expected category changed, or
 * when it answers a question whose definition changed. Empty: nothing to practise again (the form and
 * the vignettes are as she trained on them, or what changed is nothing a vignette shows).
 */
export function refresherVignettes(trainedOn: PathwayDefinition, current: PathwayDefinition): RefresherVignette[] {
  const questions = new Set(changedQuestions(trainedOn, current));
  const occurrence = (cases: PathwayDefinition['testCases']) => {
    const seen = new Map<string, number>();
    return cases.map((c) => {
      const n = seen.get(c.name) ?? 0;
      seen.set(c.name, n + 1);
      return `${n}\u0000${c.name}`;
    });
  };
  const oldKeys = occurrence(trainedOn.testCases);
  const old = new Map(oldKeys.map((k, i) => [k, trainedOn.testCases[i]!]));
  const out: RefresherVignette[] = [];
  occurrence(current.testCases).forEach((k, index) => {
    const now = current.testCases[index]!;
    const before = old.get(k);
    const reasons: RefresherReason[] = [];
    if (!before) reasons.push('new');
    else {
      if (!isDeepStrictEqual(before.answers, now.answers)) reasons.push('answers');
      if (before.expected.category !== now.expected.category) reasons.push('expected');
    }
    const questionIds = Object.keys(now.answers).filter((id) => questions.has(id));
    if (questionIds.length > 0) reasons.push('question');
    if (reasons.length > 0) out.push({ index, name: now.name, reasons, questionIds });
  });
  return out;
}
