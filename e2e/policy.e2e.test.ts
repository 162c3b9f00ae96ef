// The policy-parameter journey: a county worker sees the demo standards (with their 演示数据 tag) and the province's
// multiplier, adds a rural dibao standard for one township; a township worker sees the table but cannot add. The
// province enters next year's public holidays; the county reads them.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DESKTOP, launchBrowser, login, newChineseContext, screenshot } from './support/browser.js';

const UI_TIMEOUT = 30_000;

describe('policy parameters: demo.county (蒲江县) and demo.township (大塘镇)', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function newPage(): Promise<Page> {
    const context = await newChineseContext(browser, baseUrl, DESKTOP);
    context.setDefaultTimeout(UI_TIMEOUT);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    return page;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  test('county sees and adds parameters; township only sees them', async () => {
    const page = await newPage();
    const tableText = () => page.getByTestId('policy-table').innerText();

    // 1. The county worker opens 政策参数: the demo county standards and the province's multiplier.
    await login(page, 'demo.county');
    await page.goto('/policy');
    await page.getByTestId('policy-table').waitFor({ state: 'visible' });
    await expect.poll(tableText, { timeout: UI_TIMEOUT }).toContain('农村低保标准（月）');
    const text = await tableText();
    expect(text).toContain('680.00');
    expect(text).toContain('1.5 倍');
    expect(text).toContain('长期');
    expect(await page.getByTestId('demo-tag').count()).toBeGreaterThan(0);

    // 2. Add a rural standard of 700 元 for 大塘镇 from 2026-12-01.
    await page.getByTestId('policy-add').click();
    const form = page.getByTestId('policy-form');
    await form.waitFor({ state: 'visible' });
    await page.getByTestId('policy-form-key').click();
    await page.locator('.ant-select-item-option', { hasText: '农村低保标准（月）' }).click();
    await expect.poll(() => page.getByTestId('policy-form-key').innerText()).toContain('农村低保标准（月）');
    await page.getByTestId('policy-form-region').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '蒲江县' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '大塘镇' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('policy-form-region').innerText()).toContain('大塘镇');
    await form.locator('#value').fill('700');
    await form.locator('#validFrom').click();
    await form.locator('#validFrom').fill('2026-12-01');
    await form.locator('#validFrom').press('Enter');
    await form.locator('#source').fill('测试文号');
    await screenshot(page, 'policy-form');
    await page.getByTestId('policy-submit').click();
    await form.waitFor({ state: 'detached' });

    // 3. The new parameter is in the table, in 元 with two decimals.
    await expect.poll(tableText, { timeout: UI_TIMEOUT }).toContain('测试文号');
    const row = page.getByTestId('policy-table').locator('tr', { hasText: '测试文号' });
    const rowText = await row.innerText();
    expect(rowText).toContain('大塘镇');
    expect(rowText).toContain('700.00');
    expect(rowText).toContain('2026-12-01');
    await screenshot(page, 'policy');

    // 4. The township worker sees the parameters but cannot add one.
    const township = await newPage();
    await login(township, 'demo.township');
    await township.goto('/policy');
    await township.getByTestId('policy-table').waitFor({ state: 'visible' });
    await expect.poll(() => township.getByTestId('policy-table').innerText(), { timeout: UI_TIMEOUT }).toContain('680.00');
    expect(await township.getByTestId('policy-add').count()).toBe(0);
    await screenshot(township, 'policy-township');

    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });

  test('the province enters next year\'s holidays from the State Council notice; the county reads them', async () => {
    const next = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4)) + 1;
    const page = await newPage();
    await login(page, 'demo.province');
    await page.goto('/policy');
    const card = page.getByTestId('work-calendar');
    await card.getByTestId('calendar-festival').first().waitFor();
    // Next year has not been entered: the card says deadlines skip weekends only.
    await card.getByTestId('calendar-year').getByText(`${next} 年`).click();
    await expect.poll(() => card.getByTestId('calendar-missing').innerText()).toContain(`${next} 年节假日安排尚未录入`);

    await card.getByTestId('calendar-edit').click();
    await page.getByTestId('calendar-source').fill(`国务院办公厅关于${next}年部分节假日安排的通知（测试）`);
    await page.getByTestId('calendar-add').click();
    const row = page.getByTestId('calendar-row').first();
    await row.getByTestId('calendar-row-name').fill('元旦');
    const [start, end] = [row.locator('.ant-picker-range input').first(), row.locator('.ant-picker-range input').last()];
    await start.click();
    await start.fill(`${next}-01-01`);
    await start.press('Enter');
    await end.fill(`${next}-01-03`);
    await end.press('Enter');
    await screenshot(page, 'policy-calendar-edit');
    await page.getByTestId('calendar-save').click();
    await page.getByTestId('calendar-row').first().waitFor({ state: 'detached' });
    await expect.poll(() => card.innerText()).toContain('01-01 至 01-03 放假，共 3 天');
    expect(await card.getByTestId('calendar-missing').count()).toBe(0);

    const county = await newPage();
    await login(county, 'demo.county');
    await county.goto('/policy');
    const countyCard = county.getByTestId('work-calendar');
    await countyCard.getByTestId('calendar-festival').first().waitFor();
    await countyCard.getByTestId('calendar-year').getByText(`${next} 年`).click();
    await expect.poll(() => countyCard.innerText()).toContain(`国务院办公厅关于${next}年部分节假日安排的通知（测试）`);
    expect(await countyCard.getByTestId('calendar-edit').count()).toBe(0);
    await screenshot(county, 'policy-calendar-county');
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });
});
