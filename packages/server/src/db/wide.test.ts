import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/harness.js';
import type { Database } from './connection.js';
import { wideRows } from './wide.js';

let d: Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ database: d, dispose } = await freshDatabase());
});
afterAll(async () => dispose?.());

describe('wide reads', () => {
  it('give the same rows as one JSON document (PGlite) and as plain rows (a server)', async () => {
    const query = sql<Record<string, unknown>>`
      SELECT g::bigint * 10000000000 AS big, g AS n, ('2026-01-0' || g)::date AS day, '张' || g AS name,
        CASE WHEN g = 2 THEN NULL ELSE ARRAY['elderly', 'alone'] END AS tags,
        jsonb_build_object('kind', 'dibao', 'amount', g * 100) AS detail, encode(sha256(g::text::bytea), 'hex') AS hash,
        g % 2 = 0 AS even
      FROM generate_series(1, 3) AS g ORDER BY g`;
    const asJson = await wideRows('pglite', d.db, query);
    const asRows = await wideRows('postgresql', d.db, query);
    expect(asJson).toEqual(asRows);
    expect(asRows[1]).toEqual({
      big: 20_000_000_000, n: 2, day: '2026-01-02', name: '张2', tags: null, detail: { kind: 'dibao', amount: 200 },
      hash: 'd4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35', even: true,
    });
    expect(await wideRows('pglite', d.db, sql`SELECT 1 AS n WHERE false`)).toEqual([]);
    expect(await wideRows('postgresql', d.db, sql`SELECT 1 AS n WHERE false`)).toEqual([]);
  });
});
