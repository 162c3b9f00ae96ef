// The monitoring journey of 大塘镇 (demo.township) and 东岳村 (demo.village): the township worker imports the demo's
// 医保 medical-expense file (written by `npm start` into the data directory), reads the rows it could not use, imports
// the matched rows; the import re-checks the county at once and a 疑似刚性支出困难 warning appears for the 李国华
// household; its lead is assigned to the village worker, who records the contact on a phone (policy explained,
// willing, needs help), records the outcome (helped to apply) and closes it. Screenshots go to
// e2e/artifacts/monitoring-*.png.

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { RULE_KIND } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, login, newChineseContext, screenshot } from './support/browser.js';

const UI_TIMEOUT = 30_000;
const HOUSEHOLD_HEAD = '李国华';

function demoMedicalFile(dataDir: string): string {
  const dir = path.join(dataDir, 'demo-files');
  const name = fs.readdirSync(dir).find((f) => f.startsWith('医保'));
  if (!name) throw new Error(`no 医保 demo file in ${dir}`);
  return path.join(dir, name);
}

/** On 数据比对导入: chooses the 医保 source and uploads the demo's medical-expense file (the preview follows). */
async function uploadDemoMedicalFile(page: Page, dataDir: string): Promise<void> {
  await page.goto('/monitoring/imports');
  await page.getByTestId('dept-import-source').click();
  await page.locator('.ant-select-item-option', { hasText: '医保' }).first().click();
  // The drop zone is enabled once the chosen source has reached the address and the page has re-rendered.
  const fileInput = page.getByTestId('dept-import-upload').locator('input[type=file]:not([disabled])');
  await fileInput.waitFor({ state: 'attached' });
  await fileInput.setInputFiles(demoMedicalFile(dataDir));
}

describe('dynamic monitoring: import → warning → lead → contact → outcome → closed', () => {
  const baseUrl = inject('baseUrl');
  const dataDir = inject('dataDir');
  let browser: Browser;
  let desk: BrowserContext;
  let phone: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let leadUrl = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    desk = await newChineseContext(browser, baseUrl, DESKTOP);
    phone = await newChineseContext(browser, baseUrl, PHONE);
    page = await desk.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the township worker imports the medical-expense file and sees the rows it could not use', async () => {
    await login(page, 'demo.township');
    await uploadDemoMedicalFile(page, dataDir);
    const preview = page.getByTestId('dept-import-preview');
    await preview.waitFor();
    const counts = await page.getByTestId('dept-import-counts').innerText();
    expect(counts).toMatch(/比对成功\s*\d+/);
    // The demo file has bad ID numbers (named by row and column) and people who are not in the registry.
    const issues = page.getByTestId('dept-import-issues');
    await expect.poll(() => issues.innerText()).toMatch(/第\s*\d+\s*行/);
    expect(await issues.innerText()).toContain('身份证号码');
    expect(await page.getByTestId('dept-import-unmatched').innerText()).toMatch(/\*{4}/);
    await screenshot(page, 'monitoring-import-preview');

    await page.getByTestId('dept-import-commit').click();
    const result = page.getByTestId('dept-import-result');
    await result.waitFor();
    await expect.poll(() => result.innerText()).toMatch(/新增预警\d+条/);
  });

  test('a 疑似刚性支出困难 warning has appeared for the household, with its reasons and its lead', async () => {
    await page.goto('/monitoring/warnings?rule=suspected_rigid_expense');
    const row = page.locator('tr, [data-testid="warning-card"]', { hasText: HOUSEHOLD_HEAD }).first();
    await row.waitFor();
    expect(await row.innerText()).toMatch(/必需支出/);
    await row.getByTestId('warning-lead-link').click();
    await page.getByTestId('lead-header').waitFor();
    leadUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('lead-warning').filter({ hasText: '必需支出' }).count()).toBeGreaterThan(0);
  });

  test('the township assigns the lead to the village worker', async () => {
    const actions = page.getByTestId('lead-actions');
    // A lead from an earlier warning may already be assigned (then it is reassigned).
    const assign = actions.getByTestId('lead-action-assign');
    await (await assign.count() ? assign : actions.getByTestId('lead-action-reassign')).click();
    await page.getByTestId('lead-assignee').click();
    await page.locator('.ant-select-item-option', { hasText: '东岳村' }).first().click();
    await expect.poll(() => page.getByTestId('lead-assignee').innerText()).toContain('东岳村');
    await page.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary').click();
    await expect.poll(async () => (await page.getByTestId('lead-header').getByTestId('lead-status').innerText()).trim()).toBe('已分派');
  });

  test('the village worker, on a phone, records the contact, the outcome and closes the lead', async () => {
    const p = await phone.newPage();
    p.setDefaultTimeout(UI_TIMEOUT);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await login(p, 'demo.village');
    await p.goto(leadUrl);
    await p.getByTestId('lead-header').waitFor();
    const modal = p.locator('.ant-modal-wrap:visible .ant-modal');
    const submit = () => modal.locator('.ant-modal-footer .ant-btn-primary').click();
    /** Submits the open form and waits for the lead's status; a refusal shown in the form fails the test with it. */
    const submitUntil = async (status: string) => {
      await submit();
      await expect.poll(async () => {
        const shown = (await p.getByTestId('lead-header').getByTestId('lead-status').innerText()).trim();
        if (shown === status) return status;
        return (await modal.count()) ? await modal.innerText() : shown;
      }).toBe(status);
      await modal.waitFor({ state: 'hidden' });
    };

    await p.getByTestId('lead-action-contact').click();
    // Without the policy explained the contact cannot be recorded.
    await submit();
    await expect.poll(() => modal.innerText()).toMatch(/讲解/);
    await p.getByTestId('contact-policy').check();
    await p.getByTestId('contact-willing').getByLabel('是').check();
    await p.getByTestId('contact-able').getByLabel('否').check();
    await p.getByTestId('contact-note').fill('已上门讲解刚性支出困难家庭认定政策，家属愿意申请，需协助准备材料');
    await submitUntil('已联系');

    await p.getByTestId('lead-action-outcome').click();
    const choice = p.getByTestId('outcome-choice');
    // 本人拒绝 cannot be chosen after a willing contact.
    expect(await choice.getByLabel('本人拒绝').isDisabled()).toBe(true);
    await choice.getByLabel('已协助申请').check();
    await p.getByTestId('outcome-note').fill('已协助向大塘镇提交刚性支出困难家庭认定申请');
    await submitUntil('已协助申请');

    await p.getByTestId('lead-action-close').click();
    await p.getByTestId('close-summary').fill('申请材料已报镇民政办审核，线索办结');
    await submitUntil('已办结');
    await expect.poll(() => p.getByTestId('lead-events').innerText()).toContain('→ 已办结');
    const events = await p.getByTestId('lead-events').innerText();
    for (const step of ['分派', '记录联系', '登记结果', '办结']) expect(events).toContain(step);
    await screenshot(p, 'monitoring-lead-closed-phone');
    await p.close();
  });

  test('on a phone, the rule switches and an import\'s problems are cards, read without scrolling sideways', async () => {
    const narrow = await newChineseContext(browser, baseUrl, PHONE);
    const p = await narrow.newPage();
    p.setDefaultTimeout(UI_TIMEOUT);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    const sideways = () => p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

    await login(p, 'demo.county');
    await p.goto('/monitoring/rules');
    await expect.poll(() => p.getByTestId('rule-card').count()).toBe(RULE_KIND.options.length);
    const toggle = p.getByTestId('rule-switch-child_guardianship');
    await toggle.scrollIntoViewIfNeeded();
    const box = (await toggle.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await sideways()).toBe(false);

    await narrow.clearCookies();
    await login(p, 'demo.township');
    await uploadDemoMedicalFile(p, dataDir);
    const first = p.getByTestId('dept-import-issues-card').first();
    await first.waitFor();
    // Row, column, the whole message and its level, each on its own line of the card.
    expect(await first.innerText()).toMatch(/行\s+\d+\s+列\s+身份证号码\s+问题\s+身份证号码\S+\s+级别\s+错误/);
    expect(await sideways()).toBe(false);
    await screenshot(p, 'monitoring-import-issues-phone');
    await narrow.close();
  });

  test('the dashboard counts the county, and no page raised an error', async () => {
    // The elderly people the sweep finds are visited, not asked to apply: their warnings say so instead of a lead.
    await page.goto('/monitoring/warnings?rule=elderly_special');
    const elderly = page.locator('tbody tr, [data-testid="warning-card"]', { hasText: '特殊困难老年人' }).first();
    await elderly.waitFor();
    expect(await elderly.innerText()).toContain('由走访关爱跟进');
    await page.goto('/monitoring/dashboard');
    await page.getByTestId('dashboard-table').waitFor();
    await screenshot(page, 'monitoring-dashboard');
    expect(pageErrors).toEqual([]);
  });

  test('a city\'s dashboard lays its counties\' bars down, one row per county read across', async () => {
    // Twenty-odd counties under a half-width chart overlapped their tilted names; lying down, the chart grows a row
    // (26 px) per county instead.
    const city = await newChineseContext(browser, baseUrl, DESKTOP);
    const p = await city.newPage();
    p.setDefaultTimeout(UI_TIMEOUT);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await login(p, 'demo.city');
    await p.goto('/monitoring/dashboard');
    await p.getByTestId('dashboard-table').waitFor();
    const view = await (await p.request.get('/api/monitoring/dashboard')).json() as { children: unknown[] };
    expect(view.children.length).toBeGreaterThan(8);
    for (const chart of ['chart-warnings', 'chart-leads', 'chart-overdue', 'chart-gap']) {
      const box = (await p.getByTestId(chart).boundingBox())!;
      expect(box.height, chart).toBeGreaterThanOrEqual(view.children.length * 26);
    }
    await screenshot(p, 'monitoring-dashboard-city');
    // A county's eight townships still stand under their bars, at the charts' usual heights.
    await p.goto('/monitoring/dashboard?regionCode=510131000000');
    await expect.poll(async () => (await p.getByTestId('chart-warnings').boundingBox())?.height).toBe(300);
    expect((await p.getByTestId('chart-gap').boundingBox())?.height).toBe(260);
    await city.close();
    expect(pageErrors).toEqual([]);
  });
});
