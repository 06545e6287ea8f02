/**
 * A row as the driver returns it, when no interface is written for it: its columns are typed by the
 * query's SQL, which TypeScript cannot read. The one `any` of the product code.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type DbRow = Record<string, any>;

/** Anything that runs SQL: a DataSource, or an EntityManager inside a transaction. */
export interface Queryable {
  query<T = DbRow>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * The rows of any statement. TypeORM's `query()` answers UPDATE and DELETE with `[rows, count]` and
 * everything else with the rows; this hides the difference for `... RETURNING`.
 */
export async function rowsOf<T = DbRow>(m: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
