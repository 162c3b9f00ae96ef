/** The offline pack (GET /api/visits/offline-pack): my open tasks and their households, kept on the phone per user. */
import type { OfflinePack } from '@doudi/domain';
import { request } from '../api';
import { idbClear, idbDelete, idbGet, idbPut } from './db';

export interface StoredPack {
  userId: number;
  /** When the phone received it (ISO). */
  fetchedAt: string;
  pack: OfflinePack;
}

export function loadStoredPack(userId: number): Promise<StoredPack | undefined> {
  return idbGet<StoredPack>('pack', userId).catch(() => undefined);
}

/** Fetches the pack and keeps it; a network failure leaves the stored one in place and rethrows. */
export async function refreshPack(userId: number): Promise<StoredPack> {
  const pack = await request<OfflinePack>('GET', '/api/visits/offline-pack');
  const stored: StoredPack = { userId, fetchedAt: new Date().toISOString(), pack };
  await idbPut('pack', stored, userId);
  return stored;
}

export function dropPack(userId: number): Promise<void> {
  return idbDelete('pack', userId);
}

/** The Cache Storage entry where the service worker keeps the last signed-in identity for opening the app offline. */
const SESSION_CACHE = 'doudi-session';

/**
 * On signing out: forget the offline pack (names and addresses of the households to visit) and the identity kept for
 * offline use; unsynced visits stay in the outbox. Bounded in time, so a busy IndexedDB never holds up the sign-out.
 */
export async function forgetOfflineData(): Promise<void> {
  const work = Promise.all([
    typeof caches === 'undefined' ? Promise.resolve(true) : caches.delete(SESSION_CACHE),
    typeof indexedDB === 'undefined' ? Promise.resolve() : idbClear('pack'),
  ]).catch(() => undefined);
  await Promise.race([work, new Promise((resolve) => setTimeout(resolve, 2000))]);
}
