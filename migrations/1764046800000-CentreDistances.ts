import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Road distances between neighbouring health centres, for pathways that let a patient travel to one. */
export class CentreDistances1764046800000 implements MigrationInterface {
  name = 'CentreDistances1764046800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE health_centre_distance (
        from_centre_id uuid NOT NULL REFERENCES health_centre(id),
        to_centre_id uuid NOT NULL REFERENCES health_centre(id),
        road_km numeric(6,1) NOT NULL CHECK (road_km > 0),
        PRIMARY KEY (from_centre_id, to_centre_id),
        CHECK (from_centre_id <> to_centre_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE health_centre_distance');
  }
}
