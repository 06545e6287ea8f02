import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Patients in the loop (issue 22): notices through real channels and the patient's own link.
 * - patient: an e-mail address and a postal address (a letter needs one), and the language an
 *   interpreter must speak (ISO 639-1), recorded at the centre.
 * - health_centre: the telephone number and visiting address every notice names.
 * - notice_outbox: an `email` channel, the centre and visit a notice is about (the centre's staff see
 *   their undelivered notices), the e-mail subject, and the printed letter batch a letter went out in.
 * - patient_link: one row per link sent; only the token's SHA-256 is kept. A link is for one visit.
 * - visit: the patient's answer through the link (confirmed, or a wish for another time).
 * - patient_link_rate: the public page's per-address minute counters.
 */
export class PatientNoticeChannels1764097200000 implements MigrationInterface {
  name = 'PatientNoticeChannels1764097200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE patient
        ADD COLUMN email text CONSTRAINT patient_email_shape CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$' AND length(email) <= 254),
        ADD COLUMN postal_address text CONSTRAINT patient_postal_address_length CHECK (length(btrim(postal_address)) BETWEEN 1 AND 300),
        ADD COLUMN interpreter_language text CONSTRAINT patient_interpreter_language_iso639_1 CHECK (interpreter_language ~ '^[a-z]{2}$');
      ALTER TABLE health_centre
        ADD COLUMN phone text CONSTRAINT health_centre_phone_shape CHECK (phone ~ '^\\+?[0-9 ()-]{5,20}$'),
        ADD COLUMN address text CONSTRAINT health_centre_address_length CHECK (length(btrim(address)) BETWEEN 1 AND 300);

      ALTER TABLE notice_outbox DROP CONSTRAINT notice_outbox_channel_check;
      ALTER TABLE notice_outbox ADD CONSTRAINT notice_outbox_channel_check CHECK (channel IN ('sms', 'email', 'letter'));
      CREATE TABLE notice_letter_batch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        health_centre_id uuid NOT NULL REFERENCES health_centre(id),
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        letters integer NOT NULL CHECK (letters > 0)
      );
      ALTER TABLE notice_outbox
        ADD COLUMN health_centre_id uuid REFERENCES health_centre(id),
        ADD COLUMN visit_id uuid REFERENCES visit(id),
        ADD COLUMN subject text,
        ADD COLUMN letter_batch_id uuid REFERENCES notice_letter_batch(id),
        -- A letter is printed once; only a letter is printed.
        ADD CONSTRAINT notice_outbox_batch_is_letter CHECK (letter_batch_id IS NULL OR (channel = 'letter' AND status = 'sent'));
      -- Notices queued before this migration: their patient's centre.
      UPDATE notice_outbox o SET health_centre_id = p.health_centre_id FROM patient p WHERE p.id = o.patient_id;
      -- The staff's list of undelivered notices and the letters waiting to be printed, per centre.
      CREATE INDEX notice_outbox_centre_failed ON notice_outbox (health_centre_id, created_at) WHERE status = 'failed';
      CREATE INDEX notice_outbox_centre_to_print ON notice_outbox (health_centre_id, created_at)
        WHERE channel = 'letter' AND status = 'sent' AND letter_batch_id IS NULL;
      CREATE INDEX notice_outbox_visit ON notice_outbox (visit_id) WHERE visit_id IS NOT NULL;

      CREATE TABLE patient_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_sha256 bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
        visit_id uuid NOT NULL REFERENCES visit(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
        last_used_at timestamptz
      );
      CREATE INDEX patient_link_visit ON patient_link (visit_id);
      ALTER TABLE visit
        ADD COLUMN patient_confirmed_at timestamptz,
        ADD COLUMN patient_wish text CONSTRAINT visit_patient_wish_length CHECK (length(patient_wish) <= 500),
        ADD COLUMN patient_wish_at timestamptz,
        ADD CONSTRAINT visit_patient_wish_pair CHECK ((patient_wish_at IS NULL) = (patient_wish IS NULL));

      CREATE TABLE patient_link_rate (
        client text NOT NULL,
        window_start timestamptz NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (client, window_start)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE patient_link_rate;
      ALTER TABLE visit DROP CONSTRAINT visit_patient_wish_pair, DROP COLUMN patient_wish_at, DROP COLUMN patient_wish,
        DROP COLUMN patient_confirmed_at;
      DROP TABLE patient_link;
      DROP INDEX notice_outbox_visit;
      DROP INDEX notice_outbox_centre_to_print;
      DROP INDEX notice_outbox_centre_failed;
      ALTER TABLE notice_outbox DROP CONSTRAINT notice_outbox_batch_is_letter, DROP COLUMN letter_batch_id, DROP COLUMN subject,
        DROP COLUMN visit_id, DROP COLUMN health_centre_id;
      DROP TABLE notice_letter_batch;
      -- E-mail notices have no channel to go back to: they become letters.
      UPDATE notice_outbox SET channel = 'letter', recipient = NULL WHERE channel = 'email';
      ALTER TABLE notice_outbox DROP CONSTRAINT notice_outbox_channel_check;
      ALTER TABLE notice_outbox ADD CONSTRAINT notice_outbox_channel_check CHECK (channel IN ('sms', 'letter'));
      ALTER TABLE health_centre DROP COLUMN address, DROP COLUMN phone;
      ALTER TABLE patient DROP COLUMN interpreter_language, DROP COLUMN postal_address, DROP COLUMN email;
    `);
  }
}
