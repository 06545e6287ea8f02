/**
 * Answers to the shipped joint-complaints pathway: a well adult with nothing to find, varied by the
 * demo history and by the tests (test/support re-exports it).
 */
export function jointAnswers(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    age_years: 45,
    symptom_duration_weeks: 4,
    swollen_joint_count: 0,
    small_joint_swelling: false,
    squeeze_test_positive: false,
    morning_stiffness_minutes: 0,
    fever: false,
    acute_hot_swollen_joint: false,
    immunosuppressed_or_prosthetic_joint: false,
    systemic_features: false,
    inflammatory_back_pain: false,
    psoriasis_or_ibd: false,
    ...overrides,
  };
}

export const JOINT = 'joint-complaints';
