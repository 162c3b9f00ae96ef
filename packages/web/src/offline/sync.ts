/**
 * The sync engine: sends each pending outbox visit of the signed-in user to the server (POST /api/visits, idempotent
 * by clientId), marks it synced on success, keeps it pending on a network failure, and turns a 409 into a conflict the
 * user resolves on the page (never silently). Runs at app start, on the browser's `online` event, every 30 s while
 * something is waiting, and from the 立即同步 button.
 *
 * Signed out (or the session expired) while offline: nothing is dropped; items of a user are only sent while that user
 * is signed in, so after signing in again the next run sends them.
 */
import { isApiError } from '../api';
import type { Session } from '@doudi/domain';
import { idbGet, idbPut } from './db';
import { listOutbox, notifyChanged, pruneSynced, subscribe, updateOutboxItem } from './outbox';
import type { OutboxItem } from './outbox';
import { sendItem } from './transport';

export interface SyncStatus {
  online: boolean;
  syncing: boolean;
  /** The signed-in user on this device, as last seen (null: nobody, or not known yet). */
  userId: number | null;
  /** The last run reached the server but nobody is signed in: pending visits wait for a sign-in. */
  needsLogin: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
}

let status: SyncStatus = {
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  syncing: false,
  userId: null,
  needsLogin: false,
  lastSyncAt: null,
  lastError: null,
};

const statusListeners = new Set<() => void>();

export function getSyncStatus(): SyncStatus {
  return status;
}

export function subscribeSyncStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  const off = subscribe(listener);
  return () => {
    statusListeners.delete(listener);
    off();
  };
}

function setStatus(patch: Partial<SyncStatus>): void {
  status = { ...status, ...patch };
  for (const listener of statusListeners) listener();
}

const lastSyncKey = (userId: number) => `lastSync:${userId}`;

async function whoIsSignedIn(): Promise<{ id: number } | null | 'offline'> {
  let res: Response;
  try {
    res = await fetch('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    return 'offline';
  }
  // The service worker answered from its copy: the server is out of reach even if the phone has a network.
  if (res.headers.get('x-doudi-offline')) return 'offline';
  if (res.status === 401) return null;
  if (!res.ok) return 'offline';
  const session = (await res.json()) as Session;
  return { id: session.user.id };
}

export interface SyncReport {
  sent: number;
  conflicts: number;
  rejected: number;
  /** Stopped early: no network (or the server is unreachable). */
  offline: boolean;
  needsLogin: boolean;
}

let running: Promise<SyncReport> | null = null;

/** Runs one sync (or joins the one running). */
export function syncNow(): Promise<SyncReport> {
  if (!running) {
    running = runSync().finally(() => {
      running = null;
    });
    void running.then(retrySoonIfUnreachable);
  }
  return running;
}

const RETRY_SOON_MS = 5_000;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

/** The phone says it is online but the server was out of reach (weak signal, a network just back): try again soon. */
function retrySoonIfUnreachable(report: SyncReport): void {
  if (!report.offline || !navigator.onLine || retryTimer !== null) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void listOutbox().then((items) => {
      if (items.some((i) => i.state === 'pending')) void syncNow();
    });
  }, RETRY_SOON_MS);
}

async function runSync(): Promise<SyncReport> {
  const report: SyncReport = { sent: 0, conflicts: 0, rejected: 0, offline: false, needsLogin: false };
  if (!navigator.onLine) {
    setStatus({ online: false });
    report.offline = true;
    return report;
  }
  setStatus({ syncing: true, lastError: null });
  try {
    const me = await whoIsSignedIn();
    if (me === 'offline') {
      setStatus({ online: false });
      report.offline = true;
      return report;
    }
    if (me === null) {
      const waiting = (await listOutbox()).some((i) => i.state === 'pending');
      setStatus({ online: true, userId: null, needsLogin: waiting });
      report.needsLogin = waiting;
      return report;
    }
    const lastSyncAt = (await idbGet<string>('meta', lastSyncKey(me.id))) ?? null;
    setStatus({ online: true, userId: me.id, needsLogin: false, lastSyncAt });

    const items = (await listOutbox()).filter((i) => i.userId === me.id && (i.state === 'pending' || i.state === 'syncing'));
    for (const item of items) {
      const outcome = await sendOne(item);
      if (outcome === 'offline') {
        setStatus({ online: false });
        report.offline = true;
        return report;
      }
      if (outcome === 'login') {
        setStatus({ needsLogin: true });
        report.needsLogin = true;
        return report;
      }
      if (outcome === 'server') return report;
      report[outcome === 'sent' ? 'sent' : outcome === 'conflict' ? 'conflicts' : 'rejected'] += 1;
    }
    const now = new Date().toISOString();
    await idbPut('meta', now, lastSyncKey(me.id));
    setStatus({ lastSyncAt: now });
    await pruneSynced();
    return report;
  } catch (error) {
    setStatus({ lastError: error instanceof Error ? error.message : String(error) });
    return report;
  } finally {
    setStatus({ syncing: false });
    notifyChanged();
  }
}

type SendOutcome = 'sent' | 'conflict' | 'rejected' | 'offline' | 'login' | 'server';

async function sendOne(item: OutboxItem): Promise<SendOutcome> {
  await updateOutboxItem(item.clientId, (i) => ({ ...i, state: 'syncing', attempts: i.attempts + 1 }));
  try {
    const saved = await sendItem(item);
    await updateOutboxItem(item.clientId, (i) => ({
      ...i,
      state: 'synced',
      // The server has the photos now: free the phone's storage, keep the count for the list.
      photoCount: i.photoCount ?? i.photos.length,
      photos: [],
      serverId: saved.id,
      serverVersion: saved.version,
      syncedAt: new Date().toISOString(),
      lastError: undefined,
      taskDone: undefined,
      versionConflict: undefined,
    }));
    if (item.op === 'edit' && item.editOf) {
      // The edit is in: the original record on the phone now reads as edited, at the new version.
      await updateOutboxItem(item.editOf, (i) => ({ ...i, body: { ...i.body, ...item.body }, serverVersion: saved.version }));
    }
    return 'sent';
  } catch (error) {
    if (!isApiError(error)) {
      await updateOutboxItem(item.clientId, (i) => ({ ...i, state: 'pending', lastError: String(error) }));
      return 'server';
    }
    if (error.status === 0) {
      await updateOutboxItem(item.clientId, (i) => ({ ...i, state: 'pending' }));
      return 'offline';
    }
    if (error.status === 401) {
      await updateOutboxItem(item.clientId, (i) => ({ ...i, state: 'pending' }));
      return 'login';
    }
    if (error.status === 409) {
      const conflict = await describeConflict(item, error.code, error.message, error.details);
      await updateOutboxItem(item.clientId, (i) => ({ ...i, state: 'conflict', lastError: error.message, ...conflict }));
      return 'conflict';
    }
    if (error.status >= 500 || error.status === 429) {
      await updateOutboxItem(item.clientId, (i) => ({ ...i, state: 'pending', lastError: error.message }));
      return 'server';
    }
    // 400 (a field the server refuses), 403, 404 (the household left my area): shown with the server's message.
    await updateOutboxItem(item.clientId, (i) => ({ ...i, state: 'rejected', lastError: error.message }));
    return 'rejected';
  }
}

async function describeConflict(
  item: OutboxItem,
  code: string,
  message: string,
  details: unknown,
): Promise<Pick<OutboxItem, 'taskDone' | 'versionConflict'>> {
  if (item.op === 'edit' && item.visitId !== undefined && code !== 'VISIT_TASK_DONE') {
    // VISIT_VERSION carries the server's current copy; otherwise read it.
    const current = details && typeof details === 'object' ? (details as { current?: Record<string, unknown> }).current : undefined;
    let server = current;
    if (!server) {
      const { loadServerVisit } = await import('./transport');
      server = await loadServerVisit(item.visitId).catch(() => ({}));
    }
    return { versionConflict: { server, serverVersion: Number(server.version ?? NaN) } };
  }
  return { taskDone: { message, details } };
}

let started = false;
const RETRY_MS = 30_000;

/** Called once from main.tsx. */
export function startSyncEngine(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  const kick = () => void syncNow();
  window.addEventListener('online', () => {
    setStatus({ online: true });
    kick();
  });
  window.addEventListener('offline', () => setStatus({ online: false }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') kick();
  });
  // While something waits (a signal that came back without an `online` event, a sign-in in between), retry.
  setInterval(() => {
    void listOutbox()
      .then((items) => {
        if (navigator.onLine && items.some((i) => i.state === 'pending')) kick();
      })
      .catch(() => undefined);
  }, RETRY_MS);
  kick();
}
