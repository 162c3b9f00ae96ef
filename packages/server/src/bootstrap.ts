import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { openFieldCrypto, type FieldCrypto } from './crypto/fieldCrypto.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { demoDepartmentFiles } from './modules/demo/department.js';
import { seedMonitoringDemo } from './modules/demo/monitoring.js';
import { seedCareVisitsDemo, seedDemo, type DemoSeedReport } from './modules/demo/seed.js';
import { loadRegions, type RegionLoadReport } from './modules/regions/load.js';

export interface PreparedDatabase {
  database: Database;
  crypto: FieldCrypto;
  migrationVersion: number;
  regions: RegionLoadReport;
  demo: DemoSeedReport | null;
  /** Other departments' demo files (医保, 残联) written into the data directory for a user to import. */
  demoFiles: string[];
}

/**
 * Opens the configured database and brings it up to date: migrations, the national regions (once), and — on an
 * empty user table with the demo switched on — the demo county.
 */
export async function prepareDatabase(
  config: Config,
  log: (line: string) => void = () => {},
): Promise<PreparedDatabase> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    log(`数据库 / database: ${database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`);
    const { version, applied } = await migrate(database);
    if (applied.length) log(`已执行迁移 / migrations applied: ${applied.map((m) => `${m.version}_${m.name}`).join(', ')}`);
    const crypto = await openFieldCrypto(database, config);
    let lastLevel = 0;
    const regions = await loadRegions(database, {
      ...(config.regionFilter ? { filter: config.regionFilter } : {}),
      onProgress: (p) => {
        if (p.level !== lastLevel) log(`正在加载行政区划 / loading regions: level ${p.level} (${p.total})`);
        lastLevel = p.level;
      },
    });
    if (regions.loaded) log(`行政区划已加载 / regions loaded: ${JSON.stringify(regions.counts)} in ${regions.ms} ms`);
    let demo: DemoSeedReport | null = null;
    let demoFiles: string[] = [];
    if (config.demo) {
      const users = await database.db.selectFrom('users').select('id').limit(1).execute();
      if (users.length === 0) {
        demo = await seedDemo(database, crypto);
        log(demo.seeded ? `演示数据已生成 / demo seeded in ${demo.ms} ms` : `未生成演示数据 / demo skipped: ${demo.reason}`);
      } else {
        // A demo database made before monitoring existed gets its monitoring demo now (idempotent).
        await seedMonitoringDemo(database, crypto);
        await seedCareVisitsDemo(database, crypto);
      }
      demoFiles = await writeDemoFiles(database, crypto, path.join(config.dataDir, 'demo-files'));
    }
    return { database, crypto, migrationVersion: version, regions, demo, demoFiles };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** Writes the demo county's departmental files once (they are derived from the seeded registry, deterministically). */
async function writeDemoFiles(database: Database, crypto: FieldCrypto, dir: string): Promise<string[]> {
  const county = await database.db.selectFrom('households').select('id').where('region_code', 'like', '510131%').limit(1).execute();
  if (county.length === 0) return [];
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const f of await demoDepartmentFiles(database, crypto)) {
    const file = path.join(dir, f.fileName);
    if (!fs.existsSync(file)) fs.writeFileSync(file, f.content);
    out.push(file);
  }
  return out;
}
