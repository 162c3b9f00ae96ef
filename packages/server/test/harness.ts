import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '@doudi/domain';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import type { AppContext } from '../src/auth/context.js';
import { hashPassword } from '../src/auth/password.js';
import { newToken, sessionKey } from '../src/auth/session.js';
import { loadConfig, type Config } from '../src/config.js';
import { createFieldCrypto, type FieldCrypto } from '../src/crypto/fieldCrypto.js';
import { openPGlite, openPostgres, type Database } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { loadRegions } from '../src/modules/regions/load.js';

/**
 * A fresh, migrated database for one test file: embedded PGlite in a temp dir, or — when DATABASE_URL is set (CI) —
 * a new database created on that PostgreSQL server and dropped afterwards.
 */
export async function freshDatabase(): Promise<{ database: Database; dispose: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `doudi_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openPostgres(u.toString());
    await migrate(database);
    return {
      database,
      dispose: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-test-'));
  const database = await openPGlite(dir);
  await migrate(database);
  return {
    database,
    dispose: async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A field-crypto instance with a random key for one test process. */
export function testCrypto(): FieldCrypto {
  return (cachedCrypto ??= createFieldCrypto(crypto.randomBytes(32)));
}
let cachedCrypto: FieldCrypto | undefined;

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** Creates a user directly (no audit) and returns it with a ready session. */
  user(spec: { role: Role; regionCode: string; username?: string; password?: string; phone?: string }): Promise<TestUser>;
  close(): Promise<void>;
}

export interface TestUser {
  id: number;
  username: string;
  role: Role;
  regionCode: string;
  /** Headers that carry the session cookie and the CSRF token. */
  headers: Record<string, string>;
}

let seq = 0;
let cachedHash: Promise<string> | undefined;

/** The app over a fresh database with Chengdu's regions (incl. the demo county 蒲江县) loaded. */
export async function startTestApp(opts: { regionFilter?: string[] } = {}): Promise<TestApp> {
  const { database, dispose } = await freshDatabase();
  await loadRegions(database, { filter: opts.regionFilter ?? ['5101'] });
  const config: Config = { ...loadConfig({}), demo: false, scheduleSweeps: false };
  const ctx: AppContext = { database, config, crypto: testCrypto() };
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  return {
    app,
    ctx,
    async user(spec) {
      const username = spec.username ?? `u${process.pid}_${++seq}`;
      const hash = spec.password ? await hashPassword(spec.password) : await (cachedHash ??= hashPassword('Test1234'));
      const { id } = await database.db.insertInto('users').values({
        username, display_name: `测试${seq}`, role: spec.role, region_code: spec.regionCode, phone: spec.phone ?? null, password_hash: hash,
      }).returning('id').executeTakeFirstOrThrow();
      const token = newToken();
      const csrf = newToken();
      await database.db.insertInto('sessions').values({
        id: sessionKey(token), user_id: id, csrf_token: csrf, expires_at: new Date(Date.now() + 3600_000),
      }).execute();
      return { id, username, role: spec.role, regionCode: spec.regionCode, headers: { cookie: `doudi_session=${token}`, 'x-csrf-token': csrf } };
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
}
