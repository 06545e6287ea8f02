import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { MIGRATIONS } from '../../../migrations';
import { runMigrations } from './migrate';

/**
 * A logical backup of the whole database: every table of the public schema as PostgreSQL COPY text,
 * read in one REPEATABLE READ snapshot (so it is consistent while the api keeps writing), gzipped
 * into one file with a manifest (format, time, the migrations the schema was at, row counts).
 * It exists because the embedded PostgreSQL ships no pg_dump (and Debian's is older than it);
 * against an external server, pg_dump works as well.
 *
 * File layout (text before gzip): a JSON manifest line, then per table a `\table <name>` line, the
 * COPY data, and `\.` — COPY text escapes newlines inside values, so lines never split a row.
 */
export const BACKUP_FORMAT = 'ledtriage-backup/1';
const MIGRATIONS_TABLE = 'migrations';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  migrations: string[];
  tables: Array<{ name: string; rows: number }>;
}

async function tablesOf(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> $1 ORDER BY c.relname`,
    [MIGRATIONS_TABLE],
  );
  return rows.map((r) => r.name);
}

export async function backupDatabase(url: string, file: string): Promise<BackupManifest> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesOf(client);
    const migrations = (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).rows.map((r) => r.name);
    const counts: BackupManifest['tables'] = [];
    for (const name of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`);
      counts.push({ name, rows: Number(rows[0]!.n) });
    }
    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), migrations, tables: counts };
    const out = new PassThrough();
    const written = pipeline(out, createGzip(), createWriteStream(file, { mode: 0o600 }));
    out.write(`${JSON.stringify(manifest)}\n`);
    for (const name of tables) {
      out.write(`\\table ${name}\n`);
      const stream = client.query(copyTo(`COPY "${name}" TO STDOUT`));
      for await (const chunk of stream) {
        if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      }
      out.write('\\.\n');
    }
    out.end();
    await written;
    await client.query('COMMIT');
    return manifest;
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup into an empty database (or one that only has the schema): migrates it to the
 * backup's migrations, empties every table, loads the rows with triggers off (so neither the audit
 * log's append-only rule nor the foreign keys, which PostgreSQL checks with triggers, run row by row),
 * re-checks every foreign key as a whole afterwards (`checkForeignKeys`), resets the sequences, then
 * runs any newer migrations this version of the product has. Any failure rolls all of it back.
 */
export async function restoreDatabase(url: string, file: string): Promise<BackupManifest> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new Error(`${file} is empty`);
  const manifest = JSON.parse(first.value) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`${file} is not a ${BACKUP_FORMAT} file`);
  const known = MIGRATIONS.map((m) => m.name);
  if (manifest.migrations.some((name, i) => known[i] !== name)) {
    throw new Error(`the backup's schema (${manifest.migrations.at(-1)}) is not one this version of the product knows`);
  }
  await runMigrations(url, manifest.migrations.length);

  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const tables = await tablesOf(client);
    // Triggers off (as for a replica): the audit log's append-only rule would refuse the TRUNCATE.
    await client.query(`SET LOCAL session_replication_role = replica`);
    if (tables.length > 0) await client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
    let table: string | null = null;
    let rows: PassThrough | null = null;
    let loading: Promise<void> | null = null;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const line = next.value;
      if (table === null) {
        if (!line.startsWith('\\table ')) throw new Error(`unexpected line in ${file}: ${line.slice(0, 40)}`);
        table = line.slice(7);
        if (!tables.includes(table)) throw new Error(`the backup has a table ${table} this schema has not`);
        rows = new PassThrough();
        loading = pipeline(rows, client.query(copyFrom(`COPY "${table}" FROM STDIN`)));
      } else if (line === '\\.') {
        rows!.end();
        await loading;
        table = null;
      } else if (!rows!.write(`${line}\n`)) {
        await new Promise((r) => rows!.once('drain', r));
      }
    }
    if (table !== null) throw new Error(`${file} ends inside table ${table}`);
    await client.query('SET LOCAL session_replication_role = origin');
    await checkForeignKeys(client);
    await resetSequences(client);
    for (const t of manifest.tables) {
      const { rows: counted } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t.name}"`);
      if (Number(counted[0]!.n) !== t.rows) throw new Error(`table ${t.name}: ${counted[0]!.n} rows restored, ${t.rows} in the backup`);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
  await runMigrations(url);
  return manifest;
}

/**
 * Every foreign key of the public schema, checked with one anti-join each (the same rows PostgreSQL's
 * own check would look for: MATCH SIMPLE skips a row with any NULL key column, MATCH FULL only one with
 * all of them NULL). Throws naming the first constraint that a restored row breaks.
 */
export async function checkForeignKeys(client: Pick<Client, 'query'>): Promise<number> {
  const { rows: keys } = await client.query<{ name: string; child: string; parent: string; cols: string[]; refs: string[]; full: boolean }>(
    `SELECT con.conname AS name, ch.relname AS child, pa.relname AS parent, con.confmatchtype = 'f' AS full,
            array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS cols,
            array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS refs
       FROM pg_constraint con JOIN pg_class ch ON ch.oid = con.conrelid JOIN pg_class pa ON pa.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE con.contype = 'f' AND n.nspname = 'public' ORDER BY ch.relname, con.conname`,
  );
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  for (const k of keys) {
    const matches = k.cols.map((c, i) => `p.${q(k.refs[i]!)} = c.${q(c)}`).join(' AND ');
    const allSet = k.cols.map((c) => `c.${q(c)} IS NOT NULL`).join(' AND ');
    const someSet = k.cols.map((c) => `c.${q(c)} IS NOT NULL`).join(' OR ');
    const broken = k.full
      ? `(${someSet}) AND (NOT (${allSet}) OR NOT EXISTS (SELECT 1 FROM ${q(k.parent)} p WHERE ${matches}))`
      : `${allSet} AND NOT EXISTS (SELECT 1 FROM ${q(k.parent)} p WHERE ${matches})`;
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${q(k.child)} c WHERE ${broken}`);
    if (rows[0]!.n > 0) {
      throw new Error(
        `foreign key ${k.name} broken: ${rows[0]!.n} row(s) of ${k.child} (${k.cols.join(', ')}) ` +
          `refer to no row of ${k.parent} (${k.refs.join(', ')}); nothing was restored`,
      );
    }
  }
  return keys.length;
}

/** Every sequence owned by a column moves past the column's largest value. */
async function resetSequences(client: Client): Promise<void> {
  const { rows } = await client.query<{ seq: string; tbl: string; col: string }>(
    `SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col
       FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
       JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
       JOIN pg_namespace n ON n.oid = s.relnamespace
      WHERE s.relkind = 'S' AND n.nspname = 'public'`,
  );
  for (const r of rows) {
    await client.query(`SELECT setval('"${r.seq}"', coalesce((SELECT max("${r.col}") FROM "${r.tbl}"), 0) + 1, false)`);
  }
}

/** A readable of a backup's manifest only (for `db:restore --check`). */
export async function readManifest(file: string): Promise<BackupManifest> {
  const lines = createInterface({ input: Readable.from(createReadStream(file).pipe(createGunzip())), crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return JSON.parse(line) as BackupManifest;
  }
  throw new Error(`${file} is empty`);
}
