// The village worker's phone without signal (C4): demo.village opens 我的走访 once online, loses the network, reloads
// (the service worker serves the app shell and the page reads the tasks kept on the phone), records a visit with the
// checklist, a 慰问金 and a photo, sees "1 条待同步", closes the page and opens a new one still offline (the visit is
// still there), gets the network back and the visit is synced: the task is done and the plan's coverage counts it.
// Then a conflict: a second visit recorded offline for a task the township completes meanwhile through the API; back
// online the phone shows 有冲突 and the worker keeps the visit as another visit — nothing is lost.
// The plan is created by the test (as demo.township, through the API) so the test does not depend on demo plans.
// Screenshots go to e2e/artifacts/visits-*.png.

import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { request as playwrightRequest } from 'playwright-core';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { PHONE, launchBrowser, login, newChineseContext, screenshot } from './support/browser.js';

const UI_TIMEOUT = 30_000;
const VILLAGE = '510131101200';

/** A small real PNG (a red and white test card), so the phone's canvas has something to shrink. */
function testPng(width = 320, height = 240): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const red = (Math.floor(x / 40) + Math.floor(y / 40)) % 2 === 0;
      row.set(red ? [183, 40, 46] : [255, 255, 255], 1 + x * 3);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Session {
  user: { id: number };
  csrfToken: string;
}
interface TaskItem {
  id: number;
  planId: number | null;
  householdId: number | null;
  headName: string | null;
  status: string;
  visitId: number | null;
}

/** A signed-in API client (its own cookies), for the township worker who works at the desk meanwhile. */
async function apiAs(baseURL: string, username: string): Promise<{ api: APIRequestContext; session: Session }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const res = await api.post('/api/auth/login', { data: { username, password: 'Demo@2026' } });
  expect(res.status()).toBe(200);
  return { api, session: (await res.json()) as Session };
}

const allNormal = Object.fromEntries(['clothing', 'heating', 'food', 'electricity', 'gas', 'fire', 'health', 'needs'].map((k) => [k, { status: 'ok', note: '' }]));

describe('visits on a phone without signal: offline record → sync → coverage; conflict shown and resolved', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let township: { api: APIRequestContext; session: Session };
  let villageUserId = 0;
  let planId = 0;
  let taskA: TaskItem;
  let taskB: TaskItem;
  const pageErrors: string[] = [];

  const watch = (p: Page) => {
    p.setDefaultTimeout(UI_TIMEOUT);
    p.on('pageerror', (e) => pageErrors.push(e.message));
  };
  const pendingText = () => page.getByTestId('sync-pending').innerText();

  async function openTask(task: TaskItem) {
    await page.locator('input[data-testid="task-search"], [data-testid="task-search"] input').first().fill(task.headName ?? '');
    const card = page.locator(`[data-testid="task-card"][data-task-id="${task.id}"]`);
    await card.waitFor();
    await card.click();
    await page.getByTestId('visit-form').waitFor();
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    phone = await newChineseContext(browser, baseUrl, PHONE);
    page = await phone.newPage();
    watch(page);

    // The township plans a concentrated visit of 东岳村's 低保 households, assigned to the village worker.
    township = await apiAs(baseUrl, 'demo.township');
    const village = await apiAs(baseUrl, 'demo.village');
    villageUserId = village.session.user.id;
    await village.api.post('/api/auth/logout', { headers: { 'x-csrf-token': village.session.csrfToken } });
    await village.api.dispose();
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const created = await township.api.post('/api/visits/plans', {
      headers: { 'x-csrf-token': township.session.csrfToken },
      data: {
        regionCode: VILLAGE,
        name: `春节前集中走访（浏览器测试 ${randomUUID().slice(0, 6)}）`,
        kind: 'concentrated',
        dueOn: due,
        filter: { categories: ['dibao'], tags: [], villageCodes: [VILLAGE] },
        assignment: { mode: 'user', userId: villageUserId },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    planId = ((await created.json()) as { id: number }).id;
    const tasks = await township.api.get(`/api/visits/tasks?planId=${planId}&pageSize=50`);
    const items = ((await tasks.json()) as { items: TaskItem[] }).items.filter((t) => t.headName);
    // Two households with names no other task shares, so the search finds exactly the card.
    const names = new Map<string, number>();
    for (const t of items) names.set(t.headName!, (names.get(t.headName!) ?? 0) + 1);
    const unique = items.filter((t) => names.get(t.headName!) === 1);
    expect(unique.length).toBeGreaterThanOrEqual(2);
    [taskA, taskB] = [unique[0]!, unique[1]!];
  });

  afterAll(async () => {
    await township?.api.dispose();
    await browser?.close();
  });

  test('online once: 我的走访 shows the plan tasks and the service worker takes control', async () => {
    await login(page, 'demo.village');
    await page.goto('/visits/mine');
    await page.getByTestId('sync-online').waitFor();
    // The worker installs in the background (it precaches the app shell); once it is active it answers every later
    // navigation, so the offline reload below is served by it.
    await expect
      .poll(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.active)), { timeout: 60_000 })
      .toBe(true);
    await page.reload();
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: UI_TIMEOUT }).toBe(true);
    await page.locator(`[data-testid="task-card"]`).first().waitFor();
    await screenshot(page, 'visits-mine-online');
  });

  test('offline: the page reloads from the phone and a visit with checklist, 慰问金 and photo waits in the outbox', async () => {
    await phone.setOffline(true);
    await page.reload();
    await page.getByTestId('sync-offline').waitFor();
    await page.getByTestId('pack-from-device').waitFor();
    await screenshot(page, 'visits-mine-offline');

    await openTask(taskA);
    // 取暖 不足 needs a note: saving without one names the item.
    await page.getByTestId('check-heating').getByText('不足', { exact: true }).click();
    await page.getByTestId('checklist-all-ok').click();
    await page.getByTestId('outcome-normal').click();
    await page.getByTestId('visit-save').click();
    await expect.poll(() => page.locator('.visit-error').first().innerText()).toContain('取暖');
    await page.getByTestId('check-heating-note').fill('电烤炉坏了，只剩一床电热毯');
    await page.getByTestId('visit-cash').fill('200');
    await page.getByTestId('visit-goods').fill('棉被1床、米1袋');
    await page.getByTestId('visit-companions').fill('大塘镇民政办 李敏');
    await page.getByTestId('visit-photo-input').setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: testPng() });
    await page.getByTestId('visit-photo').waitFor();
    await screenshot(page, 'visits-form-offline');
    await page.getByTestId('visit-save').click();

    await page.getByTestId('sync-strip').waitFor();
    await expect.poll(pendingText).toContain('1 条待同步');
    await screenshot(page, 'visits-pending');
  });

  test('closing the page and opening a new one while still offline: the visit is still on the phone', async () => {
    await page.close();
    page = await phone.newPage();
    watch(page);
    await page.goto('/visits/mine?tab=recorded');
    await page.getByTestId('sync-offline').waitFor();
    await expect.poll(pendingText).toContain('1 条待同步');
    const item = page.getByTestId('outbox-item').first();
    await expect.poll(() => item.getAttribute('data-state')).toBe('pending');
    expect(await item.innerText()).toContain(taskA.headName!);
    await screenshot(page, 'visits-still-pending');
  });

  test('back online: the visit is synced, the task is done and the plan coverage counts it', async () => {
    await phone.setOffline(false);
    await page.getByTestId('sync-online').waitFor();
    await expect.poll(pendingText, { timeout: UI_TIMEOUT }).toContain('0 条待同步');
    await expect.poll(() => page.getByTestId('outbox-item').first().getAttribute('data-state')).toBe('synced');
    await screenshot(page, 'visits-synced');

    const done = await page.request.get(`/api/visits/tasks?planId=${planId}&status=done&pageSize=50`);
    const doneItems = ((await done.json()) as { items: TaskItem[] }).items;
    const doneA = doneItems.find((t) => t.id === taskA.id);
    expect(doneA?.visitId).toBeTruthy();
    const plan = (await (await page.request.get(`/api/visits/plans/${planId}`)).json()) as { planned: number; done: number };
    expect(plan.done).toBe(1);
    expect(plan.planned).toBeGreaterThanOrEqual(2);
    const visit = (await (await page.request.get(`/api/visits/${doneA!.visitId}`)).json()) as {
      cashCents: number; photoCount: number; recordedOffline: boolean; checklist: { heating: { status: string; note: string } };
    };
    expect(visit.cashCents).toBe(20000);
    expect(visit.photoCount).toBe(1);
    expect(visit.recordedOffline).toBe(true);
    expect(visit.checklist.heating).toEqual({ status: 'short', note: '电烤炉坏了，只剩一床电热毯' });

    // The household page shows it under 走访与关爱.
    await page.goto(`/registry/households/${taskA.householdId}`);
    const section = page.getByTestId('household-visits');
    await section.waitFor();
    await expect.poll(() => section.getByTestId('household-visit').first().innerText()).toContain('无异常');
    expect(await section.getByTestId('household-visit').first().innerText()).toContain('集中走访');
    await section.getByTestId('household-tasks').waitFor();
    await screenshot(page, 'visits-household-section');
    // 全部任务 opens the task list filtered to this household, named by its head rather than a number.
    await section.getByTestId('household-tasks').getByRole('link', { name: '全部任务' }).click();
    await page.waitForURL(new RegExp(`/visits/tasks\\?householdId=${taskA.householdId}`));
    await expect.poll(() => page.getByTestId('tasks-household-tag').innerText()).toMatch(/^户主 .+（.+）$/);
    // On the phone the notifications open across the whole screen width, not cut off at the left.
    await page.getByTestId('notification-bell').click();
    const list = page.getByTestId('notification-list');
    await list.getByTestId('notification-item').first().waitFor();
    const box = (await list.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'visits-phone-notifications');
  });

  test('a conflict is shown, never silently resolved: 作为另一次走访保存 keeps the visit', async () => {
    await page.goto('/visits/mine');
    await page.getByTestId('sync-online').waitFor();
    await phone.setOffline(true);
    await page.getByTestId('sync-offline').waitFor();
    await openTask(taskB);
    await page.getByTestId('checklist-all-ok').click();
    await page.getByTestId('outcome-normal').click();
    await page.getByTestId('visit-cash').fill('100');
    await page.getByTestId('visit-save').click();
    await expect.poll(pendingText).toContain('1 条待同步');

    // Meanwhile the township worker visits the same household and records it at the desk.
    const other = await township.api.post('/api/visits', {
      headers: { 'x-csrf-token': township.session.csrfToken },
      data: { clientId: randomUUID(), taskId: taskB.id, visitedAt: new Date().toISOString(), checklist: allNormal, outcome: 'normal' },
    });
    expect(other.status(), await other.text()).toBe(201);

    await phone.setOffline(false);
    await page.getByTestId('sync-conflicts').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('sync-conflicts').innerText()).toContain('1 条有冲突');
    await page.getByTestId('tab-recorded').click();
    const conflict = page.locator('[data-testid="outbox-item"][data-state="conflict"]');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('大塘镇民政演示用户');
    await screenshot(page, 'visits-conflict');

    await conflict.getByTestId('conflict-as-extra').click();
    await expect.poll(() => page.locator('[data-testid="outbox-item"][data-state="conflict"]').count(), { timeout: UI_TIMEOUT }).toBe(0);
    await expect.poll(() => page.locator('[data-testid="outbox-item"][data-state="synced"]').count()).toBe(2);
    await screenshot(page, 'visits-conflict-resolved');

    // Both visits of household B are stored: the township's (which completed the task) and the phone's extra one.
    const visits = (await (await page.request.get(`/api/visits?householdId=${taskB.householdId}&pageSize=50`)).json()) as {
      items: { cashCents: number; taskId: number | null }[];
    };
    expect(visits.items.length).toBeGreaterThanOrEqual(2);
    expect(visits.items.some((v) => v.cashCents === 10000)).toBe(true);
  });

  test('an edit made offline meets a newer version on the server: both are shown and the worker picks', async () => {
    await phone.setOffline(true);
    await page.goto('/visits/mine?tab=recorded');
    await page.getByTestId('sync-offline').waitFor();
    const cardA = page.locator('[data-testid="outbox-item"][data-state="synced"]', { hasText: taskA.headName! });
    await cardA.getByTestId('outbox-edit').click();
    await page.getByTestId('visit-form').waitFor();
    await page.getByTestId('visit-goods').fill('棉被1床、米1袋、油1桶');
    await page.getByTestId('visit-save').click();
    await expect.poll(pendingText).toContain('1 条待同步');

    // The township corrects the same record at the desk first.
    const doneA = ((await (await township.api.get(`/api/visits/tasks?planId=${planId}&status=done&pageSize=50`)).json()) as { items: TaskItem[] })
      .items.find((t) => t.id === taskA.id)!;
    const current = (await (await township.api.get(`/api/visits/${doneA.visitId}`)).json()) as Record<string, unknown> & { version: number };
    const put = await township.api.put(`/api/visits/${doneA.visitId}`, {
      headers: { 'x-csrf-token': township.session.csrfToken },
      data: {
        visitedAt: current.visitedAt, checklist: current.checklist, cashYuan: '200', goods: current.goods,
        companions: current.companions, note: '镇里补记：已联系村医上门', version: current.version,
      },
    });
    expect(put.status(), await put.text()).toBe(200);

    await phone.setOffline(false);
    await page.getByTestId('sync-conflicts').waitFor({ timeout: UI_TIMEOUT });
    const conflict = page.locator('[data-testid="outbox-item"][data-state="conflict"]');
    await conflict.getByTestId('conflict-compare').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText()).toContain('镇里补记：已联系村医上门');
    expect(await dialog.innerText()).toContain('棉被1床、米1袋、油1桶');
    await page.waitForTimeout(500); // the dialog's opening animation
    await screenshot(page, 'visits-version-conflict');
    await page.getByTestId('conflict-keep-mine').click();
    await expect.poll(() => page.locator('[data-testid="outbox-item"][data-state="conflict"]').count(), { timeout: UI_TIMEOUT }).toBe(0);
    await expect.poll(pendingText).toContain('0 条待同步');

    const after = (await (await page.request.get(`/api/visits/${doneA.visitId}`)).json()) as { goods: string; version: number };
    expect(after.goods).toBe('棉被1床、米1袋、油1桶');
    expect(after.version).toBe(current.version + 2);
  });

  test('no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
