import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

const names = new Map<string, string>();

/**
 * Runs one statement as a named prepared statement: each pooled connection parses and plans it once
 * instead of on every call (planning the queue's page query cost more than running it). For the
 * hottest statements only (the access check, a triage submission, the queue); the name is derived
 * from the text, so a changed text is a new statement. Given a transaction's EntityManager, it runs
 * on that transaction's connection.
 */
export async function queryPrepared<T = Record<string, unknown>>(
  on: DataSource | EntityManager,
  text: string,
  values: unknown[],
): Promise<T[]> {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  const runner = 'queryRunner' in on ? on.queryRunner : undefined;
  const dataSource = 'driver' in on ? on : on.connection;
  const target = runner ? ((await runner.connect()) as PoolClient) : (dataSource.driver as unknown as { master: Pool }).master;
  const result = await target.query({ name, text, values });
  return result.rows as T[];
}
