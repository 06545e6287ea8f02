import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Regions working together: agreements by which one region's clinic serves another region's health
 * centres (capacity, validity, prices), and the pathway catalogue (offered and adopted pathways).
 * A case now names the region whose specialists serve it; capacity under an agreement is enforced
 * on every booking by a trigger, and a session may have a specialist from another region only
 * under an agreement that covers its health centre.
 */
export class RegionAgreements1764050400000 implements MigrationInterface {
  name = 'RegionAgreements1764050400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region_agreement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        provider_region_id uuid NOT NULL REFERENCES region(id),
        provider_clinic_id uuid NOT NULL,
        receiver_region_id uuid NOT NULL REFERENCES region(id),
        -- Share of one full-time specialist (0.4 = 40 %), turned into booked hours per ISO week.
        capacity_share numeric(4,3) NOT NULL CHECK (capacity_share > 0 AND capacity_share <= 1),
        full_time_hours_per_week numeric(4,1) NOT NULL DEFAULT 40 CHECK (full_time_hours_per_week > 0 AND full_time_hours_per_week <= 60),
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        price_remote_visit numeric(10,2) NOT NULL CHECK (price_remote_visit >= 0),
        price_onsite_day numeric(10,2) NOT NULL CHECK (price_onsite_day >= 0),
        price_no_show numeric(10,2) NOT NULL CHECK (price_no_show >= 0),
        currency text NOT NULL DEFAULT 'SEK' CHECK (currency ~ '^[A-Z]{3}$'),
        status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'active', 'terminated')),
        proposed_by uuid NOT NULL REFERENCES app_user(id),
        proposed_at timestamptz NOT NULL DEFAULT now(),
        accepted_by uuid REFERENCES app_user(id),
        accepted_at timestamptz,
        terminated_by uuid REFERENCES app_user(id),
        terminated_at timestamptz,
        FOREIGN KEY (provider_clinic_id, provider_region_id) REFERENCES clinic(id, region_id),
        CONSTRAINT region_agreement_two_regions CHECK (provider_region_id <> receiver_region_id),
        CONSTRAINT region_agreement_period CHECK (valid_to >= valid_from),
        CONSTRAINT region_agreement_accepted CHECK ((status = 'proposed') = (accepted_at IS NULL) OR status = 'terminated'),
        UNIQUE (id, receiver_region_id)
      );
      CREATE INDEX region_agreement_provider ON region_agreement (provider_region_id, status);
      CREATE INDEX region_agreement_receiver ON region_agreement (receiver_region_id, status);
      CREATE TABLE region_agreement_centre (
        agreement_id uuid NOT NULL,
        receiver_region_id uuid NOT NULL,
        health_centre_id uuid NOT NULL,
        PRIMARY KEY (agreement_id, health_centre_id),
        FOREIGN KEY (agreement_id, receiver_region_id) REFERENCES region_agreement(id, receiver_region_id) ON DELETE CASCADE,
        -- The receiving centres are the receiving region's own.
        FOREIGN KEY (health_centre_id, receiver_region_id) REFERENCES health_centre(id, region_id)
      );
      CREATE INDEX region_agreement_centre_centre ON region_agreement_centre (health_centre_id);
      CREATE TABLE region_agreement_pathway (
        agreement_id uuid NOT NULL REFERENCES region_agreement(id) ON DELETE CASCADE,
        pathway_key text NOT NULL REFERENCES pathway(key),
        PRIMARY KEY (agreement_id, pathway_key)
      );

      -- What a provider region serves on a day under its agreements in force: one row per agreement,
      -- receiving centre and pathway. The one definition of an agreement being in force.
      CREATE FUNCTION agreement_coverage(provider uuid, on_date date)
        RETURNS TABLE (agreement_id uuid, provider_clinic_id uuid, receiver_region_id uuid, health_centre_id uuid, pathway_key text, accepted_at timestamptz)
        LANGUAGE sql STABLE AS $$
          SELECT a.id, a.provider_clinic_id, a.receiver_region_id, ac.health_centre_id, ap.pathway_key, a.accepted_at
            FROM region_agreement a
            JOIN region_agreement_centre ac ON ac.agreement_id = a.id
            JOIN region_agreement_pathway ap ON ap.agreement_id = a.id
           WHERE a.provider_region_id = provider AND a.status = 'active' AND on_date BETWEEN a.valid_from AND a.valid_to
        $$;

      -- The agreement (if any) under which a provider region serves a case of the receiver region.
      CREATE FUNCTION agreement_serving(provider uuid, receiver uuid, pathway text, centre uuid, on_date date) RETURNS uuid
        LANGUAGE sql STABLE AS $$
          SELECT cov.agreement_id FROM agreement_coverage(provider, on_date) cov
           WHERE cov.receiver_region_id = receiver AND cov.pathway_key = pathway AND cov.health_centre_id = centre
           ORDER BY cov.accepted_at LIMIT 1
        $$;

      -- The pathway catalogue: an owner region offers a published pathway; other regions adopt it.
      ALTER TABLE pathway ADD CONSTRAINT pathway_key_owner UNIQUE (key, owner_region_id);
      CREATE TABLE pathway_offer (
        pathway_key text PRIMARY KEY,
        region_id uuid NOT NULL,
        offered_by uuid NOT NULL REFERENCES app_user(id),
        offered_at timestamptz NOT NULL DEFAULT now(),
        -- Only the owner offers its pathway.
        FOREIGN KEY (pathway_key, region_id) REFERENCES pathway(key, owner_region_id),
        UNIQUE (pathway_key, region_id)
      );
      CREATE TABLE pathway_adoption (
        region_id uuid NOT NULL REFERENCES region(id),
        pathway_key text NOT NULL,
        offering_region_id uuid NOT NULL,
        adopted_by uuid NOT NULL REFERENCES app_user(id),
        adopted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_id, pathway_key),
        FOREIGN KEY (pathway_key, offering_region_id) REFERENCES pathway_offer(pathway_key, region_id),
        CHECK (region_id <> offering_region_id)
      );

      -- The region whose specialists serve a case: its own, or the one offering the adopted pathway
      -- (a follow-up case keeps the region of the case it follows).
      ALTER TABLE triage_case ADD COLUMN serving_region_id uuid REFERENCES region(id);
      UPDATE triage_case SET serving_region_id = region_id;
      ALTER TABLE triage_case ALTER COLUMN serving_region_id SET NOT NULL;
      CREATE FUNCTION triage_case_route() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.serving_region_id := coalesce(NEW.serving_region_id,
            (SELECT offering_region_id FROM pathway_adoption WHERE region_id = NEW.region_id AND pathway_key = NEW.pathway_key),
            NEW.region_id);
          RETURN NEW;
        END $$;
      CREATE TRIGGER triage_case_route BEFORE INSERT ON triage_case FOR EACH ROW EXECUTE FUNCTION triage_case_route();
      DROP INDEX triage_case_queue;
      CREATE INDEX triage_case_queue ON triage_case (serving_region_id, pathway_key, category_order, due_date, score DESC, triaged_at, id)
        WHERE status = 'awaiting_booking' AND in_queue;
      CREATE INDEX triage_case_centre_queue ON triage_case (health_centre_id, pathway_key, category_order, due_date, score DESC, triaged_at, id)
        WHERE status = 'awaiting_booking' AND in_queue;

      -- A session with another region's specialist is planned under an agreement covering its centre.
      ALTER TABLE clinic_session ADD COLUMN agreement_id uuid REFERENCES region_agreement(id);
      CREATE INDEX clinic_session_agreement ON clinic_session (agreement_id) WHERE agreement_id IS NOT NULL;
      CREATE FUNCTION clinic_session_agreement_check() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          specialist_region uuid;
          specialist_clinic uuid;
          a region_agreement%ROWTYPE;
        BEGIN
          SELECT region_id, clinic_id INTO specialist_region, specialist_clinic FROM app_user WHERE id = NEW.specialist_id;
          IF NEW.agreement_id IS NULL THEN
            IF specialist_region <> NEW.region_id THEN
              RAISE EXCEPTION 'a specialist of another region needs an agreement' USING ERRCODE = 'check_violation', CONSTRAINT = 'clinic_session_agreement';
            END IF;
            RETURN NEW;
          END IF;
          SELECT * INTO a FROM region_agreement WHERE id = NEW.agreement_id;
          IF a.status <> 'active' OR a.receiver_region_id <> NEW.region_id OR a.provider_clinic_id <> specialist_clinic
             OR (lower(NEW.period) AT TIME ZONE 'Europe/Stockholm')::date NOT BETWEEN a.valid_from AND a.valid_to
             OR NOT EXISTS (SELECT 1 FROM region_agreement_centre WHERE agreement_id = a.id AND health_centre_id = NEW.health_centre_id) THEN
            RAISE EXCEPTION 'the agreement does not cover this session' USING ERRCODE = 'check_violation', CONSTRAINT = 'clinic_session_agreement';
          END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER clinic_session_agreement_check BEFORE INSERT OR UPDATE OF specialist_id, agreement_id, health_centre_id, period ON clinic_session
        FOR EACH ROW EXECUTE FUNCTION clinic_session_agreement_check();

      -- Minutes booked under an agreement in the Stockholm week starting on the date week (a Monday), leaving
      -- out one booking (the one a trigger is checking).
      CREATE FUNCTION agreement_booked_minutes(agreement uuid, week date, except_booking uuid DEFAULT NULL) RETURNS numeric
        LANGUAGE sql STABLE AS $$
          SELECT coalesce(sum(extract(epoch FROM sl.end_at - sl.start_at) / 60), 0)
            FROM booking b JOIN slot sl ON sl.id = b.slot_id JOIN clinic_session cs ON cs.id = sl.session_id
           WHERE cs.agreement_id = agreement AND b.status = 'active' AND b.id IS DISTINCT FROM except_booking
             AND sl.start_at >= week::timestamp AT TIME ZONE 'Europe/Stockholm'
             AND sl.start_at < (week + 7)::timestamp AT TIME ZONE 'Europe/Stockholm'
        $$;

      -- Booked time under an agreement never exceeds its weekly capacity. The agreement row is locked,
      -- so concurrent bookings under one agreement are counted one after the other.
      CREATE FUNCTION booking_agreement_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          s record;
          a region_agreement%ROWTYPE;
        BEGIN
          IF NEW.status <> 'active' THEN RETURN NEW; END IF;
          SELECT sl.start_at, sl.end_at, cs.agreement_id INTO s FROM slot sl JOIN clinic_session cs ON cs.id = sl.session_id WHERE sl.id = NEW.slot_id;
          IF s.agreement_id IS NULL THEN RETURN NEW; END IF;
          SELECT * INTO a FROM region_agreement WHERE id = s.agreement_id FOR UPDATE;
          IF NOT EXISTS (SELECT 1 FROM triage_case c JOIN region_agreement_pathway ap ON ap.agreement_id = a.id AND ap.pathway_key = c.pathway_key
                          WHERE c.id = NEW.case_id) THEN
            RAISE EXCEPTION 'the agreement does not cover the case''s pathway' USING ERRCODE = 'check_violation', CONSTRAINT = 'agreement_pathway';
          END IF;
          IF agreement_booked_minutes(a.id, date_trunc('week', s.start_at AT TIME ZONE 'Europe/Stockholm')::date, NEW.id)
             + extract(epoch FROM s.end_at - s.start_at) / 60 > a.capacity_share * a.full_time_hours_per_week * 60 THEN
            RAISE EXCEPTION 'the agreement''s weekly capacity is used up' USING ERRCODE = 'check_violation', CONSTRAINT = 'agreement_weekly_capacity';
          END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER booking_agreement_capacity BEFORE INSERT OR UPDATE OF status, slot_id ON booking
        FOR EACH ROW EXECUTE FUNCTION booking_agreement_capacity();

      -- Whose patient data was touched, when it is another region's than the actor's.
      ALTER TABLE audit_event ADD COLUMN data_region_id uuid;

      -- The external-locum (hyrläkare) rate an admin enters for the locum-cost report, per region.
      CREATE TABLE region_setting (
        region_id uuid PRIMARY KEY REFERENCES region(id),
        external_locum_weekly_cost numeric(12,2) CHECK (external_locum_weekly_cost >= 0),
        currency text NOT NULL DEFAULT 'SEK',
        updated_by uuid REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE region_setting;
      ALTER TABLE audit_event DROP COLUMN data_region_id;
      DROP TRIGGER booking_agreement_capacity ON booking;
      DROP FUNCTION booking_agreement_capacity();
      DROP TRIGGER clinic_session_agreement_check ON clinic_session;
      DROP FUNCTION clinic_session_agreement_check();
      ALTER TABLE clinic_session DROP COLUMN agreement_id;
      DROP INDEX triage_case_centre_queue;
      DROP INDEX triage_case_queue;
      DROP TRIGGER triage_case_route ON triage_case;
      DROP FUNCTION triage_case_route();
      ALTER TABLE triage_case DROP COLUMN serving_region_id;
      CREATE INDEX triage_case_queue ON triage_case (region_id, pathway_key, category_order, due_date, score DESC, triaged_at, id)
        WHERE status = 'awaiting_booking' AND in_queue;
      DROP TABLE pathway_adoption;
      DROP TABLE pathway_offer;
      ALTER TABLE pathway DROP CONSTRAINT pathway_key_owner;
      DROP FUNCTION agreement_booked_minutes(uuid, date, uuid);
      DROP FUNCTION agreement_serving(uuid, uuid, text, uuid, date);
      DROP FUNCTION agreement_coverage(uuid, date);
      DROP TABLE region_agreement_pathway;
      DROP TABLE region_agreement_centre;
      DROP TABLE region_agreement;
    `);
  }
}
