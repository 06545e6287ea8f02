/**
 * The joint-complaints rules written as plain TypeScript, validation included: the limit no engine
 * can beat, for the benchmark's comparison.
 */
type A = Record<string, unknown>;

const INT = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const NUM = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const BOOL = (v: unknown) => typeof v === 'boolean';
const SER = new Set(['not_tested', 'negative', 'low_positive', 'high_positive']);
const KNOWN = new Set([
  'age_years',
  'symptom_duration_weeks',
  'swollen_joint_count',
  'small_joint_swelling',
  'squeeze_test_positive',
  'morning_stiffness_minutes',
  'fever',
  'acute_hot_swollen_joint',
  'immunosuppressed_or_prosthetic_joint',
  'temporal_symptoms',
  'visual_disturbance',
  'girdle_pain_stiffness',
  'systemic_features',
  'inflammatory_back_pain',
  'psoriasis_or_ibd',
  'crp_mg_per_l',
  'esr_mm_per_h',
  'rf',
  'acpa',
  'notes',
]);

/** Every problem at once, like the engine; null when valid. */
export function validateByHand(a: A): string[] | null {
  const p: string[] = [];
  for (const k in a) if (!KNOWN.has(k)) p.push(k);
  if (!INT(a.age_years, 0, 120)) p.push('age_years');
  if (!INT(a.symptom_duration_weeks, 0, 520)) p.push('symptom_duration_weeks');
  if (!INT(a.swollen_joint_count, 0, 68)) p.push('swollen_joint_count');
  if (!INT(a.morning_stiffness_minutes, 0, 1440)) p.push('morning_stiffness_minutes');
  for (const k of [
    'small_joint_swelling',
    'squeeze_test_positive',
    'fever',
    'acute_hot_swollen_joint',
    'immunosuppressed_or_prosthetic_joint',
    'systemic_features',
    'inflammatory_back_pain',
    'psoriasis_or_ibd',
  ]) {
    if (!BOOL(a[k])) p.push(k);
  }
  const old = typeof a.age_years === 'number' && a.age_years >= 50;
  if (old) {
    if (!BOOL(a.temporal_symptoms)) p.push('temporal_symptoms');
    if (!BOOL(a.girdle_pain_stiffness)) p.push('girdle_pain_stiffness');
  } else {
    if (a.temporal_symptoms !== undefined) p.push('temporal_symptoms');
    if (a.girdle_pain_stiffness !== undefined) p.push('girdle_pain_stiffness');
  }
  if (old && a.temporal_symptoms === true) {
    if (!BOOL(a.visual_disturbance)) p.push('visual_disturbance');
  } else if (a.visual_disturbance !== undefined) p.push('visual_disturbance');
  if (a.crp_mg_per_l !== undefined && !NUM(a.crp_mg_per_l, 0, 500)) p.push('crp_mg_per_l');
  if (a.esr_mm_per_h !== undefined && !INT(a.esr_mm_per_h, 0, 150)) p.push('esr_mm_per_h');
  if (a.rf !== undefined && !SER.has(a.rf as string)) p.push('rf');
  if (a.acpa !== undefined && !SER.has(a.acpa as string)) p.push('acpa');
  if (a.notes !== undefined && (typeof a.notes !== 'string' || a.notes.length > 2000)) p.push('notes');
  return p.length ? p : null;
}

export function scoreByHand(a: A): number {
  const n = a.swollen_joint_count as number;
  const small = a.small_joint_swelling === true;
  const joints = small ? (n > 10 ? 5 : n >= 4 ? 3 : n >= 1 ? 2 : 0) : n >= 2 ? 1 : 0;
  const rf = (a.rf as string) ?? 'not_tested';
  const acpa = (a.acpa as string) ?? 'not_tested';
  const serology = rf === 'high_positive' || acpa === 'high_positive' ? 3 : rf === 'low_positive' || acpa === 'low_positive' ? 2 : 0;
  const acute =
    (typeof a.crp_mg_per_l === 'number' && a.crp_mg_per_l > 10) || (typeof a.esr_mm_per_h === 'number' && a.esr_mm_per_h > 20) ? 1 : 0;
  const duration = (a.symptom_duration_weeks as number) >= 6 ? 1 : 0;
  return Math.min(10, joints + serology + acute + duration);
}

/**
 * The same work the engine does for the product: the category, the score, and every rule that
 * fires (the nurse sees all the reasons, not only the deciding one).
 */
export function evaluateByHand(a: A): { category: string; score: number; reasons: string[] } | null {
  if (validateByHand(a)) return null;
  const age = a.age_years as number;
  const n = a.swollen_joint_count as number;
  const score = scoreByHand(a);
  const positive = (v: unknown) => v === 'low_positive' || v === 'high_positive';
  const reasons: string[] = [];
  const fire = (id: string, when: boolean) => {
    if (when) reasons.push(id);
  };
  fire('septic_arthritis', a.acute_hot_swollen_joint === true && (a.fever === true || a.immunosuppressed_or_prosthetic_joint === true));
  fire('gca_with_visual_symptoms', age >= 50 && a.temporal_symptoms === true && a.visual_disturbance === true);
  const emergency = reasons.length > 0;
  const child = age < 16;
  fire('child', child);
  const before = reasons.length;
  fire('suspected_gca', age >= 50 && a.temporal_symptoms === true);
  fire('acute_hot_swollen_joint', a.acute_hot_swollen_joint === true);
  fire('systemic_disease', a.systemic_features === true);
  const urgent = reasons.length > before;
  const beforeEarly = reasons.length;
  fire('inflammatory_arthritis', n >= 1 && (n >= 3 || a.squeeze_test_positive === true || (a.morning_stiffness_minutes as number) >= 30));
  fire('psoriatic_or_enteropathic_arthritis', n >= 1 && a.psoriasis_or_ibd === true);
  fire('ra_classification_score', score >= 6);
  const early = reasons.length > beforeEarly;
  const beforeRoutine = reasons.length;
  // A fallback rule: silent once a higher category has fired.
  fire('swollen_joint', n >= 1 && !emergency && !child && !urgent && !early);
  fire('axial_spondyloarthritis', a.inflammatory_back_pain === true);
  fire('polymyalgia_rheumatica', age >= 50 && a.girdle_pain_stiffness === true);
  fire('clinically_suspect_arthralgia', (positive(a.rf) || positive(a.acpa)) && n === 0);
  const routine = reasons.length > beforeRoutine;
  const category = emergency
    ? 'emergency'
    : child
      ? 'not_applicable'
      : urgent
        ? 'urgent'
        : early
          ? 'early_arthritis'
          : routine
            ? 'routine'
            : 'primary_care';
  return { category, score, reasons };
}

export function categoryByHand(a: A): string {
  return evaluateByHand(a)?.category ?? 'invalid';
}
