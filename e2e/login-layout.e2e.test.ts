// The login page fits a small phone: no horizontal scrolling at 375 px.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, newChineseContext, screenshot } from './support/browser.js';

describe('login page on a phone', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('has no horizontal scroll at 375 px width', async () => {
    const context = await newChineseContext(browser, baseUrl, { width: 375, height: 812 });
    try {
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByTestId('login-submit').waitFor({ state: 'visible', timeout: 30_000 });
      await page.getByTestId('login-username').waitFor({ state: 'visible' });
      const widths = await page.evaluate(() => ({
        viewport: window.innerWidth,
        client: document.documentElement.clientWidth,
        scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      }));
      expect(widths.viewport).toBe(375);
      expect(widths.scroll, `page is ${widths.scroll}px wide in a ${widths.client}px viewport`).toBeLessThanOrEqual(
        widths.client,
      );
      // The submit button is fully inside the screen.
      const box = await page.getByTestId('login-submit').boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      await screenshot(page, 'login-375');
    } finally {
      await context.close();
    }
  });
});
