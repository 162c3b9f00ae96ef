import { headerFor, type CreateHouseholdRequest, type DepartmentBatchView, type DepartmentSource, type HouseholdFactView } from '@doudi/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDepartmentFiles, type DemoDepartmentFile } from '../src/modules/demo/department.js';
import { DEMO_KNOWN_HOUSEHOLDS } from '../src/modules/demo/registry.js';
import { DEMO_COUNTY, seedDemo } from '../src/modules/demo/seed.js';
import { makeId } from './factories.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

const DATANG = '510131101000'; // 大塘镇
const CHAOYANGHU = '510131103000'; // 朝阳湖镇
const DONGYUE = '510131101200'; // 东岳村, 大塘镇
const BAIHE = '510131103200'; // 白鹤村, 朝阳湖镇

let t: TestApp;
let township: TestUser;
let otherTownship: TestUser;
let county: TestUser;
let village: TestUser;
let socialWorker: TestUser;

const ids = {
  head: makeId('19580312'), spouse: makeId('19600101', false), elsewhere: makeId('19700505'), unknown: makeId('19800808'),
};
const badCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
let dongyueHousehold: number;
let baiheHousehold: number;

const db = () => t.ctx.database.db;
const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });
const post = (u: TestUser, url: string, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: u.headers, payload: payload as object });

function csv(source: DepartmentSource, rows: (string | number)[][], header = headerFor(source)): Buffer {
  const line = (r: readonly (string | number)[]) => r.map((v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v))).join(',');
  return Buffer.from(`\ufeff${[header, ...rows].map(line).join('\r\n')}\r\n`, 'utf8');
}

function upload(u: TestUser, source: string, fileName: string, body: Buffer) {
  return t.app.inject({
    method: 'POST', url: `/api/monitoring/department-imports?source=${source}&fileName=${encodeURIComponent(fileName)}`,
    headers: { ...u.headers, 'content-type': 'application/octet-stream' }, payload: body,
  });
}

async function factCount(): Promise<number> {
  return Number((await db().selectFrom('department_facts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

function household(regionCode: string, members: CreateHouseholdRequest['members']): CreateHouseholdRequest {
  return {
    regionCode, urbanRural: 'rural', hukouAddress: '测试地址', residenceAddress: '测试地址', povertyReasons: ['illness'],
    categories: [], assistance: [], personCategories: [], members,
  };
}

beforeAll(async () => {
  t = await startTestApp();
  township = await t.user({ role: 'township_staff', regionCode: DATANG });
  otherTownship = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
  county = await t.user({ role: 'county_staff', regionCode: '510131000000' });
  village = await t.user({ role: 'village_staff', regionCode: DONGYUE });
  socialWorker = await t.user({ role: 'social_worker', regionCode: DATANG });
  const a = await post(township, '/api/registry/households', household(DONGYUE, [
    { name: '张德明', relation: 'head', idNumber: ids.head, yearlyIncome: 480000 },
    { name: '李秀英', relation: 'spouse', idNumber: ids.spouse, yearlyIncome: 240000 },
  ]));
  expect(a.statusCode).toBe(201);
  dongyueHousehold = a.json().id;
  const b = await post(otherTownship, '/api/registry/households', household(BAIHE, [
    { name: '孙立', relation: 'head', idNumber: ids.elsewhere, yearlyIncome: 300000 },
  ]));
  expect(b.statusCode).toBe(201);
  baiheHousehold = b.json().id;
}, 120_000);
afterAll(async () => t?.close());

/** Rows 2…9 of a 医保 file (row numbers as in the sheet). */
const MEDICAL_ROWS: (string | number)[][] = [
  [ids.head, '张德明', '2025-03-01', '12000', '3000', '县人民医院'], // 2
  [ids.spouse, '李秀英', '2025-04-02', '8000.50', '2400.25', ''], // 3
  [ids.spouse, '李秀华', '2025-05-06', '500', '100', '乡镇卫生院'], // 4: name differs from the registry
  [badCheck(ids.head), '张德明', '2025-03-01', '100', '50', ''], // 5: wrong check character
  [ids.unknown, '陈某', '2025-02-01', '300', '200', ''], // 6: not registered
  [ids.elsewhere, '孙立', '2025-02-01', '9000', '4000', '县人民医院'], // 7: registered in 朝阳湖镇
  [ids.head, '张德明', '2025-03-01', '12000', '3000', '县人民医院'], // 8: same as row 2
  [ids.head, '张德明', '2025-06-01', '100', '200', ''], // 9: 个人自付 > 总费用
];
const medicalFile = csv('medical', MEDICAL_ROWS);

describe('medical file: preview and commit', () => {
  let batch: DepartmentBatchView;

  it('previews: errors with row and column, unmatched people masked, duplicates and name mismatches as warnings; stores no fact', async () => {
    const r = await upload(township, 'medical', '医保结算.csv', medicalFile);
    expect(r.statusCode).toBe(201);
    batch = r.json();
    expect(batch).toMatchObject({
      source: 'medical', status: 'previewed', totalRows: 8, validRows: 6, errorRows: 2, matchedRows: 3, unmatchedRows: 2,
      duplicateRows: 1, knownRows: 0, storedFacts: null, affectedCounties: [],
    });
    const bad = batch.issues.find((i) => i.row === 5)!;
    expect(bad).toMatchObject({ column: '身份证号码', level: 'error' });
    expect(bad.message).toContain('第5行「身份证号码」');
    expect(batch.issues.find((i) => i.row === 9)).toMatchObject({ level: 'error', column: '个人自付（元）' });
    expect(batch.issues.find((i) => i.row === 4)).toMatchObject({ level: 'warning', column: '姓名' });
    expect(batch.issues.find((i) => i.row === 4)!.message).toContain('李秀英');
    expect(batch.issues.find((i) => i.row === 8)).toMatchObject({ level: 'warning' });
    expect(batch.issues.find((i) => i.row === 8)!.message).toContain('第2行');
    expect(batch.unmatched.map((u) => u.row)).toEqual([6, 7]);
    expect(batch.unmatched[1]).toEqual({ row: 7, idNumberMasked: `${ids.elsewhere.slice(0, 6)}********${ids.elsewhere.slice(-4)}`, name: '孙立' });
    // Nothing reveals where the person of row 7 is registered, and no full ID number is answered.
    const text = r.body;
    for (const secret of ['朝阳湖', '白鹤', BAIHE, CHAOYANGHU, ids.elsewhere, ids.unknown, ids.head]) expect(text).not.toContain(secret);
    expect(batch.message).toContain('提交将保存3条比对记录');
    expect(await factCount()).toBe(0);
    const stored = await db().selectFrom('department_batches').select(['region_code', 'file_sha256']).where('id', '=', batch.id).executeTakeFirstOrThrow();
    expect(stored.region_code).toBe(DATANG);
    expect(stored.file_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the batch inside the jurisdiction: another township gets 404 and does not list it; the county sees it', async () => {
    expect((await get(otherTownship, `/api/monitoring/department-imports/${batch.id}`)).statusCode).toBe(404);
    expect((await post(otherTownship, `/api/monitoring/department-imports/${batch.id}/commit`)).statusCode).toBe(404);
    expect((await post(otherTownship, `/api/monitoring/department-imports/${batch.id}/discard`)).statusCode).toBe(404);
    expect((await get(otherTownship, '/api/monitoring/department-imports')).json().items.map((b: DepartmentBatchView) => b.id)).not.toContain(batch.id);
    const list = (await get(county, '/api/monitoring/department-imports?source=medical')).json();
    expect(list.items.map((b: DepartmentBatchView) => b.id)).toContain(batch.id);
    expect(list.items[0].issues).toEqual([]);
    expect((await get(township, `/api/monitoring/department-imports/${batch.id}`)).json().issues.length).toBe(batch.issues.length);
  });

  it('commits: stores the matched rows once, marks the household changed, audits, clears the file', async () => {
    const before = new Date(Date.now() - 1000);
    const r = await post(township, `/api/monitoring/department-imports/${batch.id}/commit`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'committed', storedFacts: 3, affectedHouseholds: 1, affectedCounties: ['510131000000'] });
    expect(r.json().committedAt).not.toBeNull();
    expect(await factCount()).toBe(3);
    const facts = await db().selectFrom('department_facts').selectAll().orderBy('fact_date').execute();
    expect(facts.map((f) => [f.household_id, f.region_code, f.amount_fen])).toEqual([
      [dongyueHousehold, DONGYUE, 300000], [dongyueHousehold, DONGYUE, 240025], [dongyueHousehold, DONGYUE, 10000],
    ]);
    const households = await db().selectFrom('households').select(['id', 'facts_changed_at']).where('id', 'in', [dongyueHousehold, baiheHousehold]).execute();
    const changed = new Map(households.map((h) => [h.id, h.facts_changed_at]));
    expect(changed.get(dongyueHousehold)!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(changed.get(baiheHousehold)).toBeNull();
    const file = await db().selectFrom('department_batches').select('file_data').where('id', '=', batch.id).executeTakeFirstOrThrow();
    expect(file.file_data).toBeNull();
    const audit = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'department_batch').where('entity_id', '=', String(batch.id)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'import', region_code: DATANG, username: township.username });
  });

  it('refuses a second commit and a discard with 409 naming the status', async () => {
    const r = await post(township, `/api/monitoring/department-imports/${batch.id}/commit`);
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toContain('已导入');
    expect((await post(county, `/api/monitoring/department-imports/${batch.id}/discard`)).statusCode).toBe(409);
  });

  it('re-importing the same file stores nothing new (rows counted as already imported)', async () => {
    const r = await upload(township, 'medical', '医保结算（再次）.csv', medicalFile);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ matchedRows: 3, knownRows: 3 });
    expect(r.json().message).toContain('3行已导入过');
    const c = await post(county, `/api/monitoring/department-imports/${r.json().id}/commit`);
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ storedFacts: 0, affectedHouseholds: 0, affectedCounties: [], knownRows: 3 });
    expect(await factCount()).toBe(3);
  });

  it('a county importer matches the person registered in 朝阳湖镇', async () => {
    const r = await upload(county, 'medical', '医保（县）.csv', csv('medical', [MEDICAL_ROWS[5]!]));
    expect(r.json()).toMatchObject({ matchedRows: 1, unmatchedRows: 0 });
    const c = await post(county, `/api/monitoring/department-imports/${r.json().id}/commit`);
    expect(c.json()).toMatchObject({ storedFacts: 1, affectedHouseholds: 1 });
    const h = await db().selectFrom('households').select('facts_changed_at').where('id', '=', baiheHousehold).executeTakeFirstOrThrow();
    expect(h.facts_changed_at).not.toBeNull();
  });
});

describe('disability and vehicle files', () => {
  it('reads an .xlsx with a title above the header; commits the certificate', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('持证人员');
    ws.addRow(['蒲江县残联持证人员名单']);
    ws.addRow(['身份证号', '姓名', '残疾类别', '残疾等级', '发证日期']);
    ws.addRow([ids.spouse, '李秀英', '肢体', '二级', '2024-11-20']);
    ws.addRow([ids.unknown, '陈某', '视力残疾', '3', '2024-01-05']);
    ws.addRow([ids.head, '张德明', '肢体', '五级', '2024-01-05']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(township, 'disability', '残联.xlsx', file);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ totalRows: 3, matchedRows: 1, unmatchedRows: 1, errorRows: 1 });
    expect(r.json().issues[0]).toMatchObject({ row: 5, column: '残疾等级', level: 'error' });
    const c = await post(township, `/api/monitoring/department-imports/${r.json().id}/commit`);
    expect(c.json()).toMatchObject({ storedFacts: 1 });
  });

  it('discards a previewed batch; it can then not be committed', async () => {
    const file = csv('vehicle', [[ids.head, '张德明', '川A12345', '小型轿车', '2023-05-01']]);
    const r = await upload(township, 'vehicle', '车辆.csv', file);
    const d = await post(township, `/api/monitoring/department-imports/${r.json().id}/discard`);
    expect(d.json()).toMatchObject({ status: 'discarded' });
    const c = await post(township, `/api/monitoring/department-imports/${r.json().id}/commit`);
    expect(c.statusCode).toBe(409);
    expect(c.json().message).toContain('已放弃');
    const again = await upload(township, 'vehicle', '车辆.csv', file);
    expect((await post(township, `/api/monitoring/department-imports/${again.json().id}/commit`)).json()).toMatchObject({ storedFacts: 1 });
  });

  it('shows the household facts newest first, masked, inside the jurisdiction only', async () => {
    const r = await get(village, `/api/registry/households/${dongyueHousehold}/facts`);
    expect(r.statusCode).toBe(200);
    const items: HouseholdFactView[] = r.json().items;
    expect(items.map((f) => f.source)).toEqual(['medical', 'medical', 'medical', 'disability', 'vehicle']);
    expect(items.map((f) => f.date)).toEqual([...items.map((f) => f.date)].sort().reverse());
    const vehicle = items.find((f) => f.source === 'vehicle')!;
    expect(vehicle.detail.plate).toBe('川A***45');
    expect(vehicle.summary).toContain('川A***45');
    expect(vehicle).toMatchObject({ memberName: '张德明', sourceLabel: '公安交管（车辆）' });
    const medical = items.find((f) => f.date === '2025-03-01')!;
    expect(medical).toMatchObject({ amountFen: 300000, memberName: '张德明' });
    expect(medical.summary).toContain('个人自付 3,000.00 元');
    expect(items.find((f) => f.source === 'disability')!.summary).toContain('二级肢体残疾');
    expect(r.body).not.toContain('川A12345');
    for (const id of Object.values(ids)) expect(r.body).not.toContain(id);
    expect((await get(otherTownship, `/api/registry/households/${dongyueHousehold}/facts`)).statusCode).toBe(404);
    expect((await get(township, `/api/registry/households/${baiheHousehold}/facts`)).statusCode).toBe(404);
    expect((await get(township, '/api/registry/households/999999/facts')).statusCode).toBe(404);
  });
});

describe('requests refused', () => {
  it('answers 403 to roles without monitoring.import', async () => {
    expect((await upload(village, 'medical', 'a.csv', medicalFile)).statusCode).toBe(403);
    expect((await upload(socialWorker, 'medical', 'a.csv', medicalFile)).statusCode).toBe(403);
    expect((await get(village, '/api/monitoring/department-imports')).statusCode).toBe(403);
    expect((await get(village, '/api/monitoring/department-imports/template/medical')).statusCode).toBe(403);
  });

  it('names the missing columns, and refuses files without a header or of an unknown source', async () => {
    const r = await upload(township, 'medical', 'a.csv', csv('medical', [[ids.head, '张德明', '100']], ['身份证号码', '姓名', '医疗总费用']));
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'VALIDATION', field: 'file' });
    expect(r.json().message).toContain('结算日期');
    expect(r.json().message).toContain('个人自付（元）');
    const none = await upload(township, 'medical', 'a.csv', Buffer.from('甲,乙\r\n1,2\r\n'));
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toContain('身份证号码');
    expect((await upload(township, 'weather', 'a.csv', medicalFile)).statusCode).toBe(400);
    expect((await upload(township, 'medical', 'a.csv', Buffer.alloc(0))).statusCode).toBe(400);
  });
});

describe('template', () => {
  it('downloads the source columns as .xlsx with drop-down options and a Chinese file name', async () => {
    const r = await get(township, '/api/monitoring/department-imports/template/disability');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain(encodeURIComponent('数据比对模板-残联（残疾人证）.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('数据')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(headerFor('disability'));
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const grade = validations['D2']!;
    expect(grade.type).toBe('list');
    const [, listColumn] = /\$([A-Z]+)\$2:/.exec(grade.formulae[0]!)!;
    expect((wb.getWorksheet('选项')!.getColumn(listColumn!).values as unknown[]).filter(Boolean)).toContain('二级');
    expect((await get(township, '/api/monitoring/department-imports/template/weather')).statusCode).toBe(400);
  });

  it('publishes the routes in the OpenAPI description', async () => {
    const paths = Object.keys((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json().paths);
    for (const p of ['/api/monitoring/department-imports', '/api/monitoring/department-imports/{id}', '/api/monitoring/department-imports/{id}/commit',
      '/api/monitoring/department-imports/{id}/discard', '/api/monitoring/department-imports/template/{source}', '/api/registry/households/{id}/facts']) {
      expect(paths).toContain(p);
    }
  });
});

describe('demo files', () => {
  let demo: TestApp;
  beforeAll(async () => {
    demo = await startTestApp();
    await seedDemo(demo.ctx.database, demo.ctx.crypto);
  }, 300_000);
  afterAll(async () => demo?.close());

  it('match the seeded demo county: hardship households, findings for the preview, deterministic', async () => {
    const importer = await demo.user({ role: 'county_staff', regionCode: DEMO_COUNTY });
    const send = (url: string, body?: Buffer) => demo.app.inject({
      method: 'POST', url, headers: { ...importer.headers, ...(body ? { 'content-type': 'application/octet-stream' } : {}) }, payload: body ?? {},
    });
    const files = await demoDepartmentFiles(demo.ctx.database, demo.ctx.crypto);
    expect(files.map((f) => f.source)).toEqual(['medical', 'disability']);
    // Without the crypto the same people are assumed registered: the same bytes.
    expect((await demoDepartmentFiles(demo.ctx.database)).map((f) => f.content.toString('base64'))).toEqual(files.map((f) => f.content.toString('base64')));
    const [medical, disability] = files as [DemoDepartmentFile, DemoDepartmentFile];
    const m = await send(`/api/monitoring/department-imports?source=medical&fileName=${encodeURIComponent(medical.fileName)}`, medical.content);
    expect(m.statusCode).toBe(201);
    const mv: DepartmentBatchView = m.json();
    expect(mv.totalRows).toBeGreaterThan(250);
    expect(mv).toMatchObject({ errorRows: 4, unmatchedRows: 5, duplicateRows: 1 });
    expect(mv.issues.filter((i) => i.level === 'warning' && i.column === '姓名')).toHaveLength(1);
    const c = await send(`/api/monitoring/department-imports/${mv.id}/commit`);
    expect(c.json().affectedCounties).toEqual([DEMO_COUNTY]);
    // The demo village's 低保边缘 household now spends more than its yearly income on medical costs.
    const ddb = demo.ctx.database.db;
    const h = await ddb.selectFrom('households').select(['id', 'yearly_income_fen'])
      .where('head_name', '=', DEMO_KNOWN_HOUSEHOLDS.marginalFamily.headName).where('region_code', '=', DONGYUE).executeTakeFirstOrThrow();
    const spent = await ddb.selectFrom('department_facts').select((eb) => eb.fn.sum<number>('amount_fen').as('s'))
      .where('household_id', '=', h.id).where('source', '=', 'medical').executeTakeFirstOrThrow();
    expect(Number(spent.s)).toBeGreaterThan(h.yearly_income_fen * 1.2);
    const d = await send(`/api/monitoring/department-imports?source=disability&fileName=${encodeURIComponent(disability.fileName)}`, disability.content);
    expect(d.json()).toMatchObject({ errorRows: 1, unmatchedRows: 2 });
    expect(d.json().matchedRows).toBeGreaterThanOrEqual(30);
  }, 300_000);
});
