import { SUMMARY_HEADINGS, SUMMARY_NOTES, SUMMARY_TITLE, TEMPLATE_COLUMNS } from '@doudi/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeId as factoryId } from './factories.js';
import { importFile, templateCsv, upload, type PersonRow } from './fixtures/registryFiles.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

const DATANG = '510131101000';
const CHAOYANGHU = '510131103000';
const makeId = (birth: string, male = true) => factoryId(birth, male, '510131');

let t: TestApp;
let township: TestUser;
let otherTownship: TestUser;
let county: TestUser;
let otherCounty: TestUser;
let village: TestUser;
let socialWorker: TestUser;

const ids: Record<string, string> = {};
/** A household of one or more people; `perHead` is the monthly income per head in 元 (all of it the head's). */
function household(key: string, name: string, perHead: number, extra: PersonRow = {}, others: string[] = []): PersonRow[] {
  ids[name] = makeId(`1960${String(Object.keys(ids).length + 1).padStart(2, '0')}15`);
  const size = 1 + others.length;
  return [
    { householdKey: key, name, relation: '户主', idNumber: ids[name], regionCode: '大塘镇东岳村', urbanRural: '农村', hukouAddress: '大塘镇东岳村3组',
      povertyReasons: '疾病', phone: `1390000${String(Object.keys(ids).length).padStart(4, '0')}`, yearlyIncome: perHead * 12 * size, ...extra },
    ...others.map((o, i) => ({ householdKey: key, name: o, relation: '子', idNumber: makeId(`1990${String(i + 1).padStart(2, '0')}0${Object.keys(ids).length}`) })),
  ];
}

beforeAll(async () => {
  t = await startTestApp();
  township = await t.user({ role: 'township_staff', regionCode: DATANG });
  otherTownship = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
  county = await t.user({ role: 'county_staff', regionCode: '510131000000' });
  otherCounty = await t.user({ role: 'county_staff', regionCode: '510104000000' });
  village = await t.user({ role: 'village_staff', regionCode: '510131101200' });
  socialWorker = await t.user({ role: 'social_worker', regionCode: DATANG });
  // 蒲江县's standards: rural 680 元, urban 900 元 a month; the province's edge multiplier 1.5.
  await t.ctx.database.db.insertInto('policy_parameters').values([
    { region_code: '510131000000', key: 'dibao_standard_rural_monthly', value: 68000, valid_from: '2024-01-01', source: '测试' },
    { region_code: '510131000000', key: 'dibao_standard_urban_monthly', value: 90000, valid_from: '2024-01-01', source: '测试' },
    { region_code: '510000000000', key: 'marginal_multiplier', value: 1.5, valid_from: '2020-01-01', source: '测试' },
  ]).execute();
  const rows: PersonRow[] = [
    ...household('A', '甲', 800),
    ...household('B', '乙', 900, { categories: '防止返贫监测' }, ['乙子']),
    ...household('C', '丙', 700, { categories: '刚性支出困难' }),
    ...household('D', '丁', 800, { categories: '低保' }),
    ...household('E', '戊', 500),
    ...household('F', '己', 1100),
    ...household('G', '庚', 950, { urbanRural: '城市' }),
    ...household('I', '壬', 680),
    ...household('H', '辛', 800, { regionCode: '朝阳湖镇白鹤村', hukouAddress: '朝阳湖镇白鹤村1组' }),
    // The labels of 特困 have brackets of their own, and the CSV adds the date in another pair.
    ...household('J', '癸', 850, { categories: '特困（分散供养）（2019-01-01）' }),
  ];
  const done = await importFile(t, county, 'setup.csv', templateCsv(rows), 'all');
  if (done.status !== 'committed') throw new Error(JSON.stringify(done));
});
afterAll(async () => t?.close());

const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });

async function workbook(payload: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe('附件3 summary table', () => {
  it('lists the households between the standard and 1.5× it, not covered by 低保, with the form\'s title, headings and notes', async () => {
    const r = await get(township, '/api/registry/export/summary.xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(r.headers['x-doudi-rows']).toBe('4');
    const ws = await workbook(r.rawPayload);
    expect(ws.getCell('A2').value).toBe(SUMMARY_TITLE);
    expect(ws.getCell('A3').value).toBe('填报单位：大塘镇');
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual([...SUMMARY_HEADINGS]);
    const data = [5, 6, 7, 8].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
    expect(data).toEqual([
      [1, '甲', '男', ids['甲'], 1, '大塘镇东岳村3组', 800, '疾病', '农村', '13900000001', '低保边缘户'],
      [2, '乙', '男', ids['乙'], 2, '大塘镇东岳村3组', 900, '疾病', '农村', '13900000002', '易致贫返贫户'],
      [3, '丙', '男', ids['丙'], 1, '大塘镇东岳村3组', 700, '疾病', '农村', '13900000003', '支出型困难户'],
      [4, '庚', '男', ids['庚'], 1, '大塘镇东岳村3组', 950, '疾病', '城市', '13900000007', '低保边缘户'],
    ]);
    // 丁 (低保), 癸 (特困), 戊 (below the standard), 己 (above 1.5×), 壬 (exactly the standard) and 辛 (another township) are
    // not on it.
    expect(ws.getCell('G5').numFmt).toBe('0.00');
    expect(ws.getCell('A9').value).toBe(SUMMARY_NOTES[0]);
    expect(ws.getCell('A11').value).toBe(SUMMARY_NOTES[2]);
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A2:K2', 'A3:K3', 'A9:K9']));
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, paperSize: 9 });

    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'registry_summary').where('user_id', '=', township.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'export', region_code: DATANG });
    expect(audit[0]!.after).toMatchObject({ rows: 4, regionName: '大塘镇' });
  });

  it('covers the county for county staff, another township only for its own staff', async () => {
    const all = await get(county, '/api/registry/export/summary.xlsx?regionCode=510131000000');
    expect(all.headers['x-doudi-rows']).toBe('5');
    const own = await workbook((await get(otherTownship, '/api/registry/export/summary.xlsx')).rawPayload);
    expect(own.getCell('B5').value).toBe('辛');
    expect(own.getCell('A3').value).toBe('填报单位：朝阳湖镇');
  });

  it('answers 404 outside the jurisdiction and 403 without the permission', async () => {
    expect((await get(otherTownship, `/api/registry/export/summary.xlsx?regionCode=${DATANG}`)).statusCode).toBe(404);
    expect((await get(otherCounty, '/api/registry/export/summary.xlsx?regionCode=510131000000')).statusCode).toBe(404);
    expect((await get(village, '/api/registry/export/summary.xlsx')).statusCode).toBe(403);
    expect((await get(socialWorker, '/api/registry/export/summary.xlsx')).statusCode).toBe(403);
  });
});

describe('registry CSV', () => {
  it('is for county level and above only', async () => {
    expect((await get(township, '/api/registry/export/registry.csv')).statusCode).toBe(403);
    expect((await get(village, '/api/registry/export/registry.csv')).statusCode).toBe(403);
    expect((await get(otherCounty, '/api/registry/export/registry.csv?regionCode=510131000000')).statusCode).toBe(404);
  });

  it('has every member with full ID numbers and phones, in UTF-8 with BOM, audited', async () => {
    const r = await get(county, '/api/registry/export/registry.csv');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = r.rawPayload.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, TEMPLATE_COLUMNS.length)).toEqual(TEMPLATE_COLUMNS.map((c) => c.heading));
    expect(lines).toHaveLength(1 + 11);
    expect(r.headers['x-doudi-rows']).toBe('11');
    expect(lines.find((l) => l.includes(',癸,'))).toContain('特困（分散供养）（2019-01-01）');
    const jia = lines.find((l) => l.includes(',甲,'))!;
    expect(jia).toContain(ids['甲']);
    expect(jia).toContain('13900000001');
    expect(jia).toContain(',户主,');
    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'registry_csv').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'export', user_id: county.id, region_code: '510131000000' });
    expect(audit[0]!.after).toMatchObject({ rows: 11 });
  });

  it('imports back without changing anything', async () => {
    const csv = (await get(county, '/api/registry/export/registry.csv')).rawPayload;
    const up = await upload(t, county, 'registry.csv', csv);
    expect(up.json()).toMatchObject({ errorRows: 0, warningRows: 0, createdHouseholds: 0, createdMembers: 0, updatedMembers: 0, unchangedRows: 11 });
  });
});
