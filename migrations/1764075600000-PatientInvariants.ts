import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the api checks about patients and names, also held by the database (#15.6, #15.16): nobody is
 * born before 1880 (year 0000 once reached the database as a 500), and a person's name has a character
 * other than blanks and the common invisible ones (the twelve digits are checked since Foundation). Added
 * NOT VALID so that an installation's existing rows are kept whatever they hold, then validated where
 * they all comply; new and changed rows are checked either way.
 */
const INVISIBLE = String.raw`\s\u00A0\u00AD\u034F\u115F\u1160\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u2800\u3000\u3164\uFEFF\uFFA0`;
const CONSTRAINTS: Array<[table: string, name: string, check: string]> = [
  ['patient', 'patient_birth_date_range', `birth_date >= DATE '1880-01-01'`],
  ['patient', 'patient_name_visible', `name ~ '[^${INVISIBLE}]'`],
  ['app_user', 'app_user_display_name_visible', `display_name ~ '[^${INVISIBLE}]'`],
];

export class PatientInvariants1764075600000 implements MigrationInterface {
  name = 'PatientInvariants1764075600000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, name, check] of CONSTRAINTS) {
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${check}) NOT VALID`);
      await q.query(`
        DO $$ BEGIN
          ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};
        EXCEPTION WHEN check_violation THEN
          RAISE NOTICE '${name}: existing rows break it; it holds for new and changed rows';
        END $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, name] of [...CONSTRAINTS].reverse()) await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${name}`);
  }
}
