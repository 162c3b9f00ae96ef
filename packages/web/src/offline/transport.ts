/** How an outbox item reaches the server: POST /api/visits (create, idempotent by clientId) or PUT /api/visits/:id (edit). */
import type { PhotoUpload, VisitView } from '@doudi/domain';
import { request } from '../api';
import type { OutboxItem, OutboxPhoto } from './outbox';

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

async function photoUploads(photos: OutboxPhoto[]): Promise<PhotoUpload[]> {
  return Promise.all(photos.map(async (p) => ({ contentType: p.contentType, data: await toBase64(p.blob) })));
}

export async function sendItem(item: OutboxItem): Promise<{ id: number; version: number }> {
  if (item.op === 'edit') {
    if (item.visitId === undefined) throw new Error('edit without visitId');
    return request<VisitView>('PUT', `/api/visits/${item.visitId}`, { body: { ...item.body, version: item.baseVersion } });
  }
  const body = { ...item.body, clientId: item.clientId, photos: await photoUploads(item.photos) };
  return request<VisitView>('POST', '/api/visits', { body });
}

export function loadServerVisit(id: number): Promise<Record<string, unknown>> {
  return request<Record<string, unknown>>('GET', `/api/visits/${id}`);
}
