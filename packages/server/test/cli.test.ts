import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../src/db/migrate.js';

const run = promisify(execFile);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/doudi.mjs');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
delete (env as Record<string, string | undefined>).DATABASE_URL;

async function doudi(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('doudi CLI', () => {
  it('documents every command', async () => {
    const top = await doudi('--help');
    expect(top.code).toBe(0);
    for (const c of ['db migrate', 'regions load', 'users create', 'demo seed']) expect(top.out).toContain(c);
    const sub = await doudi('users', 'create', '--help');
    expect(sub.out).toContain('--region');
  });

  it('migrates, loads regions, creates a user and seeds the demo with JSON output', async () => {
    const m = await doudi('db', 'migrate', '--json');
    expect(JSON.parse(m.out)).toMatchObject({ ok: true, result: { version: readMigrations().at(-1)!.version } });
    const seedTooEarly = await doudi('demo', 'seed', '--json');
    expect(seedTooEarly.code).toBe(1);
    expect(JSON.parse(seedTooEarly.err).error).toMatch(/regions load/);
    const r = await doudi('regions', 'load', '--filter', '510131', '--json');
    expect(JSON.parse(r.out).result).toMatchObject({ loaded: true, dataYear: 2023 });
    const again = await doudi('regions', 'load', '--filter', '510131', '--json');
    expect(JSON.parse(again.out).result.loaded).toBe(false);
    const u = await doudi('users', 'create', '--username', 'boss', '--display-name', '管理员', '--role', 'system_admin',
      '--region', '510131000000', '--password', 'Boss12345', '--json');
    expect(JSON.parse(u.out).result).toMatchObject({ username: 'boss', roleLabel: '系统管理员' });
    const dup = await doudi('users', 'create', '--username', 'boss', '--display-name', '管理员', '--role', 'system_admin',
      '--region', '510131000000', '--password', 'Boss12345');
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('用户名 boss 已存在');
    const bad = await doudi('users', 'create', '--username', 'x1', '--display-name', '某', '--role', 'boss',
      '--region', '510131000000', '--password', 'Boss12345');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--role');
    const seed = await doudi('demo', 'seed', '--json');
    expect(JSON.parse(seed.out).result).toMatchObject({ seeded: true, users: 11 });
  }, 120_000);
});
