import { describe, expect, it } from 'vitest';
import {
  DEPARTMENT_COLUMNS, DEPARTMENT_SOURCE, DepartmentFact, DepartmentSource, essentialSpendingLast12Months, factSummary, headerFor,
  maskedFact, maskPlate, missingColumns, missingColumnsMessage, nameMismatch, parseDepartmentRow, templateColumns,
  within12Months, type DepartmentRowResult,
} from './departmentData.js';
import { idNumberCheckChar } from './idNumber.js';

const TODAY = '2025-06-15';
const id = (first17: string) => first17 + idNumberCheckChar(first17);
const ID = id('51013119800101123');
const WRONG_CHECK = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');

function row(source: DepartmentSource, values: Record<string, string>, header = headerFor(source), n = 2): DepartmentRowResult {
  return parseDepartmentRow(source, header, header.map((h) => values[h] ?? ''), n, TODAY);
}
function fact(r: DepartmentRowResult): DepartmentFact {
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  expect(DepartmentFact.parse(r.fact)).toEqual(r.fact);
  return r.fact;
}
const messages = (r: DepartmentRowResult) => (r.ok ? [] : r.errors.map((e) => e.message));

describe('source definitions', () => {
  it('give every source the ID number (required) and name (optional) columns and a Chinese label', () => {
    for (const s of DepartmentSource.options) {
      expect(DEPARTMENT_SOURCE.labels[s]).toMatch(/[\u4e00-\u9fa5]/);
      const cols = DEPARTMENT_COLUMNS[s];
      expect(cols[0]).toMatchObject({ heading: '身份证号码', required: true });
      expect(cols[1]).toMatchObject({ heading: '姓名', required: false });
      expect(headerFor(s)).toEqual(cols.map((c) => c.heading));
      expect(templateColumns(s).every((c) => c.note.length > 0)).toBe(true);
    }
    expect(templateColumns('housing').find((c) => c.heading === '危房等级')?.options).toEqual(['C级', 'D级']);
  });
  it('names the missing required columns', () => {
    expect(missingColumns('medical', ['身份证号码', '姓名', '医疗总费用（元）'])).toEqual(['结算日期', '个人自付（元）']);
    expect(missingColumnsMessage('medical', ['身份证号码', '结算日期'])).toBe('缺少必填列：医疗总费用（元）、个人自付（元）（数据来源：医保（医疗费用））');
    expect(missingColumnsMessage('death', ['公民身份号码', '死亡日期'])).toBeNull();
    const r = row('medical', { 身份证号码: ID }, ['身份证号码', '姓名']);
    expect(messages(r)).toEqual(['第2行：缺少必填列：结算日期、医疗总费用（元）、个人自付（元）（数据来源：医保（医疗费用））']);
  });
});

describe('valid rows per source', () => {
  it('medical: money in fen, 个人自付 as the amount, the settlement date as the date', () => {
    const f = fact(row('medical', { 身份证号码: ID.toLowerCase(), 姓名: '张 三', 结算日期: '2025/3/1', '医疗总费用（元）': '12,000', '个人自付（元）': '3000.5', 医疗机构: '县人民医院' }));
    expect(f).toEqual({
      source: 'medical', idNumber: ID, name: '张三', date: '2025-03-01', amountFen: 300050,
      detail: { settledOn: '2025-03-01', totalCost: 1200000, selfPaid: 300050, institution: '县人民医院' },
    });
    expect(factSummary(f)).toBe('医保：2025-03-01 在县人民医院结算，医疗总费用 12,000.00 元，个人自付 3,000.50 元');
  });
  it('reads headings by alias, with or without the unit and in any column order', () => {
    const header = ['个人负担', '公民身份号码', '费用结算日期', '总费用', '备注'];
    const f = fact(parseDepartmentRow('medical', header, ['10', ID, '2025年3月1日', '20', '随便写'], 5, TODAY));
    expect(f).toMatchObject({ date: '2025-03-01', amountFen: 1000, detail: { totalCost: 2000, institution: null } });
  });
  it('disability: type with or without 残疾, grade as 二级 or 2', () => {
    const f = fact(row('disability', { 身份证号码: ID, 残疾类别: '肢体', 残疾等级: '二级', 发证日期: '2020-05-06' }));
    expect(f.detail).toEqual({ disabilityType: 'physical', disabilityGrade: 2, issuedOn: '2020-05-06' });
    expect(fact(row('disability', { 身份证号码: ID, 残疾类别: '精神残疾', 残疾等级: '1', 发证日期: '2020-05-06' })).detail.disabilityGrade).toBe(1);
    expect(factSummary(f)).toBe('残联：2020-05-06 发证，二级肢体残疾');
  });
  it('death', () => {
    const f = fact(row('death', { 身份证号码: ID, 死亡日期: '2025年6月1日' }));
    expect(f).toMatchObject({ source: 'death', date: '2025-06-01', amountFen: null, name: null });
    expect(factSummary(f)).toBe('死亡：2025-06-01 死亡');
  });
  it('education: stage and status as codes; without 统计日期 the import date is the date', () => {
    const f = fact(row('education', { 身份证号码: ID, 学校: '县第一中学', 学段: '高中', 在校状态: '在校', '教育支出（元）': '2400' }));
    expect(f).toMatchObject({ date: TODAY, amountFen: 240000, detail: { stage: 'senior', enrolment: 'enrolled', recordedOn: null } });
    expect(factSummary(f)).toBe(`教育：县第一中学高中，在读，教育支出 2,400.00 元（${TODAY}）`);
    expect(fact(row('education', { 身份证号码: ID, 学校: '某大学', 学段: '本科', 在校状态: '休学', 统计日期: '2025-03-01' })))
      .toMatchObject({ date: '2025-03-01', amountFen: null });
  });
  it('employment, disaster, housing', () => {
    expect(fact(row('employment', { 身份证号码: ID, 状态: '失业', 日期: '2025-02-01' }))).toMatchObject({ date: '2025-02-01', detail: { status: 'unemployed' } });
    const disaster = fact(row('disaster', { 身份证号码: ID, 受灾日期: '2024-07-10', 灾种: '洪涝', '损失金额（元）': '8000' }));
    expect(disaster).toMatchObject({ amountFen: 800000, detail: { hazard: '洪涝' } });
    expect(factSummary(disaster)).toBe('应急：2024-07-10 受洪涝灾害，损失 8,000.00 元');
    const housing = fact(row('housing', { 身份证号码: ID, 鉴定日期: '2024-11-02', 危房等级: 'D级' }));
    expect(housing.detail.grade).toBe('D');
    expect(factSummary(housing)).toBe('住建：2024-11-02 鉴定为D级危房');
    expect(fact(row('housing', { 身份证号码: ID, 鉴定日期: '2024-11-02', 危房等级: 'C' })).detail.grade).toBe('C');
  });
  it('business: registered capital in 万元 kept to the fen', () => {
    const f = fact(row('business', { 身份证号码: ID, 企业名称: '某某农业合作社', 登记日期: '2019-08-08', '注册资本（万元）': '12.5' }));
    expect(f.amountFen).toBe(12_500_000);
    expect(factSummary(f)).toBe('市场监管：某某农业合作社，2019-08-08 登记，注册资本 12.5 万元');
  });
  it('vehicle: the plate is masked whenever shown', () => {
    const f = fact(row('vehicle', { 身份证号码: ID, 号牌号码: '川A12345', 车辆类型: '小型轿车', 登记日期: '2022-01-01' }));
    expect(factSummary(f)).toBe('公安交管：小型轿车 川A***45，2022-01-01 登记');
    expect(maskedFact(f)).toMatchObject({ idNumber: '510131********' + ID.slice(-4), detail: { plate: '川A***45' } });
    expect(f.detail.plate).toBe('川A12345');
    expect(maskPlate('川A1')).toBe('***');
  });
});

describe('bad rows', () => {
  it('names the row and column of a wrong check character, a bad date and a bad amount, all at once', () => {
    const r = row('medical', { 身份证号码: WRONG_CHECK, 结算日期: '2025-02-30', '医疗总费用（元）': '一千', '个人自付（元）': '-5' }, undefined, 12);
    expect(messages(r)).toEqual([
      '第12行「身份证号码」：身份证号码校验位不正确，请核对',
      '第12行「结算日期」：日期不存在，请核对',
      '第12行「医疗总费用（元）」：应为金额（单位：元，最多两位小数），如 1234.56',
      '第12行「个人自付（元）」：金额不能为负数',
    ]);
    expect(r.ok ? [] : r.errors.map((e) => [e.row, e.column, e.level])[0]).toEqual([12, '身份证号码', 'error']);
  });
  it('rejects blank required cells, unreadable dates, future dates, three decimals and unknown options', () => {
    expect(messages(row('death', { 身份证号码: ID }))).toEqual(['第2行「死亡日期」：必填，不能为空']);
    expect(messages(row('death', { 身份证号码: ID, 死亡日期: '昨天' }))).toEqual(['第2行「死亡日期」：日期格式应为YYYY-MM-DD（如2024-03-01）']);
    expect(messages(row('death', { 身份证号码: ID, 死亡日期: '2025-06-16' }))).toEqual(['第2行「死亡日期」：日期 2025-06-16 晚于导入日期 2025-06-15']);
    expect(messages(row('medical', { 身份证号码: ID, 结算日期: '2025-01-01', '医疗总费用（元）': '1.234', '个人自付（元）': '1' })))
      .toEqual(['第2行「医疗总费用（元）」：金额最多保留两位小数']);
    expect(messages(row('housing', { 身份证号码: ID, 鉴定日期: '2025-01-01', 危房等级: 'B级' }))[0]).toContain('「B级」不是可选项，可选：C级、D级');
    expect(messages(row('disability', { 身份证号码: ID, 残疾类别: '肢体', 残疾等级: '五级', 发证日期: '2020-01-01' }))[0]).toContain('残疾等级');
    expect(messages(row('death', { 身份证号码: '123', 死亡日期: '2025-01-01' }))[0]).toContain('身份证号码应为18位');
  });
  it('does not let 个人自付 exceed the total', () => {
    expect(messages(row('medical', { 身份证号码: ID, 结算日期: '2025-01-01', '医疗总费用（元）': '100', '个人自付（元）': '100.01' })))
      .toEqual(['第2行「个人自付（元）」：个人自付不能大于医疗总费用']);
  });
  it('does not treat a repeated ID number as an error (a person has several facts)', () => {
    const a = row('medical', { 身份证号码: ID, 结算日期: '2025-01-01', '医疗总费用（元）': '100', '个人自付（元）': '10' }, undefined, 2);
    const b = row('medical', { 身份证号码: ID, 结算日期: '2025-01-01', '医疗总费用（元）': '100', '个人自付（元）': '10' }, undefined, 3);
    expect(a.ok && b.ok).toBe(true);
  });
  it('warns when the name differs from the registry', () => {
    expect(nameMismatch({ name: '张三' }, '张三', 4)).toBeNull();
    expect(nameMismatch({ name: null }, '张三', 4)).toBeNull();
    expect(nameMismatch({ name: '张山' }, '张三', 4)).toEqual({ row: 4, column: '姓名', level: 'warning', message: '第4行「姓名」：与系统登记的姓名“张三”不一致，请核对' });
  });
});

describe('essential spending over 12 months', () => {
  const f = (source: DepartmentSource, date: string, amountFen: number | null): DepartmentFact => ({ source, idNumber: ID, name: null, date, amountFen, detail: {} });
  it('counts the 12 months up to and including the date', () => {
    expect(within12Months('2025-06-15', TODAY)).toBe(true);
    expect(within12Months('2024-06-16', TODAY)).toBe(true);
    expect(within12Months('2024-06-15', TODAY)).toBe(false);
    expect(within12Months('2025-06-16', TODAY)).toBe(false);
    expect(within12Months('2023-03-01', '2024-02-29')).toBe(true);
    expect(within12Months('2023-02-28', '2024-02-29')).toBe(false);
  });
  it('sums medical 个人自付 and education spending in the window only', () => {
    const facts = [
      f('medical', '2025-01-10', 300000), f('medical', '2024-06-15', 999999), f('medical', '2024-06-16', 100),
      f('education', '2025-03-01', 240000), f('education', '2025-03-01', null), f('disaster', '2025-03-01', 800000),
      f('business', '2025-03-01', 12_500_000),
    ];
    expect(essentialSpendingLast12Months(facts, TODAY)).toEqual({ medical: 300100, education: 240000, other: 0 });
    expect(essentialSpendingLast12Months([], TODAY)).toEqual({ medical: 0, education: 0, other: 0 });
  });
});
