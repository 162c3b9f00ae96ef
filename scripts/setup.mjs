#!/usr/bin/env node
// 兜底 Doudi — one-time / idempotent set-up, run before `npm start` and `npm test`.
//
//   node scripts/setup.mjs --runtime   npm dependencies (npm ci when node_modules is missing or stale)
//   node scripts/setup.mjs --test      the same, plus the Debian packages the browser tests need
//                                      (chromium, fonts-noto-cjk)
//
// This script runs on a fresh clone BEFORE node_modules exists, so it may only import node: built-ins.
// When everything is already in place it only stats a few files and asks dpkg once (well under a second).

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const known = new Set(['--runtime', '--test', '--help', '-h']);

const say = (zh, en) => console.log(`[setup] ${zh} / ${en}`);
const fail = (zh, en, code = 1) => {
  console.error(`[setup] 错误 / error: ${zh}\n[setup]               ${en}`);
  process.exit(code);
};

for (const a of args) {
  if (!known.has(a)) fail(`未知参数 ${a}`, `unknown argument ${a} (use --runtime or --test)`, 2);
}
if (args.has('--help') || args.has('-h')) {
  console.log('usage: node scripts/setup.mjs [--runtime | --test]');
  process.exit(0);
}
const testMode = args.has('--test');

// ---------------------------------------------------------------- Node version (engines: >=20.19 <25)
{
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19) || major >= 25) {
    fail(
      `需要 Node.js 20.19 及以上、25 以下，当前为 ${process.version}`,
      `Node.js >=20.19 <25 is required, this is ${process.version}`,
    );
  }
}

/** Runs a command with inherited stdio; exits with a clear message when it fails. */
function run(cmd, cmdArgs, opts = {}) {
  const shown = [cmd, ...cmdArgs].join(' ');
  console.log(`[setup] $ ${shown}`);
  const r = spawnSync(cmd, cmdArgs, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
    ...opts,
  });
  if (r.error) fail(`无法运行 ${cmd}：${r.error.message}`, `cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`命令失败（退出码 ${r.status}）：${shown}`, `command failed (exit ${r.status}): ${shown}`);
}

const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
};

// ---------------------------------------------------------------- npm dependencies
function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const hidden = join(root, 'node_modules', '.package-lock.json');
  const lockTime = mtime(lock);
  const hiddenTime = mtime(hidden);
  let reason;
  if (!existsSync(join(root, 'node_modules'))) reason = ['node_modules 不存在', 'node_modules is missing'];
  else if (hiddenTime === undefined) reason = ['node_modules 不完整', 'node_modules/.package-lock.json is missing'];
  else if (lockTime !== undefined && lockTime > hiddenTime) {
    reason = ['package-lock.json 比 node_modules 新', 'package-lock.json is newer than node_modules'];
  }
  if (!reason) return;
  if (lockTime === undefined) fail('缺少 package-lock.json', 'package-lock.json is missing');
  say(`正在安装依赖（${reason[0]}）…`, `installing dependencies (${reason[1]}) …`);
  const t0 = Date.now();
  run('npm', ['ci', '--no-audit', '--no-fund']);
  say(`依赖安装完成（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`, `dependencies installed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

// ---------------------------------------------------------------- Debian packages for the browser tests
const DEBIAN_PACKAGES = ['chromium', 'fonts-noto-cjk'];

/** Returns the packages among `pkgs` that dpkg does not report as installed, or undefined without dpkg. */
function missingDebianPackages(pkgs) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...pkgs], { encoding: 'utf8' });
  if (r.error) return undefined; // no dpkg: not Debian/Ubuntu
  const installed = new Set();
  for (const line of r.stdout.split('\n')) {
    const [name, ...status] = line.trim().split(/\s+/);
    if (name && status.join(' ') === 'install ok installed') installed.add(name.split(':')[0]);
  }
  return pkgs.filter((p) => !installed.has(p));
}

function ensureBrowserPackages() {
  const missing = missingDebianPackages(DEBIAN_PACKAGES);
  if (missing === undefined) {
    // Not a Debian system: accept a Chromium the user points us to, otherwise explain.
    const exe = process.env.DOUDI_CHROMIUM ?? '/usr/bin/chromium';
    if (existsSync(exe)) return;
    fail(
      `找不到 dpkg，也找不到 ${exe}。请安装 Chromium 和 Noto CJK 字体，或设置 DOUDI_CHROMIUM 指向 Chromium 可执行文件。`,
      `no dpkg and no ${exe}. Install Chromium and the Noto CJK fonts, or set DOUDI_CHROMIUM to a Chromium executable.`,
    );
  }
  if (missing.length === 0) return;

  const list = missing.join(' ');
  say(`正在安装浏览器测试所需的系统软件包：${list} …`, `installing Debian packages for the browser tests: ${list} …`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let prefix = [];
  if (!isRoot) {
    const probe = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    if (probe.error || probe.status !== 0) {
      fail(
        `缺少系统软件包 ${list}，且当前不是 root、无法免密 sudo。请执行：\n` +
          `[setup]   sudo apt-get update && sudo apt-get install -y --no-install-recommends ${list}`,
        `missing Debian packages ${list}; not root and passwordless sudo is unavailable. Please run the command above.`,
      );
    }
    prefix = ['sudo', '-n'];
  }
  const t0 = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (aptArgs) =>
    prefix.length ? run(prefix[0], [...prefix.slice(1), 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...aptArgs], { env }) : run('apt-get', aptArgs, { env });
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', ...missing]);
  const still = missingDebianPackages(DEBIAN_PACKAGES) ?? [];
  if (still.length) fail(`安装后仍缺少：${still.join(' ')}`, `still missing after install: ${still.join(' ')}`);
  say(`系统软件包安装完成（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`, `Debian packages installed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

ensureNodeModules();
if (testMode) ensureBrowserPackages();
