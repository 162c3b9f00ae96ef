import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { idNumberCheckChar, TEMPLATE_COLUMNS } from '@doudi/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeId as factoryId } from './factories.js';
import { importFile, summaryXlsx, templateCsv, templateXlsx, upload, waitForBatch, type PersonRow } from './fixtures/registryFiles.js';
import { waitForImports } from '../src/modules/registry/import/service.js';
import { refreshHouseholds } from '../src/modules/registry/rows.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

/** ID numbers registered in 蒲江县 (510131), an area code of the current region table (no warning). */
const makeId = (birth: string, male = true, area = '510131') => factoryId(birth, male, area);

const DATANG = '510131101000';
const CHAOYANGHU = '510131103000';
const DONGYUE = '510131101200'; // 东岳村村委会, 大塘镇
const SHUANGSHI = '510131101202'; // 双石村村委会, 大塘镇
const BAIHE = '510131103200'; // 白鹤村村委会, 朝阳湖镇

let t: TestApp;
let township: TestUser;
let otherTownship: TestUser;
let county: TestUser;
let socialWorker: TestUser;
/** The same bytes each time it is uploaded (an .xlsx carries its creation time). */
let mixedFile: Buffer;

beforeAll(async () => {
  t = await startTestApp();
  township = await t.user({ role: 'township_staff', regionCode: DATANG });
  otherTownship = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
  county = await t.user({ role: 'county_staff', regionCode: '510131000000' });
  socialWorker = await t.user({ role: 'social_worker', regionCode: DATANG });
  mixedFile = await templateXlsx(MIXED);
});
afterAll(async () => t?.close());

const db = () => t.ctx.database.db;
const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });
const post = (u: TestUser, url: string, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: u.headers, payload: payload as object });
/** Distinct valid ID numbers for bulk rows (one birth date each). */
function bulkId(i: number): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `510131${birth}771`;
  return body + idNumberCheckChar(body);
}
const badCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

/** The registry as counts, to prove a step wrote nothing. */
async function counts() {
  const n = async (table: 'households' | 'members' | 'household_history') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { households: await n('households'), members: await n('members'), history: await n('household_history') };
}
/** Imported households carry the figures `refreshHouseholds` derives: recomputing them changes nothing. */
async function expectDerivedFiguresExact(householdIds: number[]) {
  const cols = ['id', 'member_count', 'yearly_income_fen', 'income_per_head_fen', 'head_name', 'head_id_masked', 'member_tags'] as const;
  const read = () => db().selectFrom('households').select(cols).where('id', 'in', householdIds).orderBy('id').execute();
  const before = await read();
  await refreshHouseholds(db(), householdIds);
  expect(await read()).toEqual(before);
}
const memberByName = (name: string) => db().selectFrom('members').selectAll().where('name', '=', name).where('removed_at', 'is', null).executeTakeFirst();

const HOUSEHOLD = { regionCode: '东岳村', urbanRural: '农村', hukouAddress: '大塘镇东岳村3组' };
const ids = {
  wang: makeId('19650301'), wangWife: makeId('19670402', false), li: makeId('19700101'), zhao: makeId('19580909'),
  zhaoSon: makeId('19900101'), zhaoDaughter: makeId('19920202', false), zhaoX: makeId('19950303'), sun: makeId('19800808'),
  qian: makeId('19810810', true, '110101'),
};

/** Rows 2…10 of the file with problems (row numbers as in the sheet). */
const MIXED: PersonRow[] = [
  { householdKey: '1', name: '王大山', relation: '户主', idNumber: ids.wang, ...HOUSEHOLD, yearlyIncome: 9600, povertyReasons: '疾病', phone: '13800000001' }, // 2
  { householdKey: '1', name: '刘桂芝', relation: '配偶', idNumber: ids.wangWife, health: '慢性病' }, // 3
  { householdKey: '2', name: '李明', relation: '户主', idNumber: badCheck(ids.li), ...HOUSEHOLD }, // 4: wrong check character
  { householdKey: '3', name: '赵福', relation: '户主', idNumber: ids.zhao, regionCode: '510131101202', urbanRural: '农村', hukouAddress: '双石村1组' }, // 5
  { householdKey: '3', name: '赵强', relation: '子', idNumber: ids.zhaoSon, birthDate: '1990-02-30' }, // 6: bad date
  { householdKey: '3', name: '', relation: '女', idNumber: ids.zhaoDaughter }, // 7: missing name
  { householdKey: '3', name: '赵小', relation: '子', idNumber: ids.zhaoX, health: '很好' }, // 8: not a drop-down label
  { householdKey: '4', name: '孙立', relation: '户主', idNumber: ids.sun, regionCode: BAIHE, urbanRural: '农村', hukouAddress: '朝阳湖镇白鹤村' }, // 9: outside
  { householdKey: '5', name: '钱进', relation: '户主', idNumber: ids.qian, ...HOUSEHOLD }, // 10: area code not in the table → warning
];

describe('import template', () => {
  it('downloads as an .xlsx with the headings, notes and drop-down lists of Chinese labels', async () => {
    const r = await get(township, '/api/registry/import-template.xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('人员名单')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(TEMPLATE_COLUMNS.map((c) => c.heading));
    const relationColumn = sheet.getColumn(TEMPLATE_COLUMNS.findIndex((c) => c.field === 'relation') + 1).letter;
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const v = validations[`${relationColumn}2`]!;
    expect(v.type).toBe('list');
    const [, listColumn] = /\$([A-Z]+)\$2:/.exec(v.formulae[0]!)!;
    const options = (wb.getWorksheet('选项')!.getColumn(listColumn!).values as unknown[]).filter(Boolean);
    expect(options).toContain('户主');
    expect(options).toContain('配偶');
    expect(wb.getWorksheet('选项')!.state).toBe('hidden');
    expect(wb.getWorksheet('填写说明')!.getColumn(1).values).toContain('身份证号码');
    expect((await get(socialWorker, '/api/registry/import-template.xlsx')).statusCode).toBe(403);
  });

  it('reads a filled-in copy of the downloaded template: the rows of 人员名单, not the notes or the option lists', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(township, '/api/registry/import-template.xlsx')).rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('人员名单')!;
    const rows: PersonRow[] = [
      { householdKey: 't1', name: '模板一', relation: '户主', idNumber: makeId('19580909'), regionCode: DONGYUE, urbanRural: '农村', hukouAddress: '大塘镇东岳村' },
      { householdKey: 't1', name: '模板二', relation: '配偶', idNumber: makeId('19591010', false) },
    ];
    rows.forEach((r, i) => { sheet.getRow(i + 2).values = TEMPLATE_COLUMNS.map((c) => r[c.field] ?? null); });
    const r = await upload(t, township, '模板.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ status: 'previewed', format: 'template', totalRows: 2, errorRows: 0, validRows: 2 });
    expect((await post(township, `/api/registry/imports/${r.json().id}/discard`)).statusCode).toBeLessThan(300);
  });
});

describe('preview and commit', () => {
  let batchId: number;

  it('names every bad row and its column heading in Chinese, and writes nothing', async () => {
    const before = await counts();
    const r = await upload(t, township, '大塘镇低收入人口.xlsx', mixedFile);
    expect(r.statusCode).toBe(201);
    const view = r.json();
    batchId = view.id;
    expect(view).toMatchObject({ status: 'previewed', format: 'template', totalRows: 9, errorRows: 5, validRows: 4, warningRows: 1 });
    const messages = view.issues.map((i: { message: string }) => i.message);
    expect(messages).toContain('第4行「身份证号码」：身份证号码校验位不正确，请核对');
    expect(messages).toContain('第6行「出生日期」：日期不存在，请核对');
    expect(messages).toContain('第7行「姓名」：必填，请填写姓名');
    expect(messages).toContainEqual(expect.stringMatching(/^第8行「健康状况」：「很好」不是可选项，可选：健康、体弱/));
    expect(messages).toContain(`第9行「所在村（社区）」：「白鹤村村委会」（${BAIHE}）不在您的管辖范围内`);
    expect(view.issues).toContainEqual({ row: 10, column: '身份证号码', level: 'warning', message: expect.stringContaining('地区码 110101 不在现行行政区划中') });
    // What a commit of the good rows would do: households 1, 3 (head only) and 5.
    expect(view).toMatchObject({ createdHouseholds: 3, createdMembers: 4, updatedMembers: 0, unchangedRows: 0 });
    expect(await counts()).toEqual(before);
  });

  it('is a batch of 大塘镇: another township cannot see, commit or discard it; a role without the permission is refused', async () => {
    expect((await get(otherTownship, `/api/registry/imports/${batchId}`)).statusCode).toBe(404);
    expect((await post(otherTownship, `/api/registry/imports/${batchId}/commit`, { mode: 'valid' })).statusCode).toBe(404);
    expect((await post(otherTownship, `/api/registry/imports/${batchId}/discard`)).statusCode).toBe(404);
    expect((await get(otherTownship, '/api/registry/imports')).json().items.map((b: { id: number }) => b.id)).not.toContain(batchId);
    expect((await get(county, '/api/registry/imports')).json().items.map((b: { id: number }) => b.id)).toContain(batchId);
    for (const r of [
      await get(socialWorker, `/api/registry/imports/${batchId}`),
      await get(socialWorker, '/api/registry/imports'),
      await post(socialWorker, `/api/registry/imports/${batchId}/commit`, { mode: 'valid' }),
      await post(socialWorker, `/api/registry/imports/${batchId}/discard`),
      await upload(t, socialWorker, 'x.csv', templateCsv(MIXED)),
    ]) expect(r.statusCode).toBe(403);
    expect((await get(township, `/api/registry/imports/${batchId}`)).json().status).toBe('previewed');
  });

  it('mode "all" writes nothing when any row is wrong', async () => {
    const before = await counts();
    const c = await post(township, `/api/registry/imports/${batchId}/commit`, { mode: 'all' });
    expect(c.statusCode).toBe(202);
    expect(c.json().status).toBe('committing');
    const done = await waitForBatch(t, township, batchId);
    expect(done.status).toBe('failed');
    expect(done.message).toContain('有5行错误，按「全部或不导入」未导入任何数据');
    expect(done).toMatchObject({ createdHouseholds: 0, createdMembers: 0, processedRows: 0 });
    expect(await counts()).toEqual(before);
  });

  it('mode "valid" writes only the good rows, with history and one audit entry for the batch', async () => {
    const before = await counts();
    const c = await post(township, `/api/registry/imports/${batchId}/commit`, { mode: 'valid' });
    expect(c.statusCode).toBe(202);
    const done = await waitForBatch(t, township, batchId);
    expect(done).toMatchObject({ status: 'committed', mode: 'valid', createdHouseholds: 3, createdMembers: 4, updatedMembers: 0, processedRows: 9, errorRows: 5 });
    expect(done.message).toContain('5行有错误，未导入');
    expect(await counts()).toEqual({ households: before.households + 3, members: before.members + 4, history: before.history + 3 });
    for (const name of ['王大山', '刘桂芝', '赵福', '钱进']) expect(await memberByName(name)).toBeDefined();
    for (const name of ['李明', '赵强', '赵小', '孙立']) expect(await memberByName(name)).toBeUndefined();

    const wang = (await memberByName('王大山'))!;
    const household = await db().selectFrom('households').selectAll().where('id', '=', wang.household_id).executeTakeFirstOrThrow();
    expect(household).toMatchObject({
      region_code: DONGYUE, urban_rural: 'rural', member_count: 2, head_name: '王大山', yearly_income_fen: 960_000,
      income_per_head_fen: 40_000, poverty_reasons: ['illness'], import_batch_id: batchId, created_by: township.id,
    });
    expect(t.ctx.crypto.decrypt(Buffer.from(wang.phone_enc!))).toBe('13800000001');
    expect(wang.name_pinyin).toBe('wangdashan');
    await expectDerivedFiguresExact([wang.household_id, (await memberByName('赵福'))!.household_id]);
    expect((await memberByName('赵福'))!.region_code).toBe(SHUANGSHI);
    const history = await db().selectFrom('household_history').selectAll().where('household_id', '=', wang.household_id).execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ source: 'import', actor_id: township.id });
    expect(history[0]!.summary).toContain(`导入批次#${batchId}「大塘镇低收入人口.xlsx」新建家庭：户主王大山，家庭成员2人`);
    const audit = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'import_batch').where('entity_id', '=', String(batchId)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'import', user_id: township.id, region_code: DATANG });
    // The file is not kept after the commit; a committed batch is not committed or discarded again.
    expect((await db().selectFrom('import_batches').select('file_data').where('id', '=', batchId).executeTakeFirstOrThrow()).file_data).toBeNull();
    const again = await post(township, `/api/registry/imports/${batchId}/commit`, { mode: 'valid' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('当前状态为「已导入」');
    expect((await post(township, `/api/registry/imports/${batchId}/discard`)).statusCode).toBe(409);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await counts();
    const up = await upload(t, township, '大塘镇低收入人口.xlsx', mixedFile);
    expect(up.json()).toMatchObject({ createdHouseholds: 0, createdMembers: 0, updatedMembers: 0, unchangedRows: 4 });
    expect(up.json().message).toContain(`同一文件已于批次#${batchId}导入过`);
    const c = await post(township, `/api/registry/imports/${up.json().id}/commit`, { mode: 'valid' });
    expect(c.statusCode).toBe(202);
    const done = await waitForBatch(t, township, up.json().id);
    expect(done).toMatchObject({ status: 'committed', createdHouseholds: 0, createdMembers: 0, updatedMembers: 0, unchangedRows: 4 });
    expect(await counts()).toEqual(before);
  });

  it('updates only the cells the file fills, adds new members, and records the change', async () => {
    const wang = (await memberByName('王大山'))!;
    const before = await counts();
    const rows: PersonRow[] = [
      { householdKey: 'W', name: '王大山', relation: '户主', idNumber: ids.wang, ...HOUSEHOLD, yearlyIncome: '12000.50', povertyReasons: '疾病' },
      { householdKey: 'W', name: '王小川', relation: '子', idNumber: makeId('20100101') },
    ];
    const done = await importFile(t, township, '更新.csv', templateCsv(rows));
    expect(done).toMatchObject({ status: 'committed', createdHouseholds: 0, createdMembers: 1, updatedMembers: 1, unchangedRows: 0 });
    expect(await counts()).toEqual({ households: before.households, members: before.members + 1, history: before.history + 1 });
    const after = (await memberByName('王大山'))!;
    expect(after).toMatchObject({ yearly_income_fen: 1_200_050, version: wang.version + 1, health: wang.health });
    // The phone was not in the file: kept.
    expect(t.ctx.crypto.decrypt(Buffer.from(after.phone_enc!))).toBe('13800000001');
    const h = await db().selectFrom('household_history').selectAll().where('household_id', '=', wang.household_id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(h.summary).toContain('新增成员王小川');
    expect(h.changes).toContainEqual({ field: `members.${wang.id}.yearlyIncome`, label: '王大山的年收入', before: '9600.00元', after: '12000.50元' });
    expect((await db().selectFrom('households').select('member_count').where('id', '=', wang.household_id).executeTakeFirstOrThrow()).member_count).toBe(3);
  });

  it('compares again at commit what others changed or registered after the preview', async () => {
    const people = { head: makeId('19520505'), wife: makeId('19540606', false), late: makeId('19560707'), other: makeId('19580808') };
    const family: PersonRow[] = [
      { householdKey: 'F', name: '周永福', relation: '户主', idNumber: people.head, ...HOUSEHOLD, yearlyIncome: 6000 },
      { householdKey: 'F', name: '吴秀兰', relation: '配偶', idNumber: people.wife, health: '慢性病', yearlyIncome: 3000 },
    ];
    await importFile(t, township, '周家.csv', templateCsv(family));
    const commit = async (id: number, mode: 'valid' | 'all' = 'valid') => {
      expect((await post(township, `/api/registry/imports/${id}/commit`, { mode })).statusCode).toBe(202);
      return waitForBatch(t, township, id);
    };
    const editWife = async (health: string) => {
      const wife = (await memberByName('吴秀兰'))!;
      const edit = await t.app.inject({
        method: 'PATCH', url: `/api/registry/members/${wife.id}`, headers: township.headers, payload: { version: wife.version, health },
      });
      expect(edit.statusCode).toBe(200);
    };

    // The same family again: unchanged at the preview; then someone edits the wife's health on her page.
    const again = await upload(t, township, '周家再导入.csv', templateCsv(family));
    expect(again.json()).toMatchObject({ createdMembers: 0, updatedMembers: 0, unchangedRows: 2 });
    await editWife('healthy');
    // The commit finds the change and writes the file's value over it, as a commit right after the edit would.
    expect(await commit(again.json().id)).toMatchObject({ status: 'committed', updatedMembers: 1, unchangedRows: 1 });
    expect((await memberByName('吴秀兰'))!.health).toBe('chronic');
    // The same in mode 'all': its one transaction is compared again as a whole.
    const third = await upload(t, township, '周家第三次导入.csv', templateCsv(family));
    await editWife('frail');
    expect(await commit(third.json().id, 'all')).toMatchObject({ status: 'committed', updatedMembers: 1, unchangedRows: 1 });
    expect((await memberByName('吴秀兰'))!.health).toBe('chronic');

    // Two new households at the preview; then someone registers 郑来福 by hand.
    const up = await upload(t, township, '新增两户.csv', templateCsv([
      { householdKey: 'L', name: '郑来福', relation: '户主', idNumber: people.late, ...HOUSEHOLD },
      { householdKey: 'O', name: '冯其山', relation: '户主', idNumber: people.other, ...HOUSEHOLD },
    ]));
    expect(up.json()).toMatchObject({ createdHouseholds: 2, createdMembers: 2 });
    const byHand = await post(township, '/api/registry/households', {
      regionCode: DONGYUE, urbanRural: 'rural', hukouAddress: '大塘镇东岳村5组', residenceAddress: '大塘镇东岳村5组',
      povertyReasons: [], categories: [], assistance: [], personCategories: [],
      members: [{ name: '郑来福', relation: 'head', idNumber: people.late }],
    });
    expect(byHand.statusCode).toBe(201);
    // 郑来福 is now the head of that household: it is updated from the file, not registered twice.
    expect(await commit(up.json().id)).toMatchObject({ status: 'committed', createdHouseholds: 1, createdMembers: 1, unchangedRows: 1 });
    const late = await db().selectFrom('members').select('household_id').where('name', '=', '郑来福').where('removed_at', 'is', null).execute();
    expect(late.map((m) => m.household_id)).toEqual([byHand.json().id]);
    expect(await memberByName('冯其山')).toBeDefined();
  });

  it('refuses a person already registered in another household, naming the household only inside the jurisdiction', async () => {
    const rows: PersonRow[] = [
      { householdKey: 'N', name: '周新', relation: '户主', idNumber: makeId('19850505'), ...HOUSEHOLD },
      { householdKey: 'N', name: '刘桂芝', relation: '配偶', idNumber: ids.wangWife },
    ];
    const r = await upload(t, township, '迁入.csv', templateCsv(rows));
    expect(r.json().issues.map((i: { message: string }) => i.message)).toEqual([
      '第3行「身份证号码」：已在其他户登记（东岳村村委会，户主王大山），同一人只能在一户登记；如需迁入请在家庭页申请迁转',
    ]);
    expect(r.json()).toMatchObject({ errorRows: 1, createdHouseholds: 1, createdMembers: 1 });
    // Seen from another township, the household is not named; its head cannot be re-registered there either.
    const outside = await upload(t, otherTownship, '迁入.csv', templateCsv([
      { householdKey: 'X', name: '王大山', relation: '户主', idNumber: ids.wang, regionCode: BAIHE, urbanRural: '农村', hukouAddress: '白鹤村' },
    ]));
    expect(outside.json().issues.map((i: { message: string }) => i.message)).toEqual([
      '第2行「身份证号码」：已在其他户登记（不在您的管辖范围内），同一人只能在一户登记；如需迁入请在家庭页申请迁转',
    ]);
    expect(outside.json()).toMatchObject({ errorRows: 1, createdHouseholds: 0 });
  });
});

describe('other layouts', () => {
  it('imports the 附件3 form: the head, the income per head and the difficulty as a category', async () => {
    const id1 = makeId('19600606');
    const id2 = makeId('19610707', false);
    const file = await summaryXlsx([
      { 姓名: '郑一', 性别: '男', 身份证号码: id1, 家庭人口: 3, 户籍所在地: '大塘镇东岳村', 家庭人均收入: 800.5, 致贫原困: '疾病、残疾', '城市/农村': '农村', 联系方式: '13900000002', 困难类型: '支出型困难户' },
      { 姓名: '吴二', 身份证号码: id2, 家庭人口: 1, 户籍所在地: SHUANGSHI, 家庭人均收入: '760', 困难类型: '低保边缘户' },
      { 姓名: '冯三', 身份证号码: makeId('19620808'), 家庭人口: 2, 户籍所在地: '白鹤村', 家庭人均收入: 700 },
    ]);
    const up = await upload(t, township, '附件3.xlsx', file);
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({ format: 'summary', totalRows: 3, errorRows: 1 });
    expect(up.json().issues[0].message).toBe('第7行「户籍所在地」：在您的管辖范围内未找到「白鹤村」所在的村（社区）；请填写12位区划代码，或「乡镇（街道）名称+村（社区）名称」');
    expect(up.json().message).toContain('附件3版式每行只导入户主');
    const c = await post(township, `/api/registry/imports/${up.json().id}/commit`, { mode: 'valid' });
    expect(c.statusCode).toBe(202);
    const done = await waitForBatch(t, township, up.json().id);
    expect(done).toMatchObject({ status: 'committed', createdHouseholds: 2, createdMembers: 2 });
    const zheng = (await memberByName('郑一'))!;
    expect(zheng).toMatchObject({ relation: 'head', yearly_income_fen: 80_050 * 12 * 3, region_code: DONGYUE });
    const h = await db().selectFrom('households').selectAll().where('id', '=', zheng.household_id).executeTakeFirstOrThrow();
    expect(h).toMatchObject({ hukou_address: '大塘镇东岳村', poverty_reasons: ['illness', 'disability'], category_kinds: ['rigid_expense'] });
    const wu = (await memberByName('吴二'))!;
    const wuHousehold = await db().selectFrom('households').selectAll().where('id', '=', wu.household_id).executeTakeFirstOrThrow();
    expect(wuHousehold).toMatchObject({ hukou_address: '四川省成都市蒲江县大塘镇双石村', income_per_head_fen: 76_000, category_kinds: ['marginal'] });
    // The same form again: nothing changes (the registry's members and incomes stand).
    const again = await importFile(t, township, '附件3.xlsx', file);
    expect(again).toMatchObject({ createdHouseholds: 0, createdMembers: 0, updatedMembers: 0, unchangedRows: 2 });
  });

  it('imports a CSV with BOM in mode "all"', async () => {
    const before = await counts();
    const rows: PersonRow[] = [
      { householdKey: 'c1', name: '陈一', relation: '户主', idNumber: makeId('19700303'), ...HOUSEHOLD, categories: '低保（2024-01-01）', tags: '独居、退役军人' },
      { householdKey: 'c2', name: '陈二', relation: '户主', idNumber: makeId('19710404'), regionCode: SHUANGSHI, urbanRural: '城市', hukouAddress: '双石村', assistance: '临时救助（500元）' },
      { householdKey: 'c2', name: '陈小二', relation: '女', idNumber: makeId('20050505', false), disabilityType: '肢体残疾', disabilityGrade: '二级' },
    ];
    const done = await importFile(t, township, '名册.csv', templateCsv(rows), 'all');
    expect(done).toMatchObject({ status: 'committed', format: 'csv', mode: 'all', createdHouseholds: 2, createdMembers: 3, errorRows: 0 });
    expect(await counts()).toMatchObject({ households: before.households + 2, members: before.members + 3 });
    const chen = (await memberByName('陈一'))!;
    expect(chen.tags).toEqual(['living_alone', 'veteran']);
    const h = await db().selectFrom('households').selectAll().where('id', '=', chen.household_id).executeTakeFirstOrThrow();
    expect(h.categories).toEqual([{ kind: 'dibao', startDate: '2024-01-01', endDate: null, status: 'active' }]);
    expect((await memberByName('陈小二'))).toMatchObject({ disability_type: 'physical', disability_grade: 2 });
    await expectDerivedFiguresExact([chen.household_id, (await memberByName('陈二'))!.household_id]);
  });

  it('refuses files it cannot read, with a Chinese message', async () => {
    const xls = await upload(t, township, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]));
    expect(xls.statusCode).toBe(400);
    expect(xls.json().message).toContain('不支持旧版 .xls 文件');
    const noHeader = await upload(t, township, 'x.csv', Buffer.from('a,b,c\n1,2,3\n'));
    expect(noHeader.json().message).toContain('未找到表头');
    const missing = await upload(t, township, 'x.csv', Buffer.from('户编号,姓名,身份证号码\n1,张三,x\n'));
    expect(missing.json().message).toBe('第1行的表头缺少必需的列：「与户主关系」「所在村（社区）」「城市/农村」「户籍地址」');
  });

  it('discards a previewed batch inside the jurisdiction only', async () => {
    const up = await upload(t, township, 'x.csv', templateCsv(MIXED.slice(0, 1)));
    expect((await post(otherTownship, `/api/registry/imports/${up.json().id}/discard`)).statusCode).toBe(404);
    const d = await post(county, `/api/registry/imports/${up.json().id}/discard`);
    expect(d.json()).toMatchObject({ status: 'discarded' });
    expect((await post(township, `/api/registry/imports/${up.json().id}/commit`, { mode: 'all' })).statusCode).toBe(409);
  });
});

describe('doudi registry import / export', () => {
  const run = promisify(execFile);
  const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/doudi.mjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-cli-registry-'));
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: path.join(dir, 'data') };
  delete env.DATABASE_URL;
  const doudi = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, [BIN, ...args], { env });
      return { code: 0, out: stdout, err: '' };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, out: x.stdout, err: x.stderr };
    }
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports as the system inside --region, prints the row errors, and exports the form and the registry', async () => {
    expect((await doudi('regions', 'load', '--filter', '510131', '--json')).code).toBe(0);
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(file, templateCsv(MIXED.slice(0, 4)));
    const failed = await doudi('registry', 'import', file, '--region', DATANG, '--json');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.err).error).toContain('第4行「身份证号码」：身份证号码校验位不正确，请核对');
    const ok = await doudi('registry', 'import', file, '--mode', 'valid', '--region', DATANG, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).result).toMatchObject({ status: 'committed', createdHouseholds: 2, createdMembers: 3, errorRows: 1 });
    const out = path.join(dir, 'summary.xlsx');
    const summary = await doudi('registry', 'export', '--region', DATANG, '--form', 'summary', '--out', out, '--json');
    expect(JSON.parse(summary.out).result).toMatchObject({ form: 'summary', regionCode: DATANG });
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const csv = path.join(dir, 'registry.csv');
    const exported = await doudi('registry', 'export', '--region', '510131000000', '--form', 'csv', '--out', csv, '--json');
    expect(JSON.parse(exported.out).result).toMatchObject({ form: 'csv', rows: 3 });
    expect(fs.readFileSync(csv, 'utf8')).toContain(ids.wang);
    const extra = await doudi('registry', 'export', 'oops', '--region', DATANG);
    expect(extra.code).toBe(2);
  }, 180_000);
});

describe('whole-batch atomicity', () => {
  it('mode "valid" in several chunks (several transactions at a time on a server) counts exactly what it wrote, also when a chunk fails', async () => {
    const before = await counts();
    await sql`CREATE FUNCTION fail_on_name() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.name = '故障' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`.execute(db());
    await sql`CREATE TRIGGER fail_on_name BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION fail_on_name()`.execute(db());
    const people = (fail: number | null) => {
      const rows: PersonRow[] = [];
      for (let i = 0; i < 6_500; i++) rows.push({ householdKey: `v${i}`, name: i === fail ? '故障' : `分批${i}`, relation: '户主', idNumber: bulkId(20_000 + i), ...HOUSEHOLD });
      return templateCsv(rows);
    };
    let done;
    try {
      // Chunks of 2,000 rows: the third fails.
      done = await importFile(t, township, 'chunks.csv', people(4_100));
    } finally {
      await sql`DROP TRIGGER fail_on_name ON members`.execute(db());
      await sql`DROP FUNCTION fail_on_name()`.execute(db());
    }
    expect(done.status).toBe('failed');
    const written = await counts();
    // The first two chunks are in; the fourth too when another lane had taken it before the third failed.
    expect([4_000, 4_500]).toContain(written.households - before.households);
    expect(done).toMatchObject({
      createdHouseholds: written.households - before.households, createdMembers: written.members - before.members,
      processedRows: written.members - before.members,
    });
    expect(done.message).toContain(`已完成的部分（新建${done.createdHouseholds}户`);
    expect(await memberByName('分批4099')).toBeUndefined();

    // Committing the same file again, without the failure, writes the rest and counts only the rest.
    const rest = await importFile(t, township, 'chunks.csv', people(null));
    expect(rest).toMatchObject({ status: 'committed', processedRows: 6_500, createdHouseholds: 6_500 - done.createdHouseholds, unchangedRows: done.createdHouseholds });
    const row = await db().selectFrom('import_batches').select(['processed_rows', 'created_households', 'created_members', 'unchanged_rows']).where('id', '=', rest.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ processed_rows: 6_500, created_households: rest.createdHouseholds, created_members: rest.createdMembers, unchanged_rows: rest.unchangedRows });
    expect((await counts()).households - before.households).toBe(6_500);

    // A commit whose end is never written (as when the server stops): the batch's counters are those of the chunks
    // written, each added once by its own transaction.
    const third = (await counts()).households;
    // Each chunk's progress update is also slow, so that on a server the other lane's update comes while the first
    // one's transaction is still open.
    await sql`CREATE FUNCTION refuse_end() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF OLD.status = 'committing' AND NEW.status <> 'committing' THEN RAISE EXCEPTION 'stopped'; END IF;
      IF OLD.processed_rows IS DISTINCT FROM NEW.processed_rows THEN PERFORM pg_sleep(0.5); END IF;
      RETURN NEW; END $$`.execute(db());
    await sql`CREATE TRIGGER refuse_end BEFORE UPDATE ON import_batches FOR EACH ROW EXECUTE FUNCTION refuse_end()`.execute(db());
    let stuck;
    try {
      const rows: PersonRow[] = [];
      for (let i = 0; i < 6_500; i++) rows.push({ householdKey: `w${i}`, name: `中断${i}`, relation: '户主', idNumber: bulkId(10_000 + i), ...HOUSEHOLD });
      const up = await upload(t, township, 'stopped.csv', templateCsv(rows));
      expect((await post(township, `/api/registry/imports/${up.json().id}/commit`, { mode: 'valid' })).statusCode).toBe(202);
      await waitForImports();
      stuck = await db().selectFrom('import_batches').select(['status', 'processed_rows', 'created_households', 'created_members', 'unchanged_rows'])
        .where('id', '=', up.json().id).executeTakeFirstOrThrow();
    } finally {
      await sql`DROP TRIGGER refuse_end ON import_batches`.execute(db());
      await sql`DROP FUNCTION refuse_end()`.execute(db());
    }
    expect((await counts()).households - third).toBe(6_500);
    expect(stuck).toEqual({ status: 'committing', processed_rows: 6_500, created_households: 6_500, created_members: 6_500, unchanged_rows: 0 });
  }, 120_000);


  it('a database failure in mode "all" leaves no trace', async () => {
    const before = await counts();
    // A trigger that fails on one particular name, in the middle of the batch.
    await sql`CREATE FUNCTION fail_on_name() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.name = '故障' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`.execute(db());
    await sql`CREATE TRIGGER fail_on_name BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION fail_on_name()`.execute(db());
    try {
      const rows: PersonRow[] = [];
      for (let i = 0; i < 2500; i++) rows.push({ householdKey: `k${i}`, name: i === 2400 ? '故障' : `批量${i}`, relation: '户主', idNumber: bulkId(i), ...HOUSEHOLD });
      const done = await importFile(t, township, 'big.csv', templateCsv(rows), 'all');
      expect(done.status).toBe('failed');
      expect(done.message).toContain('服务器内部错误');
      expect(await counts()).toEqual(before);
    } finally {
      await sql`DROP TRIGGER fail_on_name ON members`.execute(db());
      await sql`DROP FUNCTION fail_on_name()`.execute(db());
    }
  });
});
