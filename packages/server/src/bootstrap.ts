import type { Config } from './config.js';
import { openFieldCrypto, type FieldCrypto } from './crypto/fieldCrypto.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { seedDemo, type DemoSeedReport } from './modules/demo/seed.js';
import { loadRegions, type RegionLoadReport } from './modules/regions/load.js';

export interface PreparedDatabase {
  database: Database;
  crypto: FieldCrypto;
  migrationVersion: number;
  regions: RegionLoadReport;
  demo: DemoSeedReport | null;
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
    if (config.demo) {
      const users = await database.db.selectFrom('users').select('id').limit(1).execute();
      if (users.length === 0) {
        demo = await seedDemo(database, crypto);
        log(demo.seeded ? `演示数据已生成 / demo seeded in ${demo.ms} ms` : `未生成演示数据 / demo skipped: ${demo.reason}`);
      }
    }
    return { database, crypto, migrationVersion: version, regions, demo };
  } catch (err) {
    await database.close();
    throw err;
  }
}
