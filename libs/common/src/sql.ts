import type { EntityManager } from 'typeorm';

/**
 * The rows of any statement. TypeORM's `query()` answers UPDATE and DELETE with `[rows, count]` and
 * everything else with the rows; this hides the difference for `... RETURNING`.
 */
export async function rowsOf<T = any>(m: Pick<EntityManager, 'query'>, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
