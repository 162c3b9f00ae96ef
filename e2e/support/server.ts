// Starts the real Doudi server (packages/server/src/main.ts) for the browser tests, exactly as `npm start`
// runs it, on a free port with a fresh data directory, and stops its whole process group afterwards.

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SERVER_DIR = join(REPO_ROOT, 'packages', 'server');
const SERVER_MAIN = join(SERVER_DIR, 'src', 'main.ts');

const HEALTH_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 10_000;

export interface RunningServer {
  baseUrl: string;
  pid: number;
  dataDir: string;
  stop: () => Promise<void>;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kills the whole process group (tsx may fork children) — SIGTERM, then SIGKILL after a grace period. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'doudi-e2e-'));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const logPath = join(ARTIFACTS_DIR, 'server.log');
  const log = createWriteStream(logPath);

  // Mirror `npm start`: no test-runner variables leak into the server.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'TEST') delete env[k];
  if (env.NODE_ENV === 'test') delete env.NODE_ENV;
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DOUDI_REGION_FILTER: '51' });
  if (!process.env.DATABASE_URL) delete env.DATABASE_URL;

  // The same Node options as packages/server's `npm start`.
  const child = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', SERVER_MAIN], {
    cwd: SERVER_DIR,
    env,
    detached: true, // own process group, so we can kill everything it starts
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(line);
    if (tail.length > 80) tail.splice(0, tail.length - 80);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`;
      resolve();
    });
  });
  // Last resort: if the test runner dies without running teardown, do not leave the server behind.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    if (exited === undefined) {
      killGroup(child, 'SIGTERM');
      const done = await Promise.race([exitPromise.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
      if (!done) {
        killGroup(child, 'SIGKILL');
        await Promise.race([exitPromise, sleep(2_000)]);
      }
    }
    // Children of the server (if any) share the group; make sure none survive.
    killGroup(child, 'SIGKILL');
    await new Promise<void>((r) => log.end(() => r()));
    rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const db = process.env.DATABASE_URL ? process.env.DATABASE_URL.replace(/\/\/[^@/]*@/, '//***@') : 'embedded PGlite';
  console.log(`[e2e] starting server on ${baseUrl} (database: ${db}, log: ${logPath})`);
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`server exited before it was healthy (${exited})`);
      if (Date.now() - started > HEALTH_TIMEOUT_MS) {
        throw new Error(`server did not answer GET /api/health with 200 within ${HEALTH_TIMEOUT_MS / 1000} s`);
      }
      try {
        const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(500);
    }
  } catch (err) {
    await stop();
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`${msg}\n--- last server output (${logPath}) ---\n${tail.join('\n')}`);
  }
  console.log(`[e2e] server healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { baseUrl, pid: child.pid ?? -1, dataDir, stop };
}
