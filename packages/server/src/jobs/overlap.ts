import type { Kysely, Transaction } from 'kysely';

/**
 * Helpers for long work that overlaps the database: computing the next chunk while the current one's statements run.
 */

/** Lets pending I/O callbacks run (statements in flight answer and the next ones are sent) during a long computation. */
export const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A promise started ahead of the moment it is awaited. Its failure surfaces where it is awaited, and never as an
 * unhandled rejection when it is not awaited after all (the work stopped early).
 */
export function ahead<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/**
 * A transaction begun now and ended later: `begin` runs its first statements at once, on a connection of their own,
 * while the caller goes on with other work; `end(last)` runs the last statements in the same transaction and commits
 * (and fails with `begin`'s error, if it failed); `cancel()` rolls back. Nobody else sees what it wrote before the
 * commit. For a pool of connections only: on PGlite's one connection every other statement would wait for the commit.
 */
export function transactionAhead<D, T>(db: Kysely<D>, begin: (trx: Transaction<D>) => Promise<T>): {
  end<R>(last: (trx: Transaction<D>, begun: T) => Promise<R>): Promise<R>;
  cancel(): Promise<void>;
} {
  let next!: (last: ((trx: Transaction<D>, begun: T) => Promise<unknown>) | null) => void;
  const lastStep = new Promise<((trx: Transaction<D>, begun: T) => Promise<unknown>) | null>((resolve) => (next = resolve));
  const done = ahead(db.transaction().execute(async (trx) => {
    const begun = await begin(trx);
    const last = await lastStep;
    if (!last) throw new Cancelled();
    return last(trx, begun);
  }));
  return {
    async end<R>(last: (trx: Transaction<D>, begun: T) => Promise<R>): Promise<R> {
      next(last);
      return (await done) as R;
    },
    async cancel() {
      next(null);
      await done.catch(() => {});
    },
  };
}

class Cancelled extends Error {
  constructor() {
    super('transaction cancelled');
  }
}
