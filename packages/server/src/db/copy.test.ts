import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/harness.js';
import type { Database } from './connection.js';
import { copyRecord, copyRows } from './copy.js';

let d: Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ database: d, dispose } = await freshDatabase());
  await sql`CREATE TABLE copy_probe (a int, b text NOT NULL DEFAULT 'default', c text[], d bytea, e jsonb, f text, g date)`.execute(d.db);
});
afterAll(async () => dispose?.());

const COLUMNS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
const read = () => sql<Record<string, unknown>>`
  SELECT a, b, c, encode(d, 'hex') AS d, e, f, f IS NULL AS f_null, g FROM copy_probe ORDER BY a NULLS LAST`.execute(d.db).then((r) => r.rows);

describe('COPY as a statement', () => {
  it('writes quotes, commas, array elements, bytes, JSON, empty strings and nulls exactly', async () => {
    const csv = copyRecord([1, 'x"y,z\n第二行', ['a', 'b"c', 'd\\e', '', '逗,号'], Buffer.from([1, 2, 255]), '{"k":"值"}', '', '2026-11-24'])
      + copyRecord([null, 'b', [], null, null, null, null]);
    expect(await d.copyCsv('copy_probe', COLUMNS, csv)).toBe(2);
    expect(await read()).toEqual([
      { a: 1, b: 'x"y,z\n第二行', c: ['a', 'b"c', 'd\\e', '', '逗,号'], d: '0102ff', e: { k: '值' }, f: '', f_null: false, g: '2026-11-24' },
      { a: null, b: 'b', c: [], d: null, e: null, f: null, f_null: true, g: null },
    ]);
  });

  it('runs inside a transaction, between other statements, and is undone with it', async () => {
    await sql`DELETE FROM copy_probe`.execute(d.db);
    await d.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO copy_probe (a, b) VALUES (1, 'before')`.execute(trx);
      expect(await copyRows(trx, 'copy_probe', ['a', 'b'], copyRecord([2, 'copied']) + copyRecord([3, 'copied']))).toBe(2);
      // The transaction sees its own copied rows.
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM copy_probe`.execute(trx);
      expect(n.rows[0]!.n).toBe(3);
    });
    expect((await read()).map((r) => r.a)).toEqual([1, 2, 3]);
    await expect(d.db.transaction().execute(async (trx) => {
      await copyRows(trx, 'copy_probe', ['a', 'b'], copyRecord([4, 'undone']));
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect((await read()).map((r) => r.a)).toEqual([1, 2, 3]);
  });

  it('fails as a statement: a bad row stops the transaction and writes nothing', async () => {
    await expect(d.db.transaction().execute(async (trx) => {
      await copyRows(trx, 'copy_probe', ['a', 'b'], copyRecord([5, 'good']) + copyRecord(['not a number', 'bad']));
    })).rejects.toThrow();
    expect((await read()).map((r) => r.a)).toEqual([1, 2, 3]);
    // The connection is usable afterwards.
    expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(d.db)).rows[0]!.one).toBe(1);
  });

  it('refuses a target that is not a plain table and column name', async () => {
    await expect(copyRows(d.db, 'copy_probe; DROP TABLE x', ['a'], '1\n')).rejects.toThrow('invalid COPY target');
  });
});
