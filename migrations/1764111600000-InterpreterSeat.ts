import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The interpreter's seat in the embedded video mode (issues 22 and 17): the one-time link's join hands out
 * a socket credential for that one visit, of which only the SHA-256 is kept. Booking again clears it.
 */
export class InterpreterSeat1764111600000 implements MigrationInterface {
  name = 'InterpreterSeat1764111600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visit_interpreter
        ADD COLUMN seat_sha256 bytea UNIQUE CONSTRAINT visit_interpreter_seat_sha256_length CHECK (length(seat_sha256) = 32)
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE visit_interpreter DROP COLUMN seat_sha256`);
  }
}
