import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Organisation, users and sign-in, patients, and the append-only audit log. */
export class Foundation1764028800000 implements MigrationInterface {
  name = 'Foundation1764028800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE clinic (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES region(id),
        name text NOT NULL,
        hospital_name text NOT NULL,
        specialty text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (id, region_id)
      );
      CREATE TABLE health_centre (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES region(id),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        municipality text,
        road_distance_km numeric(6,1) NOT NULL CHECK (road_distance_km >= 0),
        travel_minutes integer CHECK (travel_minutes >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (region_id, name),
        UNIQUE (id, region_id)
      );
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
        display_name text NOT NULL,
        password_hash text,
        role text NOT NULL CHECK (role IN ('nurse', 'specialist', 'admin')),
        region_id uuid NOT NULL REFERENCES region(id),
        health_centre_id uuid,
        clinic_id uuid,
        active boolean NOT NULL DEFAULT true,
        token_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (health_centre_id, region_id) REFERENCES health_centre(id, region_id),
        FOREIGN KEY (clinic_id, region_id) REFERENCES clinic(id, region_id),
        CONSTRAINT app_user_nurse_has_centre CHECK ((role = 'nurse') = (health_centre_id IS NOT NULL)),
        CONSTRAINT app_user_specialist_has_clinic CHECK ((role = 'specialist') = (clinic_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX app_user_username_key ON app_user (username);
      CREATE TABLE user_identity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        issuer text NOT NULL,
        subject text NOT NULL,
        UNIQUE (issuer, subject)
      );
      CREATE TABLE login_attempt (
        id bigserial PRIMARY KEY,
        username_key text NOT NULL,
        client_ip text,
        succeeded boolean NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_attempt_username_time ON login_attempt (username_key, attempted_at DESC);
      CREATE INDEX login_attempt_ip_time ON login_attempt (client_ip, attempted_at DESC);
      CREATE TABLE app_setting (
        key text PRIMARY KEY,
        value text NOT NULL
      );
      CREATE TABLE patient (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES region(id),
        personnummer char(12) NOT NULL CHECK (personnummer ~ '^[0-9]{12}$'),
        is_coordination_number boolean NOT NULL,
        birth_date date NOT NULL,
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        health_centre_id uuid NOT NULL,
        phone text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (health_centre_id, region_id) REFERENCES health_centre(id, region_id),
        CONSTRAINT patient_personnummer_per_region UNIQUE (region_id, personnummer)
      );
      CREATE INDEX patient_health_centre ON patient (health_centre_id);
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_user_id uuid,
        actor_username text,
        actor_role text,
        care_unit_type text CHECK (care_unit_type IN ('health_centre', 'clinic', 'region')),
        care_unit_id uuid,
        region_id uuid,
        patient_id uuid,
        action text NOT NULL CHECK (action IN ('create', 'read', 'update', 'delete', 'execute', 'login')),
        resource_type text NOT NULL,
        resource_id text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
        reason text,
        request_id text,
        client_ip text,
        detail jsonb
      );
      CREATE INDEX audit_event_patient_time ON audit_event (patient_id, occurred_at DESC) WHERE patient_id IS NOT NULL;
      CREATE INDEX audit_event_actor_time ON audit_event (actor_user_id, occurred_at DESC);
      CREATE INDEX audit_event_time ON audit_event (occurred_at DESC);
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_event;
      DROP FUNCTION audit_event_is_append_only();
      DROP TABLE patient;
      DROP TABLE app_setting;
      DROP TABLE login_attempt;
      DROP TABLE user_identity;
      DROP TABLE app_user;
      DROP TABLE health_centre;
      DROP TABLE clinic;
      DROP TABLE region;
    `);
  }
}
