import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/harness.js';
import type { Database } from '../db/connection.js';
import type { DB } from '../db/schema.js';
import { transactionAhead } from './overlap.js';

let d: Database;
let dispose: () => Promise<void>;

const notes = async () => (await sql<{ note: string }>`SELECT note FROM ahead_probe ORDER BY id`.execute(d.db)).rows.map((r) => r.note);
const insert = (note: string) => async (trx: Transaction<DB>) =>
  (await sql<{ id: number }>`INSERT INTO ahead_probe (note) VALUES (${note}) RETURNING id`.execute(trx)).rows[0]!.id;

// A transaction held open while other statements run needs a second connection: PostgreSQL only (npm run test:pg).
describe.skipIf(!process.env.DATABASE_URL)('a transaction begun ahead', () => {
  beforeAll(async () => {
    ({ database: d, dispose } = await freshDatabase());
    await sql`CREATE TABLE ahead_probe (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL)`.execute(d.db);
  });
  afterAll(async () => dispose?.());

  it('is not seen by others until it ends, and ends with the statements given last', async () => {
    const t = transactionAhead(d.db, insert('begun'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await notes()).toEqual([]);
    const id = await t.end(async (trx, begun) => {
      await sql`UPDATE ahead_probe SET note = 'ended' WHERE id = ${begun}`.execute(trx);
      return begun;
    });
    expect(typeof id).toBe('number');
    expect(await notes()).toEqual(['ended']);
  });

  it('writes nothing when cancelled, when its first statements fail, or when its last ones do', async () => {
    const cancelled = transactionAhead(d.db, insert('cancelled'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await cancelled.cancel();

    const badStart = transactionAhead(d.db, async (trx) => sql`INSERT INTO ahead_probe (note) VALUES (NULL)`.execute(trx));
    await expect(badStart.end(async () => 'never')).rejects.toThrow(/null value/);

    const badEnd = transactionAhead(d.db, insert('undone'));
    await expect(badEnd.end(async () => {
      throw new Error('last step failed');
    })).rejects.toThrow('last step failed');

    expect(await notes()).toEqual(['ended']);
    // The pool's connections are all back and usable.
    expect(await Promise.all(Array.from({ length: 12 }, () => notes()))).toHaveLength(12);
  });
});
