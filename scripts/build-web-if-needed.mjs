#!/usr/bin/env node
// 兜底 Doudi — build the web app (packages/web/dist) only when it is missing or older than its sources.
//
// Sources: packages/web/{src,public}/**, packages/web/index.html, packages/web/vite.config.*,
// packages/web/package.json and packages/domain/src/** (the web app bundles the shared domain package).
// Dependency-free (node: built-ins only). `--force` rebuilds unconditionally.

import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'packages', 'web');
const distIndex = join(web, 'dist', 'index.html');
const force = process.argv.includes('--force');

const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
};

/** Returns the first file under `p` (file or directory) newer than `than`, or undefined. */
function newerThan(p, than) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return undefined;
  }
  if (st.isFile()) return st.mtimeMs > than ? p : undefined;
  if (!st.isDirectory()) return undefined;
  // A directory whose entries were added/removed/renamed gets a newer mtime itself (deleted files count too).
  if (st.mtimeMs > than) return p;
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.vite') continue;
    const hit = newerThan(join(p, entry.name), than);
    if (hit) return hit;
  }
  return undefined;
}

function staleReason() {
  if (force) return '--force';
  const built = mtime(distIndex);
  if (built === undefined) return 'packages/web/dist/index.html 不存在 / is missing';
  const sources = [
    join(web, 'src'),
    join(web, 'public'),
    join(web, 'index.html'),
    join(web, 'vite.config.ts'),
    join(web, 'vite.config.mts'),
    join(web, 'vite.config.js'),
    join(web, 'package.json'),
    join(root, 'packages', 'domain', 'src'),
  ];
  for (const s of sources) {
    const hit = newerThan(s, built);
    if (hit) return `${relative(root, hit)} 已更新 / changed`;
  }
  return undefined;
}

const reason = staleReason();
if (!reason) {
  console.log('[build:web] 前端已是最新，跳过构建 / web app is up to date, skipping build');
  process.exit(0);
}
console.log(`[build:web] 正在构建前端（${reason}）… / building the web app …`);
const t0 = Date.now();
const r = spawnSync('npm', ['run', 'build', '-w', '@doudi/web'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  shell: process.platform === 'win32',
});
if (r.error) {
  console.error(`[build:web] 无法运行 npm / cannot run npm: ${r.error.message}`);
  process.exit(1);
}
if (r.status !== 0) {
  console.error(`[build:web] 前端构建失败 / web build failed (exit ${r.status})`);
  process.exit(r.status ?? 1);
}
if (mtime(distIndex) === undefined) {
  console.error('[build:web] 构建结束但没有 packages/web/dist/index.html / build produced no dist/index.html');
  process.exit(1);
}
console.log(`[build:web] 前端构建完成（${((Date.now() - t0) / 1000).toFixed(1)} 秒） / web app built`);
