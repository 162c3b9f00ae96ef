import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckChar } from './idNumber.js';
import type { HouseholdCategory } from './registry.js';
import {
  buildVillageIndex, villageShortName, cellText, dropRepeatedIdNumbers, findVillageByName, formatAssistance, formatCategories, formatHousing,
  matchHeader, parseAssistance, parseCategories, parseDateCell, parseHousing, parseSummaryRow, parseTemplateHousehold,
  parseYuanCell, splitList, SUMMARY_HEADINGS, TEMPLATE_COLUMNS, templateCellText, type HeaderMatch, type RawRow, type VillageResolution,
} from './registryImport.js';

/** A valid ID number: area, birth date (YYYYMMDD), 3-digit sequence (odd = male). */
function id(area: string, birth: string, seq: string): string {
  const first = `${area}${birth}${seq}`;
  return first + idNumberCheckChar(first);
}
const badCheck = (valid: string) => valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');

const TODAY = '2026-03-01';
const headings = TEMPLATE_COLUMNS.map((c) => c.heading);
const templateHeader = matchHeader(headings)!;
const village = (text: string): VillageResolution =>
  text === '东岳村' || text === '510131101200' ? { ok: true, code: '510131101200', address: text } : { ok: false, message: '不在您的管辖范围内' };

/** A template row from field → text. */
function row(n: number, values: Record<string, string | number | Date>): RawRow {
  return { row: n, cells: TEMPLATE_COLUMNS.map((c) => values[c.field] ?? null) };
}
const HEAD = { householdKey: 'A', name: '张三', relation: '户主', idNumber: id('510131', '19700101', '011'), regionCode: '东岳村', urbanRural: '农村', hukouAddress: '大塘镇东岳村1组' };
const WIFE = { householdKey: 'A', name: '李四', relation: '配偶', idNumber: id('510131', '19720202', '022') };

describe('cells', () => {
  it('reads amounts in 元 as fen without floating-point drift', () => {
    expect(parseYuanCell(680.1)).toEqual({ ok: true, value: 68010 });
    expect(parseYuanCell('1,234.5元')).toEqual({ ok: true, value: 123450 });
    expect(parseYuanCell('0.07')).toEqual({ ok: true, value: 7 });
    expect(parseYuanCell('12.345').ok).toBe(false);
    expect(parseYuanCell(-1).ok).toBe(false);
    expect(parseYuanCell('一千').ok).toBe(false);
  });

  it('reads dates in the ways people type them, and refuses days that do not exist', () => {
    expect(parseDateCell('2024/3/1')).toEqual({ ok: true, value: '2024-03-01' });
    expect(parseDateCell('2024年3月1日')).toEqual({ ok: true, value: '2024-03-01' });
    expect(parseDateCell(20240301)).toEqual({ ok: true, value: '2024-03-01' });
    expect(parseDateCell(new Date(Date.UTC(2024, 2, 1)))).toEqual({ ok: true, value: '2024-03-01' });
    expect(parseDateCell(45352)).toEqual({ ok: true, value: '2024-03-01' });
    expect(parseDateCell('2024-02-30')).toEqual({ ok: false, message: '日期不存在，请核对' });
    expect(parseDateCell('三月一日').ok).toBe(false);
  });

  it('keeps long digit strings whole and splits lists outside brackets', () => {
    expect(cellText(13812345678)).toBe('13812345678');
    expect(cellText(' 张三\u3000')).toBe('张三');
    expect(splitList('租住（30平方米，县城、某小区）；自有(80)')).toEqual(['租住（30平方米，县城、某小区）', '自有(80)']);
  });

  it('round-trips categories, assistance and housing through their cell text', () => {
    const cats: HouseholdCategory[] = [
      { kind: 'dibao', startDate: '2024-01-01', endDate: null, status: 'active' },
      { kind: 'marginal', startDate: '2023-01-01', endDate: '2023-12-31', status: 'ended' },
    ];
    const parsed = parseCategories(formatCategories(cats), TODAY);
    expect(parsed.ok && parsed.value.map((c) => c.category)).toEqual(cats);
    expect(parseCategories('低保', TODAY)).toEqual({ ok: true, value: [{ category: { kind: 'dibao', startDate: TODAY, endDate: null, status: 'active' }, dated: false }] });
    expect(parseCategories('低保（2025-01-01至2024-01-01）', TODAY).ok).toBe(false);
    expect(parseCategories('五保', TODAY)).toMatchObject({ ok: false, message: expect.stringContaining('可选：低保、') });
    // The labels of 特困 have brackets of their own; the dates are in the last pair.
    const tekun: HouseholdCategory[] = [
      { kind: 'tekun_dispersed', startDate: '2019-01-01', endDate: null, status: 'active' },
      { kind: 'tekun_centralised', startDate: '2015-03-01', endDate: '2018-12-31', status: 'ended' },
      { kind: 'other_low_income', startDate: '2025-10-01', endDate: null, status: 'active' },
    ];
    expect(formatCategories(tekun)).toBe('特困（分散供养）（2019-01-01）、特困（集中供养）（2015-03-01至2018-12-31，已退出）、其他低收入（2025-10-01）');
    const back = parseCategories(formatCategories(tekun), TODAY);
    expect(back.ok && back.value.map((c) => c.category)).toEqual(tekun);
    expect(parseCategories('特困(分散供养)', TODAY)).toEqual({
      ok: true, value: [{ category: { kind: 'tekun_dispersed', startDate: TODAY, endDate: null, status: 'active' }, dated: false }],
    });
    expect(parseCategories('特困（分散供养）（2019-13-01）', TODAY)).toMatchObject({ ok: false, message: expect.stringContaining('开始日期') });
    expect(parseCategories('特困（2019-01-01）', TODAY)).toMatchObject({ ok: false, message: expect.stringContaining('「特困」不是可选项') });
    fc.assert(fc.property(fc.array(fc.record({
      kind: fc.constantFrom('dibao', 'temporary', 'medical'), yearlyAmount: fc.integer({ min: 0, max: 10_000_000 }),
    }), { maxLength: 4 }), (list) => {
      const back = parseAssistance(formatAssistance(list as never));
      expect(back).toEqual({ ok: true, value: list });
    }));
    const housing = parseHousing('自有（80平方米）、租住（30.5平方米，县城某小区）');
    expect(housing).toEqual({ ok: true, value: [{ nature: 'own', area: 80, address: '' }, { nature: 'rented', area: 30.5, address: '县城某小区' }] });
    expect(parseHousing(formatHousing(housing.ok ? housing.value : []))).toEqual(housing);
  });

  it('writes template cells that read back to the same value', () => {
    expect(templateCellText('yearlyIncome', 123450)).toBe('1234.50');
    expect(parseYuanCell(templateCellText('yearlyIncome', 123450))).toEqual({ ok: true, value: 123450 });
    expect(templateCellText('relation', 'head')).toBe('户主');
    expect(templateCellText('tags', ['living_alone', 'veteran'])).toBe('独居、退役军人');
  });
});

describe('headers', () => {
  it('recognises the template and the summary table (附件3) by their headings', () => {
    expect(templateHeader.layout).toBe('template');
    expect(templateHeader.missing).toEqual([]);
    const summary = matchHeader(['序号', '姓名', '性别', '身份证号码', '家庭人口', '户籍所在地', '家庭人均收入\n（元/月）', '致贫原因', '城市/农村', '联系方式', '困难类型'])!;
    expect(summary.layout).toBe('summary');
    expect(summary.columns.get('income')).toBe(6);
    expect(summary.columns.get('povertyReasons')).toBe(7);
    expect(matchHeader(['农村低收入群众信息汇总统计表'])).toBeNull();
    expect(matchHeader(['户编号', '姓名', '身份证号'])!.missing).toEqual(['与户主关系', '所在村（社区）', '城市/农村', '户籍地址']);
    expect(matchHeader([...SUMMARY_HEADINGS])!.missing).toEqual([]);
  });
});

describe('template households', () => {
  const parse = (rows: RawRow[], header: HeaderMatch = templateHeader) => parseTemplateHousehold('A', rows, header, village, TODAY);

  it('builds a household from its rows, with the fields the file gave', () => {
    const r = parse([row(2, { ...HEAD, yearlyIncome: '12000', tags: '独居' }), row(3, { ...WIFE, health: '慢性病' })]);
    expect(r.issues).toEqual([]);
    const h = r.household!;
    expect(h.household).toMatchObject({ regionCode: '510131101200', urbanRural: 'rural', hukouAddress: '大塘镇东岳村1组', residenceAddress: '大塘镇东岳村1组' });
    expect(h.members.map((m) => [m.row, m.data.relation, m.data.gender, m.data.yearlyIncome])).toEqual([[2, 'head', 'male', 1_200_000], [3, 'spouse', 'female', 0]]);
    expect([...h.members[1]!.provided].sort()).toEqual(['health', 'idNumber', 'name', 'relation']);
    expect(h.provided.has('residenceAddress')).toBe(true);
    expect(h.provided.has('needs')).toBe(false);
  });

  it('gives rows that filled the same cells one shared set of fields, and other rows their own', () => {
    const a = parse([row(2, HEAD), row(3, { ...WIFE, health: '慢性病' })]).household!;
    const b = parse([row(2, HEAD), row(3, { ...WIFE, health: '慢性病' }), row(4, { ...WIFE, name: '张三', idNumber: id('510131', '20000303', '033'), relation: '子' })]).household!;
    expect(b.members[0]!.provided).toBe(a.members[0]!.provided);
    expect(b.members[1]!.provided).toBe(a.members[1]!.provided);
    expect(b.provided).toBe(a.provided);
    expect(b.members[2]!.provided).not.toBe(b.members[1]!.provided);
    expect([...b.members[2]!.provided].sort()).toEqual(['idNumber', 'name', 'relation']);
    expect([...b.members[1]!.provided].sort()).toEqual(['health', 'idNumber', 'name', 'relation']);
  });

  it('names the row and the column heading of every problem, in Chinese', () => {
    const r = parse([
      row(2, HEAD),
      row(3, { ...WIFE, idNumber: badCheck(WIFE.idNumber) }),
      row(4, { householdKey: 'A', name: '', relation: '子', idNumber: id('510131', '20000303', '033') }),
      row(5, { householdKey: 'A', name: '张小', relation: '侄子', idNumber: id('510131', '20010404', '041') }),
      row(6, { householdKey: 'A', name: '张二', relation: '女', idNumber: id('510131', '20020505', '062'), birthDate: '2002-02-30' }),
    ]);
    expect(r.issues.map((i) => i.message)).toEqual([
      '第3行「身份证号码」：身份证号码校验位不正确，请核对',
      '第4行「姓名」：必填，请填写姓名',
      expect.stringMatching(/^第5行「与户主关系」：「侄子」不是可选项，可选：户主、配偶/),
      '第6行「出生日期」：日期不存在，请核对',
    ]);
    // Bad member rows are dropped; the household and its good rows stay.
    expect(r.household!.members.map((m) => m.row)).toEqual([2]);
  });

  it('stops the whole household when the head row or a household column is wrong', () => {
    const r = parse([row(2, { ...HEAD, regionCode: '朝阳湖镇某村' }), row(3, WIFE)]);
    expect(r.household).toBeNull();
    expect(r.issues.map((i) => i.message)).toEqual([
      '第2行「所在村（社区）」：不在您的管辖范围内',
      '第3行「户编号」：同户的户主行（第2行）有错误，整户未导入',
    ]);
    const noHead = parse([row(3, WIFE)]);
    expect(noHead.issues[0]!.message).toBe('第3行「与户主关系」：户编号「A」没有户主：请在户主所在行的「与户主关系」填写「户主」');
    const twoHeads = parse([row(2, HEAD), row(3, { ...WIFE, relation: '户主' })]);
    expect(twoHeads.issues.map((i) => i.message)).toEqual([
      '第2行「户编号」：户编号「A」有多名户主，整户未导入',
      '第3行「与户主关系」：户编号「A」有2名户主（第2、3行），一户只能有一名户主',
    ]);
    const inconsistent = parse([row(2, HEAD), row(3, { ...WIFE, urbanRural: '城市' })]);
    expect(inconsistent.issues.map((i) => i.message)).toEqual(['第3行「城市/农村」：与户主行（第2行）不一致；家庭信息只需填在户主行']);
    expect(inconsistent.household!.members).toHaveLength(1);
    const noAddress = parse([row(2, { ...HEAD, hukouAddress: '' })]);
    expect(noAddress.issues[0]!.message).toBe('第2行「户籍地址」：请填写户籍地址');
  });

  it('refuses an ID number stored as a number (Excel has already rounded it)', () => {
    const r = parse([row(2, { ...HEAD, idNumber: 510131197001010100 })]);
    expect(r.issues[0]!.message).toMatch(/^第2行「身份证号码」：身份证号码被保存为数字/);
  });

  it('finds the same ID number twice in a file', () => {
    const a = parse([row(2, HEAD), row(3, WIFE)]).household!;
    const b = parseTemplateHousehold('B', [row(4, { ...HEAD, householdKey: 'B', idNumber: WIFE.idNumber })], templateHeader, village, TODAY).household!;
    const r = dropRepeatedIdNumbers([a, b]);
    expect(r.households.map((h) => h.key)).toEqual(['A']);
    expect(r.issues.map((i) => i.message)).toEqual(['第4行「身份证号码」：与第3行身份证号码重复（同一人只能登记一次）']);
  });
});

describe('summary table rows (附件3)', () => {
  const header = matchHeader([...SUMMARY_HEADINGS])!;
  const summaryRow = (n: number, values: Partial<Record<(typeof SUMMARY_HEADINGS)[number], string | number>>): RawRow =>
    ({ row: n, cells: SUMMARY_HEADINGS.map((h) => values[h] ?? null) });

  it('records the head with a yearly income giving the stated income per head, and the difficulty as a category', () => {
    const r = parseSummaryRow(summaryRow(4, {
      序号: 1, 姓名: '王五', 身份证号码: id('510131', '19650505', '051'), 家庭人口: 3, 户籍所在地: '东岳村', 家庭人均收入: '800.50',
      致贫原困: '疾病、残疾', 联系方式: '13800001111', 困难类型: '支出型困难户',
    }), header, village, TODAY);
    expect(r.issues).toEqual([]);
    const h = r.household!;
    expect(h.members[0]!.data).toMatchObject({ relation: 'head', yearlyIncome: 80050 * 12 * 3, phone: '13800001111' });
    expect(h.household).toMatchObject({ urbanRural: 'rural', povertyReasons: ['illness', 'disability'], categories: [{ kind: 'rigid_expense', startDate: TODAY }] });
    expect(h.declared).toEqual({ size: 3, monthlyIncomePerHead: 80050 });
    expect(h.categoriesMode).toBe('merge');
  });

  it('names the form\'s own headings in its messages', () => {
    const r = parseSummaryRow(summaryRow(5, { 姓名: '王五', 身份证号码: id('510131', '19650505', '051'), 家庭人口: '三', 户籍所在地: '东岳村', 家庭人均收入: 800, 困难类型: '贫困户' }), header, village, TODAY);
    expect(r.household).toBeNull();
    expect(r.issues.map((i) => i.message)).toEqual([
      '第5行「家庭人口」：家庭人口应为整数',
      '第5行「困难类型」：「贫困户」不是可选项，可选：易致贫返贫户、低保边缘户、支出型困难户',
    ]);
  });
});

describe('villages named in text', () => {
  const index = buildVillageIndex([
    { code: '510131101200', name: '东岳村村委会', path: '四川省成都市蒲江县大塘镇', township: '大塘镇' },
    { code: '510131103201', name: '东岳村', path: '四川省成都市蒲江县朝阳湖镇', township: '朝阳湖镇' },
    { code: '510131101201', name: '新东岳村', path: '四川省成都市蒲江县大塘镇', township: '大塘镇' },
  ]);
  it('needs the township where a name repeats, accepts the county path before it and detail after it', () => {
    expect(findVillageByName('东岳村', index)).toMatchObject({ ok: false, message: expect.stringContaining('可指2个村（社区）（大塘镇东岳村、朝阳湖镇东岳村）') });
    expect(findVillageByName('大塘镇东岳村', index)).toMatchObject({ ok: true, code: '510131101200' });
    expect(findVillageByName('四川省成都市蒲江县朝阳湖镇东岳村3组12号', index)).toMatchObject({ ok: true, code: '510131103201' });
    expect(findVillageByName('新东岳村', index)).toMatchObject({ ok: true, code: '510131101201' });
    expect(findVillageByName('大塘东岳村', index).ok).toBe(false);
    expect(findVillageByName('西岳村', index)).toMatchObject({ ok: false, message: expect.stringContaining('未找到') });
    expect(findVillageByName('大塘镇东岳村村委会', index)).toMatchObject({ ok: true, code: '510131101200' });
    expect(villageShortName('官塘社区居委会')).toBe('官塘社区');
    expect(villageShortName('红星村民委员会')).toBe('红星村');
  });
});
