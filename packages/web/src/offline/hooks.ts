/** React bindings of the offline store: the outbox items and the sync status, re-read whenever either changes. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { listOutbox, subscribe } from './outbox';
import type { OutboxItem } from './outbox';
import { getSyncStatus, subscribeSyncStatus } from './sync';
import type { SyncStatus } from './sync';

export function useSyncStatus(): SyncStatus {
  return useSyncExternalStore(subscribeSyncStatus, getSyncStatus, getSyncStatus);
}

/** Outbox items of one user (all users when userId is undefined), oldest first; null while loading. */
export function useOutbox(userId?: number): OutboxItem[] | null {
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () => {
      listOutbox()
        .then((all) => {
          if (alive) setItems(userId === undefined ? all : all.filter((i) => i.userId === userId));
        })
        .catch(() => {
          if (alive) setItems([]);
        });
    };
    load();
    const off = subscribe(load);
    return () => {
      alive = false;
      off();
    };
  }, [userId]);
  return items;
}

/** navigator.onLine, live. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('online', cb);
      window.addEventListener('offline', cb);
      return () => {
        window.removeEventListener('online', cb);
        window.removeEventListener('offline', cb);
      };
    },
    () => navigator.onLine,
    () => true,
  );
}
