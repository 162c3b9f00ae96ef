import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './connection.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationFile {
  version: number;
  name: string;
  checksum: string;
  sql: string;
}

/** Migration files `NNNN_name.sql`, in version order. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        checksum: createHash('sha256').update(text).digest('hex'),
        sql: text,
      };
    });
}

export interface MigrationReport {
  applied: { version: number; name: string }[];
  version: number;
}

/**
 * Applies pending migrations in order, each in its own transaction together with its row in `schema_migrations`.
 * A migration already applied whose file has since changed stops the start-up: applied migrations are immutable.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationReport> {
  const { db } = database;
  await database.execScript(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer NOT NULL, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT schema_migrations_pkey PRIMARY KEY (version));
    COMMENT ON TABLE schema_migrations IS '已执行的数据库迁移';`);
  const done = new Map(
    (await db.selectFrom('schema_migrations').select(['version', 'checksum', 'name']).execute()).map((r) => [r.version, r]),
  );
  const applied: MigrationReport['applied'] = [];
  for (const m of readMigrations(dir)) {
    const prior = done.get(m.version);
    if (prior) {
      if (prior.checksum !== m.checksum) {
        throw new Error(`迁移 ${m.version}_${m.name} 已执行，但文件内容已被修改（校验和不一致）。已执行的迁移不可修改，请新增迁移。`);
      }
      continue;
    }
    const record = sql`INSERT INTO schema_migrations (version, name, checksum) VALUES (${m.version}, ${m.name}, ${m.checksum})`
      .compile(db);
    // Inline the three literals: the record is written inside the same script and transaction as the migration.
    const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
    const insert = record.sql.replace(/\$(\d+)/g, (_, i: string) => literal(record.parameters[Number(i) - 1]));
    await database.execScript(`${m.sql}\n;${insert};`);
    applied.push({ version: m.version, name: m.name });
  }
  return { applied, version: await currentVersion(database) };
}

export async function currentVersion(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}
