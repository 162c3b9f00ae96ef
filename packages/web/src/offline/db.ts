/**
 * The phone's own store (IndexedDB, no library): the offline pack (my open tasks and households, fetched while online)
 * and the outbox of visits recorded on the device. A visit is written here the moment the user saves it, before any
 * network call, so closing the browser or losing signal loses nothing.
 *
 * Stores: `pack` (one record per user, key = user id), `outbox` (key = clientId, index byUser), `meta` (key/value).
 * Signing out clears `pack` (pack.ts `forgetOfflineData`); nothing ever clears unsynced `outbox` items.
 */

export const DB_NAME = 'doudi-offline';
const DB_VERSION = 1;

let opening: Promise<IDBDatabase> | null = null;

export function openDb(): Promise<IDBDatabase> {
  if (opening) return opening;
  opening = new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('pack')) db.createObjectStore('pack');
      if (!db.objectStoreNames.contains('outbox')) {
        const outbox = db.createObjectStore('outbox', { keyPath: 'clientId' });
        outbox.createIndex('byUser', 'userId');
      }
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the schema: let it, and reopen next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => {
      opening = null;
      reject(req.error ?? new Error('IndexedDB open failed'));
    };
    req.onblocked = () => console.warn('IndexedDB upgrade blocked by another tab');
  });
  return opening;
}

export type StoreName = 'pack' | 'outbox' | 'meta';

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function result<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export async function idbGet<T>(store: StoreName, key: IDBValidKey): Promise<T | undefined> {
  const db = await openDb();
  const tx = db.transaction(store, 'readonly');
  const value = await result(tx.objectStore(store).get(key));
  return value as T | undefined;
}

/** Writes one record and resolves only when the transaction is committed (durable before we tell the user "saved"). */
export async function idbPut<T>(store: StoreName, value: T, key?: IDBValidKey): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite', { durability: 'strict' });
  tx.objectStore(store).put(value, key);
  await done(tx);
}

export async function idbDelete(store: StoreName, key: IDBValidKey): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).delete(key);
  await done(tx);
}

export async function idbClear(store: StoreName): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).clear();
  await done(tx);
}

export async function idbAll<T>(store: StoreName): Promise<T[]> {
  const db = await openDb();
  const tx = db.transaction(store, 'readonly');
  return (await result(tx.objectStore(store).getAll())) as T[];
}

/** Reads a record, changes it and writes it back in one transaction (no lost update between two tabs). */
export async function idbUpdate<T>(store: StoreName, key: IDBValidKey, change: (value: T | undefined) => T | undefined): Promise<T | undefined> {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite', { durability: 'strict' });
  const os = tx.objectStore(store);
  const current = (await result(os.get(key))) as T | undefined;
  const next = change(current);
  if (next !== undefined) os.put(next, os.keyPath === null ? key : undefined);
  await done(tx);
  return next;
}
