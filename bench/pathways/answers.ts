/** Seeded random joint-complaints answers that obey the form (types, ranges, shown-when). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEROLOGY = ['not_tested', 'negative', 'low_positive', 'high_positive'] as const;

export function randomJointAnswers(count: number, seed = 42): Array<Record<string, unknown>> {
  const r = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const bool = (p: number) => r() < p;
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const age = int(5, 95);
    const a: Record<string, unknown> = {
      age_years: age,
      symptom_duration_weeks: int(0, 60),
      swollen_joint_count: r() < 0.4 ? 0 : int(1, 20),
      small_joint_swelling: bool(0.3),
      squeeze_test_positive: bool(0.2),
      morning_stiffness_minutes: int(0, 120),
      fever: bool(0.05),
      acute_hot_swollen_joint: bool(0.05),
      immunosuppressed_or_prosthetic_joint: bool(0.1),
      systemic_features: bool(0.05),
      inflammatory_back_pain: bool(0.1),
      psoriasis_or_ibd: bool(0.1),
    };
    if (age >= 50) {
      a.temporal_symptoms = bool(0.08);
      if (a.temporal_symptoms) a.visual_disturbance = bool(0.3);
      a.girdle_pain_stiffness = bool(0.1);
    }
    if (bool(0.5)) a.crp_mg_per_l = Math.round(r() * 600) / 10;
    if (bool(0.3)) a.esr_mm_per_h = int(0, 80);
    if (bool(0.5)) a.rf = SEROLOGY[int(0, 3)];
    if (bool(0.5)) a.acpa = SEROLOGY[int(0, 3)];
    if (bool(0.1)) a.notes = 'Ledvärk sedan i våras.';
    out.push(a);
  }
  return out;
}
