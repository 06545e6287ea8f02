import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Referrals and answers between installations (issue 21): this installation's signing keys, the
 * partner installations with their pinned public keys, the services offered and the partners' offers
 * as last fetched, referrals in both directions, the outbox per partner and the message ids received
 * (exactly once), and the partners' news with who read it. New tables only: nothing existing changes.
 */
export class Federation1764090000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE federation_key (
        kid text PRIMARY KEY,
        private_jwk jsonb NOT NULL,
        public_jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        retired_at timestamptz
      );
      CREATE UNIQUE INDEX federation_key_one_current ON federation_key ((true)) WHERE retired_at IS NULL;

      CREATE TABLE federation_partner (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES region(id),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        base_url text NOT NULL CHECK (base_url ~ '^https?://[^/?#]+(/[^?#]*)?$'),
        installation_id uuid NOT NULL,
        keys jsonb NOT NULL CHECK (jsonb_typeof(keys) = 'array'),
        keys_fetched_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES app_user(id),
        CONSTRAINT federation_partner_once_per_region UNIQUE (region_id, installation_id)
      );

      CREATE TABLE federation_service (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES region(id),
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        specialty text NOT NULL CHECK (length(btrim(specialty)) > 0),
        pathway_key text NOT NULL REFERENCES pathway(key),
        turnaround_days integer NOT NULL CHECK (turnaround_days BETWEEN 1 AND 365),
        price_per_referral numeric(12, 2) NOT NULL CHECK (price_per_referral >= 0),
        currency char(3) NOT NULL DEFAULT 'SEK' CHECK (currency ~ '^[A-Z]{3}$'),
        contact text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES app_user(id)
      );

      CREATE TABLE federation_offer (
        partner_id uuid NOT NULL REFERENCES federation_partner(id) ON DELETE CASCADE,
        service_id uuid NOT NULL,
        region_name text NOT NULL,
        title text NOT NULL,
        specialty text NOT NULL,
        pathway_key text NOT NULL,
        form jsonb,
        turnaround_days integer NOT NULL,
        price_per_referral numeric(12, 2) NOT NULL,
        currency char(3) NOT NULL,
        contact text,
        status text NOT NULL CHECK (status IN ('open', 'closed')),
        version integer NOT NULL,
        fetched_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, service_id)
      );

      CREATE TABLE federation_referral (
        id uuid NOT NULL,
        direction text NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
        region_id uuid NOT NULL REFERENCES region(id),
        partner_id uuid NOT NULL REFERENCES federation_partner(id),
        service_id uuid NOT NULL,
        service_title text NOT NULL,
        -- Outgoing: the local patient and the referring centre, whose inbox receives the answer.
        patient_id uuid REFERENCES patient(id),
        health_centre_id uuid REFERENCES health_centre(id),
        referred_by uuid REFERENCES app_user(id),
        -- Incoming: the patient only as the referral carries it (never a row in patient).
        patient jsonb,
        referrer jsonb NOT NULL,
        answers jsonb NOT NULL,
        bundle jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('sent', 'received', 'accepted', 'rejected', 'completion_requested', 'answered')),
        status_reason text,
        resume_status text CHECK (resume_status IN ('received', 'accepted')),
        completion_question text,
        completion_reply text,
        answer jsonb,
        answer_read_at timestamptz,
        answer_read_by uuid REFERENCES app_user(id),
        price numeric(12, 2) NOT NULL CHECK (price >= 0),
        currency char(3) NOT NULL,
        sent_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, direction),
        CONSTRAINT federation_referral_sides CHECK (
          (direction = 'outgoing' AND patient_id IS NOT NULL AND health_centre_id IS NOT NULL AND patient IS NULL)
          OR (direction = 'incoming' AND patient_id IS NULL AND health_centre_id IS NULL AND patient IS NOT NULL))
      );
      CREATE INDEX federation_referral_region ON federation_referral (region_id, direction, sent_at DESC);
      CREATE INDEX federation_referral_centre ON federation_referral (health_centre_id, sent_at DESC) WHERE health_centre_id IS NOT NULL;

      -- The status machine in the database too: a step the protocol does not know is refused whoever writes it.
      CREATE FUNCTION federation_referral_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = OLD.status THEN RETURN NEW; END IF;
        IF (OLD.status, NEW.status) IN (('sent', 'received'), ('received', 'accepted'), ('received', 'rejected'),
             ('received', 'completion_requested'), ('accepted', 'completion_requested'), ('accepted', 'answered'),
             ('completion_requested', 'received'), ('completion_requested', 'accepted')) THEN
          NEW.updated_at := now();
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'referral status % cannot become %', OLD.status, NEW.status USING ERRCODE = 'check_violation';
      END $$;
      CREATE TRIGGER federation_referral_transition BEFORE UPDATE OF status ON federation_referral
        FOR EACH ROW EXECUTE FUNCTION federation_referral_transition();

      CREATE TABLE federation_outbox (
        id bigserial PRIMARY KEY,
        message_id uuid NOT NULL UNIQUE,
        partner_id uuid NOT NULL REFERENCES federation_partner(id),
        referral_id uuid,
        kind text NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        last_error text,
        delivered_at timestamptz
      );
      CREATE INDEX federation_outbox_pending ON federation_outbox (partner_id, id) WHERE delivered_at IS NULL;

      CREATE TABLE federation_inbound (
        message_id uuid PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES federation_partner(id),
        kind text NOT NULL,
        referral_id uuid,
        sent_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );

      CREATE TABLE federation_news (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES region(id),
        partner_id uuid NOT NULL REFERENCES federation_partner(id) ON DELETE CASCADE,
        service_id uuid NOT NULL,
        service_title text NOT NULL,
        changes jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX federation_news_region ON federation_news (region_id, created_at DESC);
      CREATE TABLE federation_news_read (
        news_id uuid NOT NULL REFERENCES federation_news(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id),
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (news_id, user_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE federation_news_read;
      DROP TABLE federation_news;
      DROP TABLE federation_inbound;
      DROP TABLE federation_outbox;
      DROP TRIGGER federation_referral_transition ON federation_referral;
      DROP FUNCTION federation_referral_transition();
      DROP TABLE federation_referral;
      DROP TABLE federation_offer;
      DROP TABLE federation_service;
      DROP TABLE federation_partner;
      DROP TABLE federation_key;
    `);
  }
}
