/**
 * The outbox: visits recorded on this device and not yet (or just) accepted by the server, with their sync state.
 * Every change goes through IndexedDB first and then tells the open pages (this tab and the others) to re-read.
 */
import { idbAll, idbDelete, idbGet, idbPut, idbUpdate } from './db';

/** pending: waiting for a signal; syncing: being sent; synced: accepted; conflict: the user must choose; rejected: refused. */
export type OutboxState = 'pending' | 'syncing' | 'synced' | 'conflict' | 'rejected';

export interface OutboxPhoto {
  blob: Blob;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
}

/** What the user sees of the item in lists (kept with it, so it reads well offline). */
export interface OutboxLabel {
  householdName: string;
  regionName: string;
  taskLabel: string;
}

export interface VersionConflict {
  /** The server's current copy of the visit (as the API returns it). */
  server: Record<string, unknown>;
  serverVersion: number;
}

export interface OutboxItem {
  clientId: string;
  userId: number;
  /** create: a new visit (POST /api/visits); edit: a change to a synced visit (with the version it was based on). */
  op: 'create' | 'edit';
  /** For op 'edit': the server id of the visit and the version the user edited. */
  visitId?: number;
  baseVersion?: number;
  /** The request body, without the photos (they are sent from `photos`). */
  body: Record<string, unknown>;
  /** The photos until the server has them; emptied once synced (the phone keeps only the count). */
  photos: OutboxPhoto[];
  photoCount?: number;
  label: OutboxLabel;
  state: OutboxState;
  createdAt: string;
  updatedAt: string;
  attempts: number;
  lastError?: string;
  /** 409 VISIT_TASK_DONE: somebody else already visited this task. */
  taskDone?: { message: string; details?: unknown };
  /** 409 on an edit: somebody changed the visit in between. */
  versionConflict?: VersionConflict;
  serverId?: number;
  /** The server's version of the visit after the last successful send (the base of a later edit). */
  serverVersion?: number;
  syncedAt?: string;
  /** For op 'edit': the create item whose visit this edits (its local copy is updated when the edit is accepted). */
  editOf?: string;
}

type Listener = () => void;
const listeners = new Set<Listener>();
const channel: BroadcastChannel | null = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('doudi-outbox');
channel?.addEventListener('message', () => emitLocal());

function emitLocal(): void {
  for (const listener of listeners) listener();
}

/** Tells this tab and the other open tabs that the outbox (or the sync status) changed. */
export function notifyChanged(): void {
  emitLocal();
  channel?.postMessage('changed');
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A visit's id on the device: crypto.randomUUID where the page is a secure context, random bytes otherwise. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function addToOutbox(item: Omit<OutboxItem, 'state' | 'createdAt' | 'updatedAt' | 'attempts'>): Promise<OutboxItem> {
  const now = new Date().toISOString();
  const full: OutboxItem = { ...item, state: 'pending', createdAt: now, updatedAt: now, attempts: 0 };
  await idbPut('outbox', full);
  notifyChanged();
  return full;
}

export function getOutboxItem(clientId: string): Promise<OutboxItem | undefined> {
  return idbGet<OutboxItem>('outbox', clientId);
}

export async function listOutbox(): Promise<OutboxItem[]> {
  const items = await idbAll<OutboxItem>('outbox');
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function updateOutboxItem(clientId: string, change: (item: OutboxItem) => OutboxItem): Promise<OutboxItem | undefined> {
  const next = await idbUpdate<OutboxItem>('outbox', clientId, (item) =>
    item ? { ...change(item), updatedAt: new Date().toISOString() } : undefined,
  );
  notifyChanged();
  return next;
}

export async function removeOutboxItem(clientId: string): Promise<void> {
  await idbDelete('outbox', clientId);
  notifyChanged();
}

const KEEP_SYNCED_DAYS = 14;
const KEEP_SYNCED_MAX = 100;

/** Forgets synced items older than two weeks (and beyond the last 100); pending, conflicting and refused ones stay. */
export async function pruneSynced(): Promise<void> {
  const synced = (await listOutbox()).filter((i) => i.state === 'synced');
  const cutoff = Date.now() - KEEP_SYNCED_DAYS * 86_400_000;
  const drop = synced.filter((item, index) => index < synced.length - KEEP_SYNCED_MAX || Date.parse(item.syncedAt ?? item.updatedAt) < cutoff);
  for (const item of drop) await idbDelete('outbox', item.clientId);
  if (drop.length > 0) notifyChanged();
}
