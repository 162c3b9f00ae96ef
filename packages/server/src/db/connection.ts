import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { copyData, copyFromStdin, copyRows } from './copy.js';
import { statementName } from './named.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgresql';

export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /**
   * Bulk-loads CSV text (no header) into `table (columns)` with COPY: pg-copy-streams on a server, PGlite's own
   * `COPY … FROM '/dev/blob'` when embedded. Runs on one held connection, so it never interleaves with a transaction.
   */
  copyCsv(table: string, columns: readonly string[], csv: string): Promise<number>;
  /** Runs a multi-statement SQL script in one transaction on one connection (migrations). */
  execScript(script: string): Promise<void>;
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;
/** Same value types on both engines: bigint counts as numbers, `date` as 'YYYY-MM-DD' strings. */
const toNumber = (v: string) => Number(v);
const asIs = (v: string) => v;

export async function openPGlite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pgl = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers: { [INT8]: toNumber, [DATE]: asIs } });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pgl) });
  return {
    kind: 'pglite',
    db,
    copyCsv(table, columns, csv) {
      return db.connection().execute((conn) => copyRows(conn, table, columns, csv));
    },
    async execScript(script) {
      await db.connection().execute(async () => {
        try {
          await pgl.exec(`BEGIN;\n${script}\n;COMMIT;`);
        } catch (err) {
          await pgl.exec('ROLLBACK');
          throw err;
        }
      });
    },
    async close() {
      await db.destroy();
      await pgl.close();
    },
  };
}

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Connections are kept once opened (no idle timeout; pg's default closed them after 10 s idle). A new
    // PostgreSQL backend starts with empty catalog caches and plans its first statements slowly: a sweep page read
    // took 317 ms as the first statement of a connection and 55 ms once it had run, and an incremental sweep of
    // 10,000 households at 1,000,000 persons took 3.1–3.6 s when its connections had idled out, 1.7–2.3 s without.
    // Idle connections do not keep a command-line process alive.
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
    // No JIT compilation: the application runs many short statements whose cost estimates still cross
    // jit_above_cost (a county's sweep page, a scoped count), and compiling took longer than running them
    // (about 160 ms per statement at 1,000,000 persons).
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? toNumber : oid === DATE ? asIs : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that the server ends (a restart, an administrator, a dropped database) reports an error on
  // the pool; without a listener that error would stop the process. The pool has already discarded the connection
  // and opens a new one for the next query, so there is nothing else to do.
  pool.on('error', () => {});
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: { connect: async () => serverClient(await pool.connect()), end: () => pool.end() } }),
  });
  await sql`select 1`.execute(db);
  return {
    kind: 'postgresql',
    db,
    copyCsv(table, columns, csv) {
      return db.connection().execute((conn) => copyRows(conn, table, columns, csv));
    },
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query(`BEGIN;\n${script}\n;COMMIT;`);
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

const WRAPPED = Symbol('wrapped');
/**
 * A pooled client whose `query` recognises two kinds of statement text (once per client; the pool keeps its clients):
 * `copyRows` statements, carried out with COPY (copy.ts), and the texts of `namedStatement`, sent under their names so
 * that each connection prepares them once (named.ts). Everything else goes through unchanged.
 */
function serverClient(client: pg.PoolClient): pg.PoolClient {
  const c = client as pg.PoolClient & { [WRAPPED]?: true };
  if (c[WRAPPED]) return c;
  const query = c.query.bind(c) as (...args: unknown[]) => unknown;
  c.query = ((text: unknown, params?: unknown, ...rest: unknown[]) => {
    if (typeof text !== 'string') return query(text, params, ...rest);
    const data = Array.isArray(params) ? copyData(text, params) : null;
    if (data !== null) return copyFromStdin(query, text, data);
    const name = statementName(text);
    return name ? query({ name, text, values: params }, ...rest) : query(text, params, ...rest);
  }) as typeof c.query;
  c[WRAPPED] = true;
  return c;
}

export function openDatabase(opts: { databaseUrl?: string | undefined; dataDir?: string | undefined }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPGlite(opts.dataDir);
}
