import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { DB } from './schema.js';

/**
 * COPY … FROM STDIN as an ordinary statement of a Kysely connection or transaction. `copyRows` sends the statement
 * with the CSV text as its one parameter; the connections of both engines recognise it and carry it out (the
 * PostgreSQL pool's clients through pg-copy-streams, PGlite with its `COPY … FROM '/dev/blob'`). So bulk rows can be
 * written with COPY inside a transaction, between other statements.
 */

function copyStatement(table: string, columns: readonly string[]): string {
  const ident = /^[a-z_][a-z0-9_]*$/;
  if (!ident.test(table) || !columns.every((c) => ident.test(c))) throw new Error('invalid COPY target');
  return `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`;
}

const COPY_FROM_STDIN = /^COPY [a-z_][a-z0-9_]* \([a-z0-9_, ]+\) FROM STDIN WITH \(FORMAT csv\)$/;
/** The CSV text of a COPY statement made by `copyRows` (its one parameter), or null for any other statement. */
export function copyData(statement: string, parameters: readonly unknown[]): string | null {
  return COPY_FROM_STDIN.test(statement) && parameters.length === 1 && typeof parameters[0] === 'string' ? parameters[0] : null;
}

/**
 * Bulk-loads CSV text (records made by `copyRecord`) into `table (columns)` with COPY, as a statement of `db`: inside
 * a transaction it runs on the transaction's connection. The connections of both engines carry it out (pg-copy-streams
 * on a server, PGlite's `COPY … FROM '/dev/blob'` when embedded).
 */
export async function copyRows(db: Kysely<DB> | Transaction<DB>, table: string, columns: readonly string[], csv: string): Promise<number> {
  if (csv === '') return 0;
  const r = await db.executeQuery(CompiledQuery.raw(copyStatement(table, columns), [csv]));
  return Number(r.numAffectedRows ?? 0);
}

const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Uint8Array) return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (Array.isArray(v)) return quoted(`{${v.map((x) => `"${String(x).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
  return quoted(String(v));
}

/**
 * One record of COPY … (FORMAT csv): null as an empty field, every string quoted (so '' stays an empty string), bytea
 * as \x hex, an array as a text[] literal.
 */
export function copyRecord(values: readonly unknown[]): string {
  return values.map(copyField).join(',') + '\n';
}

/** Rows as COPY records of `columns`: each row's own values, or those `value` gives. */
export function copyRecords<R, C extends string>(
  rows: readonly R[], columns: readonly C[], value: (row: R, column: C) => unknown = (row, column) => (row as Record<C, unknown>)[column],
): string {
  let csv = '';
  for (const row of rows) csv += copyRecord(columns.map((c) => value(row, c)));
  return csv;
}

/**
 * Carries out a `copyRows` statement on a pooled client (`query` is the client's own, unwrapped): the CSV text is
 * streamed with pg-copy-streams. Called by the pool's client wrapper (`serverClient` in connection.ts).
 */
export function copyFromStdin(query: (...args: unknown[]) => unknown, statement: string, data: string): Promise<unknown> {
  const stream = query(copyFrom(statement)) as ReturnType<typeof copyFrom>;
  return new Promise((resolve, reject) => {
    stream.on('error', reject);
    // Reported as an INSERT: Kysely passes the row count on only for the commands that change rows by name.
    stream.on('finish', () => resolve({ command: 'INSERT', rowCount: stream.rowCount ?? 0, rows: [] }));
    stream.end(data);
  });
}
