/** A small second pathway (suspected gout) that an administrator writes through the API alone. */
export function goutPathway(overrides: Record<string, unknown> = {}) {
  const t = (sv: string, en: string) => ({ sv, en });
  return {
    key: 'suspected-gout',
    title: t('Misstänkt gikt', 'Suspected gout'),
    questions: [
      { id: 'age_years', type: 'integer', label: t('Ålder', 'Age'), min: 0, max: 120, required: true, prefill: 'patient.ageYears' },
      {
        id: 'first_mtp_attack',
        type: 'boolean',
        label: t('Akut smärta och svullnad i stortåns grundled', 'Acute pain and swelling of the big toe joint'),
        required: true,
      },
      {
        id: 'attacks_last_year',
        type: 'integer',
        label: t('Antal attacker senaste året', 'Attacks in the last year'),
        min: 0,
        max: 50,
        required: true,
      },
      { id: 'urate_umol_per_l', type: 'decimal', label: t('Urat (µmol/L)', 'Urate (µmol/L)'), min: 0, max: 2000, required: false },
      { id: 'tophi', type: 'boolean', label: t('Tofi', 'Tophi'), required: true, shownWhen: { '>=': [{ var: 'attacks_last_year' }, 2] } },
    ],
    rules: [
      {
        id: 'frequent_attacks',
        category: 'specialist',
        when: { or: [{ '>=': [{ var: 'attacks_last_year' }, 3] }, { '==': [{ var: 'tophi' }, true] }] },
        reason: t('Täta attacker eller tofi: reumatologbedömning.', 'Frequent attacks or tophi: rheumatologist assessment.'),
      },
      {
        id: 'high_urate',
        category: 'specialist',
        when: { '>': [{ var: 'urate_umol_per_l' }, 600] },
        reason: t('Mycket högt urat.', 'Very high urate.'),
      },
    ],
    categories: [
      { key: 'specialist', label: t('Reumatolog', 'Rheumatologist'), order: 1, dueInDays: 30, bookable: true, inQueue: true },
      {
        key: 'primary_care',
        label: t('Primärvård', 'Primary care'),
        order: 2,
        dueInDays: null,
        bookable: false,
        inQueue: false,
        fallback: true,
        instruction: t('Behandla enligt primärvårdens giktrutin.', 'Treat as in the primary care gout routine.'),
      },
    ],
    ranking: [{ key: 'category' }, { key: 'dueDate' }, { key: 'triagedAt' }],
    testCases: [
      {
        name: 'Tre attacker',
        answers: { age_years: 60, first_mtp_attack: true, attacks_last_year: 3, tophi: false },
        expected: { category: 'specialist' },
      },
      {
        name: 'Första attacken',
        answers: { age_years: 60, first_mtp_attack: true, attacks_last_year: 1 },
        expected: { category: 'primary_care' },
      },
      {
        name: 'Högt urat',
        answers: { age_years: 45, first_mtp_attack: true, attacks_last_year: 0, urate_umol_per_l: 650 },
        expected: { category: 'specialist' },
      },
    ],
    ...overrides,
  };
}
