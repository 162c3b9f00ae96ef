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
