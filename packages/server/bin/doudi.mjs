#!/usr/bin/env node
// The `doudi` command: runs the TypeScript CLI through tsx, with the young-generation size the `cli` and `start`
// scripts give Node (docs/ARCHITECTURE.md). Node takes that size only at start, so without it the command starts
// Node again with it.
import { spawnSync } from 'node:child_process';

const SEMI_SPACE = '--max-semi-space-size=64';
if (process.execArgv.includes(SEMI_SPACE)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
} else {
  const r = spawnSync(process.execPath, [SEMI_SPACE, ...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.error) throw r.error;
  process.exitCode = r.status ?? 1;
}
