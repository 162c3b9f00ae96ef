// The working pages of the registry and of monitoring on a phone (390 px), the lists on a small tablet held upright
// (700 px, still below the 768 px where tables begin), and the tables of lists on a 1280 px laptop: nothing is
// scrolled to sideways, neither the page nor a table inside it. Lists of records are cards below 768 px
// (ResponsiveTable, CardsOrTable). The one exception is the monitoring dashboard's table of numbers by region and
// rule, a cross-tab read along its fixed first column.

import type { HouseholdView } from '@doudi/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, login, newChineseContext } from './support/browser.js';

const UI_TIMEOUT = 30_000;
const SMALL_TABLET = { width: 700, height: 1000 } as const;

/** What is wider than the screen: the page itself, and each table wider than its box (named by its test id). */
async function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const wide: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth) wide.push(`page ${document.documentElement.scrollWidth}px`);
    for (const el of document.querySelectorAll('.ant-table-content, .ant-table-body')) {
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      const owner = el.closest('[data-testid]')?.getAttribute('data-testid') ?? 'a table';
      wide.push(`${owner} ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
    return wide;
  });
}

describe('working pages on a phone', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const visit = async (user: string, paths: (page: Page) => Promise<string[]>, size: { width: number; height: number } = PHONE) => {
    const context = await newChineseContext(browser, baseUrl, size);
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(UI_TIMEOUT);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await login(page, user);
      const found: string[] = [];
      for (const path of await paths(page)) {
        await page.goto(path);
        await page.locator('.page-title, [data-testid="household-head-name"], .ant-card-head-title').first().waitFor();
        // Lists arrive after the title: wait until nothing is loading.
        await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
        for (const w of (await sideways(page)).filter((x) => !x.startsWith('dashboard-table'))) found.push(`${path}: ${w}`);
      }
      return found;
    } finally {
      await context.close();
    }
  };

  test('the village worker: registry list, a household, the survey form, leads and warnings', async () => {
    const found = await visit('demo.village', async (page) => {
      // A household with an ended category besides its current one: its category list is the widest part of the page.
      const list = await (await page.request.get('/api/registry/households?pageSize=100')).json() as { items: { id: number }[] };
      let household: number | undefined;
      for (const { id } of list.items) {
        const h = await (await page.request.get(`/api/registry/households/${id}`)).json() as HouseholdView;
        if (h.categories.length > 1 && h.categories.some((c) => c.endDate !== null)) {
          household = id;
          break;
        }
      }
      expect(household, 'a household of 东岳村 with an ended category').toBeDefined();
      return ['/registry', `/registry/households/${household}`, '/registry/new', '/monitoring/leads', '/monitoring/warnings'];
    });
    expect(found).toEqual([]);
  });

  test('the township worker: imports, duplicates, transfers, departmental data, dashboard', async () => {
    const found = await visit('demo.township', async () => [
      '/registry/import', '/registry/duplicates', '/registry/transfers', '/monitoring/imports', '/monitoring/dashboard',
    ]);
    expect(found).toEqual([]);
  });

  test('on a small tablet, the leads, warnings, hazards and care plans are cards as the registry\'s households are', async () => {
    const village = await visit('demo.village', async () => ['/registry', '/monitoring/leads', '/monitoring/warnings', '/hazards/list'], SMALL_TABLET);
    const township = await visit('demo.township', async () => ['/visits/care-plans'], SMALL_TABLET);
    expect([...village, ...township]).toEqual([]);
  });

  test('on a 1280 px laptop, the lists show every column, their reasons wrapping', async () => {
    // The reasons once sat on one line: the warnings table was 2,560 px in a 1,006 px box, its date, status and lead
    // off the screen; the leads table hid its deadline, the transfers their status and decision.
    const found = await visit('demo.county', async () => [
      '/monitoring/leads', '/monitoring/leads?overdue=true', '/monitoring/warnings', '/registry', '/registry/transfers', '/policy',
    ], DESKTOP);
    expect(found).toEqual([]);
  });

  test('on a 1024 px screen, wide tables scroll inside their box and no page is wider than the window', async () => {
    // The hazards table had no scroll box of its own: at 1024 px the whole page was 1,113 px wide.
    const found = await visit('demo.township', async () => [
      '/registry', '/monitoring/leads', '/monitoring/warnings', '/hazards/list', '/hazards/inspections', '/visits/care-plans', '/visits/plans',
    ], { width: 1024, height: 768 });
    expect(found.filter((x) => x.includes(': page '))).toEqual([]);
  });

  test('the county: policy parameters and monitoring rules, and no page raised an error', async () => {
    const found = await visit('demo.county', async () => ['/policy', '/monitoring/rules']);
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
