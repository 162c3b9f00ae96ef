// The low-income registry journey of a township worker (demo.township, 大塘镇): imports a CSV written in the template's
// columns with some bad rows, reads the row errors, imports the correct rows, finds a new household by the pinyin
// initials of its head, opens it, sees a full ID number through the audited reveal, edits a member's yearly income,
// finds the change in the history and prints the survey form (附件2) on one A4 page. Screenshots at desktop and phone
// width go to e2e/artifacts/registry-*.png.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { TEMPLATE_COLUMNS, idNumberCheckChar } from '@doudi/domain';
import { DESKTOP, PHONE, launchBrowser, login, newChineseContext, screenshot } from './support/browser.js';

const UI_TIMEOUT = 30_000;
const VILLAGE = '东岳村村委会'; // a village of 大塘镇, written by name as a worker would

/** A valid 18-character ID number of 蒲江县 (GB 11643 check character). */
function idNumber(birth: string, sequence: string): string {
  const first17 = `510131${birth}${sequence}`;
  return first17 + idNumberCheckChar(first17);
}

/** The same number with a wrong check character. */
function badCheck(id: string): string {
  const wrong = id.endsWith('1') ? '2' : '1';
  return id.slice(0, 17) + wrong;
}

const HEAD = { name: '欧阳秀兰', id: idNumber('19580312', '862'), initials: 'oyxl' };
const SON = { name: '欧阳志强', id: idNumber('19850704', '871') };
const GRANDSON = { name: '欧阳小宇', id: idNumber('20140901', '893') };
const NEW_HEAD = { name: '覃立新', id: idNumber('19900415', '817') };
const OTHER_HEAD = { name: '司马建英', id: idNumber('19620115', '822') };
const OTHER_WIFE = { name: '唐桂芳', id: idNumber('19640822', '844') };

type Row = Partial<Record<string, string>>;

const household = (key: string, extra: Row = {}): Row => ({
  householdKey: key,
  regionCode: VILLAGE,
  urbanRural: '农村',
  hukouAddress: `四川省成都市蒲江县大塘镇东岳村${key}组`,
  povertyReasons: '疾病、缺乏劳动力',
  housing: '自有（80平方米）',
  needs: '希望帮助解决冬季取暖问题',
  surveyedBy: '测试调查员',
  surveyedOn: '2026-03-01',
  ...extra,
});

/** The file: 8 rows, 5 correct (two households), 3 wrong (a bad check character, an unknown village, no name). */
const ROWS: Row[] = [
  { ...household('1'), name: HEAD.name, relation: '户主', idNumber: HEAD.id, health: '慢性病', yearlyIncome: '3600', phone: '13800001234' },
  { householdKey: '1', name: SON.name, relation: '子', idNumber: SON.id, yearlyIncome: '12000', schoolOrEmployer: '蒲江县某建材厂' },
  { householdKey: '1', name: GRANDSON.name, relation: '孙子女/外孙子女', idNumber: GRANDSON.id, tags: '在校、留守', schoolOrEmployer: '大塘镇中心小学' },
  { ...household('2'), name: OTHER_HEAD.name, relation: '户主', idNumber: OTHER_HEAD.id, yearlyIncome: '6000' },
  { householdKey: '2', name: OTHER_WIFE.name, relation: '配偶', idNumber: OTHER_WIFE.id, health: '重病' },
  { ...household('3'), name: '错号测试', relation: '户主', idNumber: badCheck(idNumber('19700101', '811')) },
  { ...household('4', { regionCode: '不存在村' }), name: '错村测试', relation: '户主', idNumber: idNumber('19710202', '813') },
  { ...household('5'), name: '', relation: '户主', idNumber: idNumber('19720303', '815') },
];
const BAD_ROWS = { checkChar: 7, village: 8, name: 9 }; // file rows (the header is row 1)

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function buildCsv(): Buffer {
  const lines = [TEMPLATE_COLUMNS.map((c) => csvCell(c.heading)).join(',')];
  for (const row of ROWS) lines.push(TEMPLATE_COLUMNS.map((c) => csvCell(row[c.field] ?? '')).join(','));
  // UTF-8 with a byte-order mark, as Excel and WPS save "CSV UTF-8".
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

describe('low-income registry: demo.township (大塘镇)', () => {
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
    await login(page, 'demo.township');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const textOf = (testId: string) => () => page.getByTestId(testId).innerText();
  /** The text box of an antd input, whether the test id sits on the input itself or on its wrapper. */
  const inputOf = (testId: string) =>
    page.locator(`input[data-testid="${testId}"]`).or(page.getByTestId(testId).locator('input')).first();

  test('the list shows the demo households of 大塘镇, on a desktop and on a phone', async () => {
    await page.goto('/registry');
    await page.getByTestId('registry-table').waitFor({ state: 'visible' });
    await expect.poll(() => page.getByTestId('registry-row').count(), { timeout: UI_TIMEOUT }).toBeGreaterThan(0);
    const text = await textOf('registry-table')();
    expect(text).toContain('月人均收入（元）');
    expect(await page.locator('.ant-pagination-total-text').innerText()).toMatch(/共 \d+ 户/);
    // Masked ID numbers only: area code, eight stars, last four.
    expect(text).toMatch(/510\d{3}\*{8}\d{3}[\dX]/);
    expect(text).not.toMatch(/\b510\d{12}[\dX]\b/);
    await screenshot(page, 'registry-list');

    // 导出附件3: the official summary table of the township downloads as an Excel file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('registry-export-summary').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(await download.failure()).toBeNull();
    // A township worker may export the summary table but not the whole registry.
    expect(await page.getByTestId('registry-export-csv').count()).toBe(0);

    await page.setViewportSize(PHONE);
    await page.getByTestId('registry-cards').waitFor({ state: 'visible' });
    expect(await page.getByTestId('registry-card').count()).toBeGreaterThan(0);
    await screenshot(page, 'registry-list-phone');
    await page.setViewportSize(DESKTOP);
  });

  test('imports a CSV: reads the row errors, then imports only the correct rows', async () => {
    await page.goto('/registry');
    await page.getByTestId('registry-import').click();
    await page.waitForURL((url) => url.pathname === '/registry/import');

    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles({
      name: '东岳村低收入家庭.csv',
      mimeType: 'text/csv',
      buffer: buildCsv(),
    });
    await page.getByTestId('import-preview').waitFor({ state: 'visible', timeout: 60_000 });

    // The summary: 8 rows, 5 correct, 3 with errors.
    const summary = await textOf('import-summary')();
    expect(summary.replace(/\s+/g, ' ')).toMatch(/总行数 8 正确行 5 有错误的行 3/);

    // Every bad row is named by its row and column, in Chinese.
    const issues = page.getByTestId('import-issues');
    const rowText = async (row: number) =>
      (await issues.locator('tbody tr').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${row}$`) }) }).allInnerTexts()).join('\n');
    await expect.poll(() => rowText(BAD_ROWS.checkChar), { timeout: UI_TIMEOUT }).toContain('身份证号码');
    expect(await rowText(BAD_ROWS.village)).toContain('所在村（社区）');
    expect(await rowText(BAD_ROWS.village)).toContain('不存在村');
    expect(await rowText(BAD_ROWS.name)).toContain('姓名');
    expect(await issues.innerText()).toContain('错误');
    await screenshot(page, 'registry-import-preview');

    // Import the correct rows only; the progress bar runs until the batch is committed.
    await page.getByTestId('import-mode-valid').click();
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-result').waitFor({ state: 'visible', timeout: 90_000 });
    expect(await textOf('import-result')()).toContain('导入完成');
    expect(await textOf('import-created-households')()).toBe('2');
    await screenshot(page, 'registry-import-result');
  });

  test('finds the new household by pinyin initials, reveals an ID number, edits a member and sees it in the history', async () => {
    await page.goto('/registry');
    const search = inputOf('registry-search');
    await search.fill(HEAD.initials);
    await search.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === HEAD.initials);
    await expect.poll(textOf('registry-table'), { timeout: UI_TIMEOUT }).toContain(HEAD.name);
    expect(await page.getByTestId('registry-row').count()).toBe(1);

    // A member's name finds the household too, and says which member matched.
    await search.fill(SON.name);
    await search.press('Enter');
    await expect.poll(textOf('registry-table'), { timeout: UI_TIMEOUT }).toContain(`匹配：${SON.name}`);
    await screenshot(page, 'registry-search');

    await page.getByTestId('household-link').first().click();
    await page.waitForURL(/\/registry\/households\/\d+$/);
    await expect.poll(textOf('household-head-name'), { timeout: UI_TIMEOUT }).toContain(HEAD.name);
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(3);
    const income = await textOf('household-income')();
    expect(income).toContain('低保标准');
    expect(income).toContain('演示数据');
    // (3,600 + 12,000 + 0) / 12 / 3 = 433.33 元
    expect(await textOf('income-per-head')()).toContain('433.33');

    // The head's ID number is masked; 查看 asks for a reason and shows the full number.
    const headRow = page.getByTestId('member-row').filter({ hasText: HEAD.name });
    expect(await headRow.innerText()).not.toContain(HEAD.id);
    await headRow.locator('[data-testid^="reveal-idNumber-"]').click();
    await page.getByTestId('reveal-reason').fill('核对户主身份证件（自动化测试）');
    await page.getByTestId('reveal-submit').click();
    await expect.poll(textOf('reveal-value'), { timeout: UI_TIMEOUT }).toBe(HEAD.id);
    await page.getByTestId('reveal-close').click();
    await screenshot(page, 'registry-household');

    // Edit the son's yearly income: 12,000 → 30,000 元.
    const sonRow = page.getByTestId('member-row').filter({ hasText: SON.name });
    await sonRow.locator('[data-testid^="member-edit-"]').click();
    const form = page.getByTestId('member-form');
    await form.waitFor({ state: 'visible' });
    await inputOf('member-yearly-income').fill('30000');
    await page.getByTestId('member-submit').click();
    await form.waitFor({ state: 'detached' });

    // (3,600 + 30,000) / 12 / 3 = 933.33 元, and the history names the change.
    await expect.poll(textOf('income-per-head'), { timeout: UI_TIMEOUT }).toContain('933.33');
    await expect.poll(textOf('history-list'), { timeout: UI_TIMEOUT }).toContain(`修改成员${SON.name}`);
    const history = await textOf('history-list')();
    expect(history).toContain('年收入');
    // Only the income changed: the member's other facts are kept as they were.
    const latest = await page.getByTestId('history-entry').first().innerText();
    expect(latest).not.toContain('工作单位或学校');
    expect(await sonRow.innerText()).toContain('蒲江县某建材厂');
    expect(history).toMatch(/30,?000/);
    expect(history).toContain('大塘镇民政演示用户');
    await screenshot(page, 'registry-household-edited');

    await page.setViewportSize(PHONE);
    await page.getByTestId('household-income').waitFor({ state: 'visible' });
    await screenshot(page, 'registry-household-phone');
    await page.setViewportSize(DESKTOP);
  });

  test('prints the survey form 附件2 on one A4 page, with masked numbers', async () => {
    await page.getByTestId('household-print').click();
    await page.waitForURL(/\/registry\/households\/\d+\/print$/);
    const sheet = page.getByTestId('print-form');
    await sheet.waitFor({ state: 'visible' });
    await expect.poll(() => sheet.innerText(), { timeout: UI_TIMEOUT }).toContain(HEAD.name);
    const text = await sheet.innerText();
    expect(text).toContain('农村低收入群众入户调查表');
    expect(text).toContain('人员类别');
    expect(text).toContain('入户调查人员签字');
    expect(text).toContain(SON.name);
    expect(text).not.toContain(HEAD.id);
    expect(text).toContain(`${HEAD.id.slice(0, 6)}********${HEAD.id.slice(-4)}`);
    expect(text).not.toContain('13800001234');
    expect(await page.getByTestId('print-member').count()).toBe(3);
    // No app frame on the printout.
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    await screenshot(page, 'registry-print');

    // As printed (A4 less 12 mm margins is 186 mm ≈ 703 px wide): the 打印 button is hidden and the whole form fits
    // on one page.
    await page.setViewportSize({ width: 703, height: 1032 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print-button').isVisible()).toBe(false);
    await screenshot(page, 'registry-print-media');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length, 'pages in the printed PDF').toBe(1);
    await page.emulateMedia({ media: null });
    await page.setViewportSize(DESKTOP);
  });

  test('creates a household on the survey form; an ID number registered elsewhere is flagged when the field is left', async () => {
    await page.goto('/registry');
    await page.getByTestId('registry-create').click();
    await page.waitForURL((url) => url.pathname === '/registry/new');
    await page.getByTestId('household-form').waitFor({ state: 'visible' });

    await page.getByTestId('form-region').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '大塘镇' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: VILLAGE }).click();
    await expect.poll(() => page.getByTestId('form-region').innerText()).toContain(VILLAGE);
    await inputOf('form-hukou').fill('四川省成都市蒲江县大塘镇东岳村6组');
    await page.getByRole('button', { name: '同户籍地址' }).click();
    await page.getByTestId('form-poverty-reasons').getByText('残疾', { exact: true }).click();

    // The head: first an ID number already registered in 欧阳秀兰's household…
    await page.getByTestId('form-member-add').click();
    await page.getByTestId('member-form').waitFor({ state: 'visible' });
    await inputOf('member-name').fill(NEW_HEAD.name);
    const id = inputOf('member-id-number');
    await id.fill(GRANDSON.id);
    await id.blur();
    await expect.poll(textOf('person-registered'), { timeout: UI_TIMEOUT }).toContain(`${HEAD.name}户登记`);
    // …then the right one: sex and birth date are read from it.
    await id.fill(NEW_HEAD.id);
    await id.blur();
    await expect.poll(textOf('person-derived'), { timeout: UI_TIMEOUT }).toContain('男 · 1990-04-15 出生');
    expect(await page.getByTestId('person-registered').count()).toBe(0);
    await inputOf('member-yearly-income').fill('8000');
    await page.getByTestId('member-submit').click();
    await page.getByTestId('member-form').waitFor({ state: 'detached' });
    expect(await page.getByTestId('form-member-row').count()).toBe(1);
    // The save bar sticks to the bottom of the window: make the window as tall as the form for the full-page picture.
    const formHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: DESKTOP.width, height: formHeight });
    await screenshot(page, 'registry-form');
    await page.setViewportSize(DESKTOP);

    await page.getByTestId('household-submit').click();
    await page.waitForURL(/\/registry\/households\/\d+$/);
    await expect.poll(textOf('household-head-name'), { timeout: UI_TIMEOUT }).toContain(NEW_HEAD.name);
    await expect.poll(textOf('history-list'), { timeout: UI_TIMEOUT }).toContain('新建家庭');
    expect(await textOf('household-survey')()).toContain('☑残疾');

    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });
});
