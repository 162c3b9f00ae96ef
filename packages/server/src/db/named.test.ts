import { HouseholdQuery } from '@doudi/domain';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/harness.js';
import type { Database } from './connection.js';
import { namedStatement } from './named.js';

let d: Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ database: d, dispose } = await freshDatabase());
});
afterAll(async () => dispose?.());

const PROBE = namedStatement('named_probe', 'SELECT $1::int + 1 AS n');

describe('named statements', () => {
  it('run with their values, and on PostgreSQL are prepared once on the connection under their name', async () => {
    await d.db.connection().execute(async (c) => {
      for (const v of [1, 41]) {
        const r = await c.executeQuery<{ n: number }>(CompiledQuery.raw(PROBE, [v]));
        expect(r.rows).toEqual([{ n: v + 1 }]);
      }
      // Any other text is sent unnamed and leaves nothing prepared.
      await c.executeQuery(CompiledQuery.raw('SELECT $1::int AS n', [1]));
      if (d.kind !== 'postgresql') return;
      const prepared = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(c);
      expect(prepared.rows).toEqual([{ name: 'named_probe', statement: PROBE }]);
    });
  });

  it('the registry lookup by ID number runs prepared', async () => {
    const { listHouseholds } = await import('../modules/registry/queries.js');
    await d.db.connection().execute(async (c) => {
      const found = await listHouseholds(c, { regionCode: '510000000000' }, HouseholdQuery.parse({ q: '11010519491231002X' }),
        { kind: 'id', hash: new Uint8Array(32) }, '2026-11-24');
      expect(found).toEqual({ rows: [], total: 0 });
      if (d.kind !== 'postgresql') return;
      const prepared = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(c);
      expect(prepared.rows.map((r) => r.name)).toContain('registry_lookup_id_number');
    });
  });

  it('a name stays with its text', () => {
    expect(namedStatement('named_probe', 'SELECT $1::int + 1 AS n')).toBe(PROBE);
    expect(() => namedStatement('named_probe', 'SELECT 2')).toThrow('statement name named_probe already used');
  });
});
