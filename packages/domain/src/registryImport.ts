import { z } from 'zod';
import { parseIdNumber } from './idNumber.js';
import { formatYuan, type Fen } from './money.js';
import {
  ASSISTANCE_KIND, CATEGORY_KIND, CATEGORY_STATUS, CreateHouseholdRequest, DISABILITY_GRADE_LABELS, DISABILITY_TYPE, HEALTH,
  HOUSING_NATURE, MEDICAL_INSURANCE, MEMBER_TAG, PENSION_INSURANCE, PERSON_CATEGORY, POVERTY_REASON, RELATION,
  SELF_CARE, URBAN_RURAL, WORK_ABILITY,
  type AssistanceReceived, type CategoryKind, type CreateHouseholdData, type DifficultyType, type HouseholdCategory, type Housing,
  type ImportIssue, type MemberData, type Vehicle,
} from './registry.js';

/**
 * Registry imports and exports (C2): the columns of the full import template (one row per person) and of the official
 * summary table 附件3 (one row per household head), how a cell's text becomes a field value, how the rows of a
 * household become a `CreateHouseholdRequest`, and how a validation problem is named by the row and the column heading
 * a user sees in the sheet. Pure: the server reads the file, resolves villages and compares with the database.
 */

// ---------------------------------------------------------------------------------------------------------------
// Cells

/** A cell as read from a spreadsheet or a CSV file. */
export type CellValue = string | number | boolean | Date | null | undefined;

/** A data row of a sheet: its row number as the user sees it (1-based) and its cells (0-based columns). */
export interface RawRow {
  row: number;
  cells: readonly CellValue[];
}

type Result<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(message: string): Result<T> => ({ ok: false, message });

/** A calendar date of a JS Date as read from a spreadsheet (spreadsheet dates carry no zone: read as UTC). */
function isoOfDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The text of a cell: trimmed (also no-break and ideographic spaces); whole numbers without exponent; dates ISO. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(/[\u00a0\u3000]/g, ' ').trim();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  return Number.isNaN(v.getTime()) ? '' : isoOfDate(v);
}

function realDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2999 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const DATE_MESSAGE = '日期格式应为YYYY-MM-DD（如2024-03-01）';

/** 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301, a spreadsheet date or its serial number. */
export function parseDateCell(v: CellValue): Result<string> {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? fail(DATE_MESSAGE) : ok(isoOfDate(v));
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 29991231) return parseDateText(String(v));
    // A date cell whose format was lost arrives as its serial number (days since 1899-12-30).
    if (v >= 1 && v < 2958466) return ok(isoOfDate(new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86_400_000)));
    return fail(DATE_MESSAGE);
  }
  return parseDateText(cellText(v));
}

function parseDateText(t: string): Result<string> {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return fail(DATE_MESSAGE);
  const d = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return d ? ok(d) : fail('日期不存在，请核对');
}

const MONEY_MAX = 100_000_000_00;

/** An amount in 元 (up to 2 decimals; `1,234.5`, `1234.50元` and number cells alike) as integer fen. */
export function parseYuanCell(v: CellValue): Result<Fen> {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return fail('金额应为数字');
    if (v < 0) return fail('金额不能为负数');
    const fen = Math.round(v * 100);
    if (Math.abs(v * 100 - fen) > 1e-6) return fail('金额最多保留两位小数');
    return fen > MONEY_MAX ? fail('金额过大') : ok(fen);
  }
  const t = cellText(v).replace(/[,，\s]/g, '').replace(/元$/, '');
  if (/^-/.test(t)) return fail('金额不能为负数');
  const m = /^(\d+)(?:\.(\d{1,2})\d*)?$/.exec(t);
  if (!m) return fail('金额应为数字（单位：元，最多两位小数）');
  if (/\.\d{3,}$/.test(t) && !/\.\d{2}0+$/.test(t)) return fail('金额最多保留两位小数');
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > MONEY_MAX ? fail('金额过大') : ok(fen);
}

/** A whole number of persons (家庭人口). */
export function parseCountCell(v: CellValue, max = 30): Result<number> {
  const t = cellText(v).replace(/人$/, '');
  if (!/^\d+$/.test(t)) return fail('应为整数');
  const n = Number(t);
  if (n < 1 || n > max) return fail(`应为1至${max}之间的整数`);
  return ok(n);
}

/** Splits a list cell on 、，,；; and line breaks that are not inside （…） or (…). */
export function splitList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '（' || ch === '(') depth++;
    if ((ch === '）' || ch === ')') && depth > 0) depth--;
    if (depth === 0 && /[、，,；;\n\r]/.test(ch)) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** A set of codes with Chinese labels (the `labelled()` objects of registry.ts). */
export interface LabelSet<T extends string = string> {
  labels: Record<T, string>;
  parse(text: string): T | undefined;
  options: readonly { value: string; label: string }[];
}

function unknownLabel(text: string, set: LabelSet): string {
  return `「${text}」不是可选项，可选：${set.options.map((o) => o.label).join('、')}`;
}

export function parseLabel<T extends string>(set: LabelSet<T>, text: string): Result<T> {
  const t = text.replace(/\s+/g, '');
  const v = set.parse(t) ?? set.parse(t.replace(/\(/g, '（').replace(/\)/g, '）'));
  return v === undefined ? fail(unknownLabel(text, set)) : ok(v);
}

export function parseLabels<T extends string>(set: LabelSet<T>, text: string): Result<T[]> {
  const out: T[] = [];
  for (const item of splitList(text)) {
    const r = parseLabel(set, item);
    if (!r.ok) return r;
    if (!out.includes(r.value)) out.push(r.value);
  }
  return ok(out);
}

/** 男 / 女. */
export const GENDER = {
  labels: { male: '男', female: '女' },
  parse: (t: string) => ({ 男: 'male', 女: 'female', male: 'male', female: 'female' } as Record<string, 'male' | 'female'>)[t.trim()],
  options: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }],
} as const satisfies LabelSet<'male' | 'female'>;

/** 残疾等级: 一级 … 四级, also 1 … 4 and 1级. */
export const DISABILITY_GRADE = {
  labels: { 1: '一级', 2: '二级', 3: '三级', 4: '四级' } as Record<string, string>,
  parse(t: string): string | undefined {
    const s = t.trim().replace(/级$/, '');
    const n = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4 }[s];
    return n === undefined ? undefined : String(n);
  },
  options: [1, 2, 3, 4].map((n) => ({ value: String(n), label: DISABILITY_GRADE_LABELS[n]! })),
} satisfies LabelSet;

/** 「label（inside）」 → [label, inside]; a bare label → [label, '']. */
function labelWithDetail(item: string): [string, string] {
  const m = /^(.+?)\s*[（(]\s*(.*?)\s*[）)]$/.exec(item);
  return m ? [m[1]!.trim(), m[2]!] : [item.trim(), ''];
}

/**
 * A 保障类别 item → [label, detail]. The labels of 特困 carry brackets of their own (特困（分散供养）), so the detail is
 * the last bracketed group, and only when what comes before it is a label: 「特困（分散供养）（2019-01-01）」 →
 * [特困（分散供养）, 2019-01-01]; 「特困（分散供养）」 alone is a label with no detail.
 */
function categoryWithDetail(item: string): [string, string] {
  if (parseLabel(CATEGORY_KIND, item).ok) return [item.trim(), ''];
  const last = /^(.+?)\s*[（(]([^（）()]*)[）)]\s*$/.exec(item);
  if (last && parseLabel(CATEGORY_KIND, last[1]!).ok) return [last[1]!.trim(), last[2]!.trim()];
  return labelWithDetail(item);
}

export interface ParsedCategory {
  category: HouseholdCategory;
  /** Whether the cell gave the start date (else the import date is used, and an existing entry of the kind is kept). */
  dated: boolean;
}

/**
 * 保障类别: `低保`, `低保（2024-01-01）`, `低保（2024-01-01至2025-12-31）`, `低保（2024-01-01至2025-12-31，已退出）`,
 * items separated by 、. Without a start date the import date applies.
 */
export function parseCategories(text: string, today: string): Result<ParsedCategory[]> {
  const out: ParsedCategory[] = [];
  for (const item of splitList(text)) {
    const [label, detail] = categoryWithDetail(item);
    const kind = parseLabel(CATEGORY_KIND, label);
    if (!kind.ok) return kind;
    const parts = detail.split(/[，,]/).map((s) => s.trim()).filter(Boolean);
    let startDate = today;
    let endDate: string | null = null;
    let status: HouseholdCategory['status'] = 'active';
    let dated = false;
    for (const part of parts) {
      const st = CATEGORY_STATUS.parse(part);
      if (st) {
        status = st;
        continue;
      }
      const [from, to] = part.split(/至|~|～/).map((s) => s.trim().replace(/起$/, ''));
      if (from) {
        const d = parseDateText(from);
        if (!d.ok) return fail(`「${item}」的开始日期：${d.message}`);
        startDate = d.value;
        dated = true;
      }
      if (to) {
        const d = parseDateText(to);
        if (!d.ok) return fail(`「${item}」的结束日期：${d.message}`);
        endDate = d.value;
      }
    }
    if (endDate !== null && endDate < startDate) return fail(`「${item}」的结束日期早于开始日期`);
    out.push({ category: { kind: kind.value, startDate, endDate, status }, dated });
  }
  return ok(out);
}

export function formatCategories(list: readonly HouseholdCategory[]): string {
  return list.map((c) => {
    const period = c.endDate ? `${c.startDate}至${c.endDate}` : c.startDate;
    return `${CATEGORY_KIND.labels[c.kind]}（${period}${c.status === 'active' ? '' : `，${CATEGORY_STATUS.labels[c.status]}`}）`;
  }).join('、');
}

/** 已享受救助: `低保（3600元）、临时救助（500）`; amounts are 元 per year, a bare label is 0. */
export function parseAssistance(text: string): Result<AssistanceReceived[]> {
  const out: AssistanceReceived[] = [];
  for (const item of splitList(text)) {
    const m = /^(.+?)\s*[:：]\s*(.+)$/.exec(item);
    const [label, detail] = m ? [m[1]!, m[2]!] : labelWithDetail(item);
    const kind = parseLabel(ASSISTANCE_KIND, label);
    if (!kind.ok) return kind;
    let amount = 0;
    if (detail) {
      const a = parseYuanCell(detail.replace(/\/年$|每年$/, ''));
      if (!a.ok) return fail(`「${item}」的年救助金额：${a.message}`);
      amount = a.value;
    }
    out.push({ kind: kind.value, yearlyAmount: amount });
  }
  return ok(out);
}

export function formatAssistance(list: readonly AssistanceReceived[]): string {
  return list.map((a) => `${ASSISTANCE_KIND.labels[a.kind]}（${formatYuan(a.yearlyAmount).replace(/,/g, '')}元）`).join('、');
}

/** 住房房产: `自有（80平方米）`, `租住（30平方米，县城某小区）`; the first part is the area, the rest the address. */
export function parseHousing(text: string): Result<Housing[]> {
  const out: Housing[] = [];
  for (const item of splitList(text)) {
    const [label, detail] = labelWithDetail(item);
    const nature = parseLabel(HOUSING_NATURE, label);
    if (!nature.ok) return nature;
    const parts = detail.split(/[，,]/);
    const areaText = (parts[0] ?? '').trim().replace(/(平方米|平米|㎡|m2|m²)$/i, '');
    let area = 0;
    if (areaText) {
      if (!/^\d+(\.\d+)?$/.test(areaText)) return fail(`「${item}」的建筑面积应为数字（平方米）`);
      area = Number(areaText);
      if (area > 100_000) return fail(`「${item}」的建筑面积过大`);
    }
    out.push({ nature: nature.value, area, address: parts.slice(1).join('，').trim() });
  }
  return ok(out);
}

export function formatHousing(list: readonly Housing[]): string {
  return list.map((h) => `${HOUSING_NATURE.labels[h.nature]}（${h.area}平方米${h.address ? `，${h.address}` : ''}）`).join('、');
}

/** 机动车（船）: `面包车（自用）、摩托车`. */
export function parseVehicles(text: string): Result<Vehicle[]> {
  return ok(splitList(text).map((item) => {
    const [type, use] = labelWithDetail(item);
    return { type, use };
  }));
}

export function formatVehicles(list: readonly Vehicle[]): string {
  return list.map((v) => (v.use ? `${v.type}（${v.use}）` : v.type)).join('、');
}

// ---------------------------------------------------------------------------------------------------------------
// Columns

export type HouseholdField =
  | 'regionCode' | 'urbanRural' | 'hukouAddress' | 'residenceAddress' | 'povertyReasons' | 'categories' | 'assistance'
  | 'personCategories' | 'cashDeposits' | 'housing' | 'vehicles' | 'otherAssets' | 'needs' | 'surveyedBy' | 'surveyedOn';
export type MemberField =
  | 'name' | 'relation' | 'idNumber' | 'gender' | 'birthDate' | 'phone' | 'health' | 'disabilityType' | 'disabilityGrade'
  | 'workAbility' | 'selfCare' | 'schoolOrEmployer' | 'yearlyIncome' | 'pension' | 'pensionInsurance' | 'medicalInsurance' | 'tags';

type CellKind = 'key' | 'text' | 'village' | 'idNumber' | 'money' | 'date' | 'label' | 'labels' | 'categories' | 'assistance' | 'housing' | 'vehicles';

export interface ImportColumn {
  /** Field of the household or the member, or `householdKey`. */
  field: HouseholdField | MemberField | 'householdKey';
  scope: 'key' | 'household' | 'member';
  heading: string;
  /** Other headings accepted for the column (compared without spaces, * and bracketed units). */
  aliases?: readonly string[];
  required: boolean;
  kind: CellKind;
  /** The labels of an enumeration column (drop-down in the template). */
  set?: LabelSet;
  /** 填写说明 for the notes sheet. */
  note: string;
  /** Column width in the template (characters). */
  width: number;
}

const col = (c: ImportColumn) => c;

/**
 * The full import template, one row per person. A household is the rows sharing a 户编号; its household columns are
 * read from the 户主 row (other rows may leave them blank or repeat them). The registry CSV export has the same
 * columns, so an export can be imported again (and changes nothing).
 */
export const TEMPLATE_COLUMNS: readonly ImportColumn[] = [
  col({ field: 'householdKey', scope: 'key', heading: '户编号', aliases: ['家庭编号', '户号'], required: true, kind: 'key', width: 10,
    note: '同一户的成员填写相同的户编号（任意数字或文字，只用于在本文件中分户）。' }),
  col({ field: 'name', scope: 'member', heading: '姓名', aliases: ['成员姓名'], required: true, kind: 'text', width: 10, note: '必填。' }),
  col({ field: 'relation', scope: 'member', heading: '与户主关系', required: true, kind: 'label', set: RELATION, width: 12,
    note: '必填，下拉选择；每户有且只有一名「户主」。' }),
  col({ field: 'idNumber', scope: 'member', heading: '身份证号码', aliases: ['身份证号', '公民身份号码', '身份证'], required: true, kind: 'idNumber', width: 21,
    note: '必填，18位居民身份证号码（按 GB 11643 校验）。请把本列设为「文本」格式，否则 Excel 会把后几位变成0。同一人只能在一户登记：已在系统中登记的人员按号码更新，不会重复新增。' }),
  col({ field: 'gender', scope: 'member', heading: '性别', required: false, kind: 'label', set: GENDER, width: 6,
    note: '可不填（由身份证号码得出）；填写时须与号码一致。' }),
  col({ field: 'birthDate', scope: 'member', heading: '出生日期', required: false, kind: 'date', width: 12,
    note: '可不填（由身份证号码得出）；填写时须与号码一致，格式如 1980-05-01。' }),
  col({ field: 'phone', scope: 'member', heading: '联系电话', aliases: ['联系方式', '电话', '手机号码', '手机'], required: false, kind: 'text', width: 14,
    note: '手机号码11位，或带区号的固定电话（如 028-88881234）。' }),
  col({ field: 'health', scope: 'member', heading: '健康状况', required: false, kind: 'label', set: HEALTH, width: 10, note: '下拉选择，不填为「健康」。' }),
  col({ field: 'disabilityType', scope: 'member', heading: '残疾类别', required: false, kind: 'label', set: DISABILITY_TYPE, width: 12,
    note: '下拉选择；与「残疾等级」同时填写或同时不填。' }),
  col({ field: 'disabilityGrade', scope: 'member', heading: '残疾等级', required: false, kind: 'label', set: DISABILITY_GRADE, width: 10,
    note: '一级至四级，下拉选择。' }),
  col({ field: 'workAbility', scope: 'member', heading: '劳动能力', required: false, kind: 'label', set: WORK_ABILITY, width: 16, note: '下拉选择，不填为「有劳动能力」。' }),
  col({ field: 'selfCare', scope: 'member', heading: '生活自理能力', required: false, kind: 'label', set: SELF_CARE, width: 12, note: '下拉选择，不填为「自理」。' }),
  col({ field: 'schoolOrEmployer', scope: 'member', heading: '工作单位或学校', aliases: ['工作单位', '就读学校'], required: false, kind: 'text', width: 18, note: '' }),
  col({ field: 'yearlyIncome', scope: 'member', heading: '年收入（元）', required: false, kind: 'money', width: 12,
    note: '本人全年收入，单位元，最多两位小数；不填为0。' }),
  col({ field: 'pension', scope: 'member', heading: '年退休金（元）', aliases: ['退休金'], required: false, kind: 'money', width: 12, note: '全年退休金，单位元；不填为0。' }),
  col({ field: 'pensionInsurance', scope: 'member', heading: '养老保险', required: false, kind: 'label', set: PENSION_INSURANCE, width: 16, note: '下拉选择，不填为「未参保」。' }),
  col({ field: 'medicalInsurance', scope: 'member', heading: '医疗保险', required: false, kind: 'label', set: MEDICAL_INSURANCE, width: 14, note: '下拉选择，不填为「城乡居民医保」。' }),
  col({ field: 'tags', scope: 'member', heading: '人员标识', required: false, kind: 'labels', set: MEMBER_TAG, width: 16,
    note: `可填多项，用顿号「、」分隔。可选：${MEMBER_TAG.options.map((o) => o.label).join('、')}。` }),
  col({ field: 'regionCode', scope: 'household', heading: '所在村（社区）', aliases: ['所在村', '所在社区', '村（社区）', '村（社区）代码'], required: true, kind: 'village', width: 16,
    note: '户主行必填：12位统计用区划代码，或村（社区）名称。名称须在您的管辖范围内唯一；重名时在前面加上乡镇（街道）名称，如「大塘镇东岳村」。' }),
  col({ field: 'urbanRural', scope: 'household', heading: '城市/农村', aliases: ['城市农村', '城乡', '城乡类别'], required: true, kind: 'label', set: URBAN_RURAL, width: 9,
    note: '户主行必填，下拉选择；决定适用城市还是农村低保标准。' }),
  col({ field: 'hukouAddress', scope: 'household', heading: '户籍地址', required: true, kind: 'text', width: 24, note: '户主行必填。' }),
  col({ field: 'residenceAddress', scope: 'household', heading: '居住地址', required: false, kind: 'text', width: 24, note: '不填则与户籍地址相同。' }),
  col({ field: 'povertyReasons', scope: 'household', heading: '家庭贫困原因', aliases: ['致贫原因', '致贫原困'], required: false, kind: 'labels', set: POVERTY_REASON, width: 14,
    note: `可填多项，用「、」分隔。可选：${POVERTY_REASON.options.map((o) => o.label).join('、')}。` }),
  col({ field: 'categories', scope: 'household', heading: '保障类别', required: false, kind: 'categories', width: 22,
    note: `可填多项，用「、」分隔，括号内为纳入日期（及结束日期、状态），如「低保（2024-01-01）」「特困（分散供养）（2019-01-01至2025-12-31，已退出）」；不写日期则以导入日期为纳入日期，系统中已有同类别的保留原日期。可选：${CATEGORY_KIND.options.map((o) => o.label).join('、')}。` }),
  col({ field: 'assistance', scope: 'household', heading: '已享受救助', aliases: ['已享受救助情况'], required: false, kind: 'assistance', width: 22,
    note: `可填多项，括号内为全年金额（元），如「低保（3600元）、医疗救助（1200元）」。可选：${ASSISTANCE_KIND.options.map((o) => o.label).join('、')}。` }),
  col({ field: 'personCategories', scope: 'household', heading: '人员类别', required: false, kind: 'labels', set: PERSON_CATEGORY, width: 16,
    note: `可填多项。可选：${PERSON_CATEGORY.options.map((o) => o.label).join('、')}。` }),
  col({ field: 'cashDeposits', scope: 'household', heading: '现金存款（元）', aliases: ['现金存款'], required: false, kind: 'money', width: 12, note: '单位元。' }),
  col({ field: 'housing', scope: 'household', heading: '住房房产', aliases: ['住房房产情况'], required: false, kind: 'housing', width: 22,
    note: `可填多处，如「自有（80平方米）、租住（30平方米，县城某小区）」。房屋性质可选：${HOUSING_NATURE.options.map((o) => o.label).join('、')}。` }),
  col({ field: 'vehicles', scope: 'household', heading: '机动车（船）', aliases: ['机动车', '机动车船'], required: false, kind: 'vehicles', width: 16,
    note: '可填多辆，括号内为用途，如「面包车（自用）、摩托车」。' }),
  col({ field: 'otherAssets', scope: 'household', heading: '其他财产', required: false, kind: 'text', width: 16, note: '' }),
  col({ field: 'needs', scope: 'household', heading: '困难群体诉求', aliases: ['诉求'], required: false, kind: 'text', width: 20, note: '' }),
  col({ field: 'surveyedBy', scope: 'household', heading: '入户调查人员', aliases: ['调查人员'], required: false, kind: 'text', width: 12, note: '' }),
  col({ field: 'surveyedOn', scope: 'household', heading: '调查日期', aliases: ['入户调查日期'], required: false, kind: 'date', width: 12, note: '格式如 2024-03-01。' }),
];

/** Columns the registry CSV export adds after the template's, for reading; an import ignores them. */
export const EXPORT_ONLY_HEADINGS = ['区域', '家庭人口', '家庭月人均收入（元）', '保障类别（在册）'] as const;

/** The official summary table 附件3 of 川民办〔2021〕19号: title, headings (the form's own wording) and notes. */
export const SUMMARY_TITLE = '农村低收入群众信息汇总统计表';
export const SUMMARY_HEADINGS = ['序号', '姓名', '性别', '身份证号码', '家庭人口', '户籍所在地', '家庭人均收入', '致贫原困', '城市/农村', '联系方式', '困难类型'] as const;
export const SUMMARY_NOTES = [
  '说明：1.统计对象为家庭月人均收入高于低保标准、低于低保标准的1.5倍的城市和农村低收入家庭，已纳入低保或特困的不再统计。',
  '2.“家庭人均收入”根据调查情况，参照低保家庭收入财产核定办法进行测算。',
  '3.“困难类型”对照低收入群众实际情况，分别标注“易致贫返贫户”（建档立卡）、“低保边缘户”（非建档立卡）、“支出型困难户”。',
] as const;

export type SummaryField = 'seq' | 'name' | 'gender' | 'idNumber' | 'size' | 'hukou' | 'income' | 'povertyReasons' | 'urbanRural' | 'phone' | 'difficulty';

export const SUMMARY_COLUMNS: readonly { field: SummaryField; heading: (typeof SUMMARY_HEADINGS)[number]; aliases?: readonly string[]; required: boolean }[] = [
  { field: 'seq', heading: '序号', required: false },
  { field: 'name', heading: '姓名', required: true },
  { field: 'gender', heading: '性别', required: false },
  { field: 'idNumber', heading: '身份证号码', aliases: ['身份证号', '公民身份号码'], required: true },
  { field: 'size', heading: '家庭人口', aliases: ['家庭人数'], required: true },
  { field: 'hukou', heading: '户籍所在地', required: true },
  { field: 'income', heading: '家庭人均收入', aliases: ['家庭月人均收入'], required: true },
  { field: 'povertyReasons', heading: '致贫原困', aliases: ['致贫原因'], required: false },
  { field: 'urbanRural', heading: '城市/农村', aliases: ['城市农村', '城乡'], required: false },
  { field: 'phone', heading: '联系方式', aliases: ['联系电话'], required: false },
  { field: 'difficulty', heading: '困难类型', required: false },
];

/** 困难类型 of 附件3 and the category each stands for. */
export const DIFFICULTY_CATEGORY: Record<DifficultyType, CategoryKind> = {
  易致贫返贫户: 'monitoring', 低保边缘户: 'marginal', 支出型困难户: 'rigid_expense',
};

/** A heading compared without spaces, line breaks, * and full/half-width bracket differences. */
export function normalizeHeading(text: string): string {
  return text.replace(/[\s*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/／/g, '/');
}
const headingBase = (h: string) => normalizeHeading(h).replace(/\([^)]*\)$/, '');

export type ImportLayout = 'template' | 'summary';

export interface HeaderMatch {
  layout: ImportLayout;
  /** Field → 0-based column index. */
  columns: Map<string, number>;
  /** Field → the heading as written in the file (named in messages). */
  headings: Map<string, string>;
  /** Required headings that are missing. */
  missing: string[];
  /** Headings not recognised (ignored). */
  unknown: string[];
}

function matchColumns(
  cells: readonly CellValue[],
  columns: readonly { field: string; heading: string; aliases?: readonly string[] | undefined }[],
): { columns: Map<string, number>; headings: Map<string, string>; unknown: string[] } {
  const byName = new Map<string, string>();
  for (const c of columns) {
    for (const h of [c.heading, ...(c.aliases ?? [])]) {
      byName.set(normalizeHeading(h), c.field);
      if (!byName.has(headingBase(h))) byName.set(headingBase(h), c.field);
    }
  }
  const found = new Map<string, number>();
  const headings = new Map<string, string>();
  const unknown: string[] = [];
  const ignored = new Set(EXPORT_ONLY_HEADINGS.map(normalizeHeading));
  cells.forEach((cell, i) => {
    const text = cellText(cell);
    if (!text) return;
    const field = byName.get(normalizeHeading(text)) ?? byName.get(headingBase(text));
    if (field && !found.has(field)) {
      found.set(field, i);
      headings.set(field, text.replace(/\s+/g, ''));
    } else if (!ignored.has(normalizeHeading(text))) {
      unknown.push(text);
    }
  });
  return { columns: found, headings, unknown };
}

/**
 * Recognises a header row: the template's (it has 户编号 or 与户主关系) or 附件3's (姓名, 身份证号码 and 家庭人口,
 * 家庭人均收入 or 困难类型). Null when the row is not a header.
 */
export function matchHeader(cells: readonly CellValue[]): HeaderMatch | null {
  const template = matchColumns(cells, TEMPLATE_COLUMNS);
  const summary = matchColumns(cells, SUMMARY_COLUMNS);
  const has = (m: { columns: Map<string, number> }, f: string) => m.columns.has(f);
  const isHeader = (has(template, 'name') && has(template, 'idNumber')) || (has(summary, 'name') && has(summary, 'idNumber'));
  if (!isHeader) return null;
  if (has(template, 'householdKey') || has(template, 'relation')) {
    return {
      layout: 'template', ...template,
      missing: TEMPLATE_COLUMNS.filter((c) => c.required && !template.columns.has(c.field)).map((c) => c.heading),
    };
  }
  if (has(summary, 'size') || has(summary, 'income') || has(summary, 'difficulty') || has(summary, 'hukou')) {
    return {
      layout: 'summary', ...summary,
      missing: SUMMARY_COLUMNS.filter((c) => c.required && !summary.columns.has(c.field)).map((c) => c.heading),
    };
  }
  return null;
}

/** Whether a 附件3 row is the start of the form's 说明 lines (the end of the data). */
export function isNotesRow(cells: readonly CellValue[]): boolean {
  const first = cells.map(cellText).find((t) => t !== '');
  return first !== undefined && /^(说明|注[:：]|备注[:：]|填报人|审核人|制表人)/.test(first);
}

// ---------------------------------------------------------------------------------------------------------------
// Issues

/** `第5行「身份证号码」：身份证号码校验位不正确，请核对`. */
export function importIssue(row: number, column: string, message: string, level: 'error' | 'warning' = 'error'): ImportIssue {
  return { row, column, level, message: column ? `第${row}行「${column}」：${message}` : `第${row}行：${message}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Rows → households

/** Where a village text points: a village code (and the address to record when the text was a code), or why not. */
export type VillageResolution = { ok: true; code: string; address: string } | { ok: false; message: string };

export interface ParsedMember {
  row: number;
  data: MemberData;
  /** Fields the file gave (non-blank cells). Only these are compared with, and written over, an existing member. */
  provided: ReadonlySet<MemberField>;
}

export type HouseholdFields = Omit<CreateHouseholdData, 'members'>;

export interface ParsedHousehold {
  layout: ImportLayout;
  /** 户编号 (template) or the row number (附件3). */
  key: string;
  /** Every sheet row of the household. */
  rows: number[];
  headRow: number;
  household: HouseholdFields;
  /** Household fields the file gave; only these are compared with, and written over, an existing household. */
  provided: ReadonlySet<HouseholdField>;
  /** Per entry of `household.categories`: whether the file gave its start date. */
  categoryDated: boolean[];
  /** 'replace': the file's list of categories is the household's; 'merge' (附件3): add the kinds it lacks. */
  categoriesMode: 'replace' | 'merge';
  /** Valid members, the head first. */
  members: ParsedMember[];
  /** 附件3: the family size and monthly income per head (fen) as stated on the form. */
  declared: { size: number; monthlyIncomePerHead: Fen } | null;
}

export interface ParseResult {
  household: ParsedHousehold | null;
  issues: ImportIssue[];
}

const HOUSEHOLD_FIELDS = new Set<string>(TEMPLATE_COLUMNS.filter((c) => c.scope === 'household').map((c) => c.field));

type CellRead = { value: unknown } | { error: string } | null;

const r = (res: Result<unknown>): CellRead => (res.ok ? { value: res.value } : { error: res.message });

/** Reads one cell of a template column: null when blank. */
function readCell(c: ImportColumn, v: CellValue, today: string): CellRead {
  const text = cellText(v);
  if (text === '') return null;
  switch (c.kind) {
    case 'key':
    case 'text':
    case 'village':
      return { value: text };
    case 'idNumber':
      if (typeof v === 'number') return { error: '身份证号码被保存为数字，后几位可能已被改成0；请把本列设为文本格式后重新填写' };
      return { value: text };
    case 'money':
      return r(parseYuanCell(v));
    case 'date':
      return r(parseDateCell(v));
    case 'label': {
      const res = parseLabel(c.set!, text);
      if (!res.ok) return { error: res.message };
      return { value: c.field === 'disabilityGrade' ? Number(res.value) : res.value };
    }
    case 'labels':
      return r(parseLabels(c.set!, text));
    case 'categories':
      return r(parseCategories(text, today));
    case 'assistance':
      return r(parseAssistance(text));
    case 'housing':
      return r(parseHousing(text));
    case 'vehicles':
      return r(parseVehicles(text));
  }
}

/** Same value for the "non-head rows repeat the household columns" check. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The column heading (as in the file) of a field. */
function headingOf(header: HeaderMatch, field: string): string {
  return header.headings.get(field) ?? TEMPLATE_COLUMNS.find((c) => c.field === field)?.heading ?? field;
}

/**
 * Maps a zod issue path of `CreateHouseholdRequest` to the field a user filled in: `members.2.idNumber` → member 2's
 * `idNumber`, `categories.0.endDate` → `categories`.
 */
function issueTarget(path: readonly PropertyKey[]): { member: number | null; field: string } {
  if (path[0] === 'members' && typeof path[1] === 'number') return { member: path[1], field: String(path[2] ?? 'name') };
  return { member: null, field: String(path[0] ?? '') };
}

const sharedSets = new Map<string, ReadonlySet<string>>();
const MAX_SHARED_SETS = 1_000;

/**
 * The same set for the same field names in the same order. The rows of a file mostly fill the same cells, and the
 * import keeps each row's set from preview to commit: 100,000 rows share a few sets instead of holding one each.
 */
function sharedSet<T extends string>(fields: readonly T[]): ReadonlySet<T> {
  const key = fields.join(' ');
  let set = sharedSets.get(key);
  if (!set) {
    set = new Set(fields);
    if (sharedSets.size < MAX_SHARED_SETS) sharedSets.set(key, set);
  }
  return set as ReadonlySet<T>;
}

/** Issues in row order (stable: a row's issues keep their column order). */
const byRow = (issues: ImportIssue[]) => issues.sort((a, b) => a.row - b.row);

/**
 * The rows of one household in the template layout (same 户编号, in file order) → a validated household, or the
 * issues that stop it. A problem in a member row drops that member only; a problem in the 户主 row or in the
 * household columns stops the household (every one of its rows is then named).
 */
export function parseTemplateHousehold(
  key: string,
  rows: readonly RawRow[],
  header: HeaderMatch,
  resolveVillage: (text: string) => VillageResolution,
  today: string,
): ParseResult {
  const issues: ImportIssue[] = [];
  const rowErrors = new Set<number>();
  let relationErrors = false;
  const error = (row: number, field: string, message: string) => {
    issues.push(importIssue(row, headingOf(header, field), message));
    rowErrors.add(row);
    if (field === 'relation') relationErrors = true;
  };
  interface Read { row: number; household: Map<string, unknown>; member: Record<string, unknown>; provided: ReadonlySet<MemberField> }
  const reads: Read[] = [];
  for (const raw of rows) {
    const household = new Map<string, unknown>();
    const member: Record<string, unknown> = {};
    const provided: MemberField[] = [];
    for (const c of TEMPLATE_COLUMNS) {
      if (c.scope === 'key') continue;
      const index = header.columns.get(c.field);
      const got = index === undefined ? null : readCell(c, raw.cells[index], today);
      if (got === null) {
        if (c.scope === 'member' && c.required) error(raw.row, c.field, `必填，请填写${c.heading}`);
        continue;
      }
      if ('error' in got) {
        error(raw.row, c.field, got.error);
        continue;
      }
      if (c.scope === 'household') household.set(c.field, got.value);
      else {
        member[c.field] = got.value;
        provided.push(c.field as MemberField);
      }
    }
    reads.push({ row: raw.row, household, member, provided: sharedSet(provided) });
  }
  const stop = (cause: string): ParseResult => {
    for (const r of reads) if (!rowErrors.has(r.row)) error(r.row, 'householdKey', cause);
    return { household: null, issues: byRow(issues) };
  };

  const heads = reads.filter((r) => r.member.relation === 'head');
  if (heads.length === 0) {
    if (!relationErrors) error(reads[0]!.row, 'relation', `户编号「${key}」没有户主：请在户主所在行的「${headingOf(header, 'relation')}」填写「户主」`);
    return stop(`户编号「${key}」没有可导入的户主行，整户未导入`);
  }
  if (heads.length > 1) {
    for (const h of heads.slice(1)) {
      error(h.row, 'relation', `户编号「${key}」有${heads.length}名户主（第${heads.map((x) => x.row).join('、')}行），一户只能有一名户主`);
    }
    return stop(`户编号「${key}」有多名户主，整户未导入`);
  }
  const head = heads[0]!;
  const headFailed = () => stop(`同户的户主行（第${head.row}行）有错误，整户未导入`);

  // Household columns come from the head row; other rows leave them blank or repeat the same value.
  for (const r of reads) {
    if (r === head) continue;
    for (const [field, value] of r.household) {
      if (!head.household.has(field) || !sameValue(head.household.get(field), value)) {
        error(r.row, field, `与户主行（第${head.row}行）不一致；家庭信息只需填在户主行`);
      }
    }
  }
  const h = head.household;
  let regionCode = '';
  const villageText = h.get('regionCode') as string | undefined;
  if (villageText === undefined) error(head.row, 'regionCode', '户主行须填写所在村（社区）');
  else {
    const v = resolveVillage(villageText);
    if (v.ok) regionCode = v.code;
    else error(head.row, 'regionCode', v.message);
  }

  // Members are validated with the household (one pass); a member at fault is dropped and the rest validated again.
  let members = [head, ...reads.filter((x) => x !== head)].filter((r) => !rowErrors.has(r.row)).map((r) => ({ read: r, input: r.member }));
  if (rowErrors.has(head.row)) return headFailed();

  const categories = (h.get('categories') as ParsedCategory[] | undefined) ?? [];
  const hukou = (h.get('hukouAddress') as string | undefined) ?? '';
  const base = {
    regionCode,
    urbanRural: h.get('urbanRural'),
    hukouAddress: hukou,
    residenceAddress: (h.get('residenceAddress') as string | undefined) ?? hukou,
    povertyReasons: h.get('povertyReasons') ?? [],
    categories: categories.map((c) => c.category),
    assistance: h.get('assistance') ?? [],
    personCategories: h.get('personCategories') ?? [],
    cashDeposits: h.get('cashDeposits') ?? 0,
    housing: h.get('housing') ?? [],
    vehicles: h.get('vehicles') ?? [],
    otherAssets: h.get('otherAssets') ?? '',
    needs: h.get('needs') ?? '',
    surveyedBy: h.get('surveyedBy') ?? '',
    surveyedOn: h.get('surveyedOn') ?? null,
  };
  for (;;) {
    const parsed = CreateHouseholdRequest.safeParse({ ...base, members: members.map((m) => m.input) });
    if (parsed.success) {
      const { members: data, ...household } = parsed.data;
      const fields = [...h.keys()] as HouseholdField[];
      if (h.has('hukouAddress') && !h.has('residenceAddress')) fields.push('residenceAddress');
      const provided = sharedSet(fields);
      return {
        household: {
          layout: 'template', key, rows: reads.map((r) => r.row), headRow: head.row, household, provided,
          categoryDated: categories.map((c) => c.dated), categoriesMode: 'replace',
          members: data.map((m, i) => ({ row: members[i]!.read.row, data: m, provided: members[i]!.read.provided })),
          declared: null,
        },
        issues: byRow(issues),
      };
    }
    // A member at fault (a wrong ID number, the same ID number twice in the household …) is dropped and the rest
    // validated again; a household field or the head at fault stops the household.
    const dropped = new Set<number>();
    for (const iss of parsed.error.issues) {
      const t = issueTarget(iss.path);
      if (t.member !== null && t.member > 0) {
        error(members[t.member]!.read.row, t.field, iss.message);
        dropped.add(t.member);
      } else {
        error(head.row, t.member === 0 || HOUSEHOLD_FIELDS.has(t.field) ? t.field : 'householdKey', iss.message);
      }
    }
    if (rowErrors.has(head.row) || dropped.size === 0) return headFailed();
    members = members.filter((_, i) => !dropped.has(i));
  }
}

/**
 * One row of 附件3 (a household head) → a household. 户籍所在地 locates the village (see `resolveVillage`) and is
 * recorded as both addresses; 家庭人均收入 is 元 per month: per-member incomes are not on the form, so the head's
 * yearly income is recorded as 人均收入 × 12 × 家庭人口 — the household's monthly income per head is then the form's
 * figure once its other members are entered (with no income of their own). 城市/农村 left blank is 农村 (the form is
 * 农村低收入群众). 困难类型 becomes a category starting on the import date.
 */
export function parseSummaryRow(
  raw: RawRow,
  header: HeaderMatch,
  resolveVillage: (text: string) => VillageResolution,
  today: string,
): ParseResult {
  const issues: ImportIssue[] = [];
  const heading = (f: SummaryField) => header.headings.get(f) ?? SUMMARY_COLUMNS.find((c) => c.field === f)!.heading;
  const error = (f: SummaryField, message: string) => issues.push(importIssue(raw.row, heading(f), message));
  const cell = (f: SummaryField): CellValue => {
    const i = header.columns.get(f);
    return i === undefined ? null : raw.cells[i];
  };
  const text = (f: SummaryField) => cellText(cell(f));

  const idCell = cell('idNumber');
  if (typeof idCell === 'number') error('idNumber', '身份证号码被保存为数字，后几位可能已被改成0；请把本列设为文本格式后重新填写');
  let size = 1;
  const sizeRes = parseCountCell(cell('size'));
  if (!sizeRes.ok) error('size', text('size') ? `家庭人口${sizeRes.message}` : '请填写家庭人口');
  else size = sizeRes.value;
  let income = 0;
  if (!text('income')) error('income', '请填写家庭人均收入（元/月）');
  else {
    const r = parseYuanCell(cell('income'));
    if (!r.ok) error('income', r.message);
    else income = r.value;
  }
  let gender: 'male' | 'female' | undefined;
  if (text('gender')) {
    const g = parseLabel(GENDER, text('gender'));
    if (!g.ok) error('gender', g.message);
    else gender = g.value;
  }
  let povertyReasons: string[] = [];
  if (text('povertyReasons')) {
    const r = parseLabels(POVERTY_REASON, text('povertyReasons'));
    if (!r.ok) error('povertyReasons', r.message);
    else povertyReasons = r.value;
  }
  let urbanRural: string = 'rural';
  if (text('urbanRural')) {
    const r = parseLabel(URBAN_RURAL, text('urbanRural'));
    if (!r.ok) error('urbanRural', r.message);
    else urbanRural = r.value;
  }
  const categories: HouseholdCategory[] = [];
  if (text('difficulty')) {
    const kind = DIFFICULTY_CATEGORY[text('difficulty').replace(/\s+/g, '') as DifficultyType];
    if (!kind) error('difficulty', `「${text('difficulty')}」不是可选项，可选：${Object.keys(DIFFICULTY_CATEGORY).join('、')}`);
    else categories.push({ kind, startDate: today, endDate: null, status: 'active' });
  }
  let regionCode = '';
  let address = text('hukou');
  if (!address) error('hukou', '请填写户籍所在地（村或社区）');
  else {
    const v = resolveVillage(address);
    if (v.ok) {
      regionCode = v.code;
      address = v.address;
    } else {
      error('hukou', v.message);
    }
  }
  const phone = text('phone');
  const input = {
    regionCode, urbanRural, hukouAddress: address, residenceAddress: address, povertyReasons, categories,
    members: [{
      name: text('name'), relation: 'head', idNumber: text('idNumber'), ...(gender ? { gender } : {}),
      phone: phone || null, yearlyIncome: income * 12 * size,
    }],
  };
  if (issues.length === 0) {
    const parsed = CreateHouseholdRequest.safeParse(input);
    if (!parsed.success) {
      const fieldToColumn: Record<string, SummaryField> = {
        name: 'name', idNumber: 'idNumber', gender: 'gender', birthDate: 'idNumber', phone: 'phone', yearlyIncome: 'income',
        hukouAddress: 'hukou', residenceAddress: 'hukou', regionCode: 'hukou', urbanRural: 'urbanRural', povertyReasons: 'povertyReasons',
        categories: 'difficulty',
      };
      for (const iss of parsed.error.issues) {
        const t = issueTarget(iss.path);
        error(fieldToColumn[t.field] ?? 'name', t.field === 'yearlyIncome' ? '家庭人均收入过大' : iss.message);
      }
    } else {
      const { members, ...household } = parsed.data;
      // An existing household keeps its village and addresses (the form's 户籍所在地 only locates the village).
      const fields: HouseholdField[] = [];
      if (text('urbanRural')) fields.push('urbanRural');
      if (povertyReasons.length) fields.push('povertyReasons');
      if (categories.length) fields.push('categories');
      const provided = sharedSet(fields);
      const memberProvided = sharedSet<MemberField>(phone ? ['name', 'relation', 'idNumber', 'phone'] : ['name', 'relation', 'idNumber']);
      return {
        household: {
          layout: 'summary', key: String(raw.row), rows: [raw.row], headRow: raw.row, household, provided,
          categoryDated: categories.map(() => false), categoriesMode: 'merge',
          members: [{ row: raw.row, data: members[0]!, provided: memberProvided }],
          declared: { size, monthlyIncomePerHead: income },
        },
        issues,
      };
    }
  }
  return { household: null, issues };
}

/**
 * One person, one household — inside the file too: the second and later rows with an ID number already used in the
 * file are errors; a household whose head is such a row is dropped whole (its other rows are named).
 */
export function dropRepeatedIdNumbers(households: readonly ParsedHousehold[]): { households: ParsedHousehold[]; issues: ImportIssue[] } {
  const first = new Map<string, number>();
  const issues: ImportIssue[] = [];
  const out: ParsedHousehold[] = [];
  for (const h of households) {
    const kept: ParsedMember[] = [];
    let headRepeated = false;
    for (const m of h.members) {
      const prev = first.get(m.data.idNumber);
      if (prev !== undefined) {
        issues.push(importIssue(m.row, '身份证号码', `与第${prev}行身份证号码重复（同一人只能登记一次）`));
        if (m.data.relation === 'head') headRepeated = true;
        continue;
      }
      first.set(m.data.idNumber, m.row);
      kept.push(m);
    }
    if (headRepeated) {
      for (const m of kept) issues.push(importIssue(m.row, '户编号', `同户的户主行（第${h.headRow}行）有错误，整户未导入`));
      continue;
    }
    out.push(kept.length === h.members.length ? h : { ...h, members: kept });
  }
  return { households: out, issues };
}

// ---------------------------------------------------------------------------------------------------------------
// Villages

/** A village (level 5) with its ancestors' names joined, province first: `四川省成都市蒲江县大塘镇`. */
export interface VillageEntry {
  code: string;
  name: string;
  path: string;
  /** Township name, for messages about villages with the same name. */
  township: string;
}

export interface VillageIndex {
  byName: ReadonlyMap<string, readonly VillageEntry[]>;
  maxNameLength: number;
}

/**
 * The name people write for a village: the statistical tables name the committee (`东岳村村委会`, `官塘社区居委会`,
 * `某某村民委员会`); people write `东岳村`, `官塘社区`.
 */
export function villageShortName(name: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(.+?)(村民委员会|村委会)$/.exec(name))) return m[1]!.endsWith('村') ? m[1]! : `${m[1]}村`;
  if ((m = /^(.+?)(社区居民委员会|社区居委会|居民委员会|居委会)$/.exec(name))) return m[1]!.endsWith('社区') ? m[1]! : `${m[1]}社区`;
  return name;
}

export function buildVillageIndex(villages: readonly VillageEntry[]): VillageIndex {
  const byName = new Map<string, VillageEntry[]>();
  let maxNameLength = 0;
  for (const v of villages) {
    for (const name of new Set([v.name, villageShortName(v.name)])) {
      const list = byName.get(name);
      if (list) list.push(v);
      else byName.set(name, [v]);
      maxNameLength = Math.max(maxNameLength, name.length);
    }
  }
  return { byName, maxNameLength };
}

/**
 * A village named in text, among the villages of the importer's jurisdiction: the text (spaces removed) contains a
 * village's name, what stands before the name is empty or the end of the village's ancestors' names (`大塘镇东岳村`,
 * `蒲江县大塘镇东岳村`, `四川省成都市蒲江县大塘镇东岳村`), and what follows it is free (`东岳村3组`). It must point to
 * exactly one village. (12-digit codes are resolved by code, before this.)
 */
export function findVillageByName(text: string, index: VillageIndex): VillageResolution {
  const t = text.replace(/\s+/g, '');
  /** Village → the longest of its names found in the text. */
  const found = new Map<string, { v: VillageEntry; name: string }>();
  for (let i = 0; i < t.length; i++) {
    const prefix = t.slice(0, i);
    for (let len = 2; len <= index.maxNameLength && i + len <= t.length; len++) {
      const name = t.slice(i, i + len);
      const list = index.byName.get(name);
      if (!list) continue;
      for (const v of list) {
        const prev = found.get(v.code);
        if (v.path.endsWith(prefix) && (!prev || prev.name.length < name.length)) found.set(v.code, { v, name });
      }
    }
  }
  // A longer village name that contains a shorter one (东岳村 inside 新东岳村) wins over it.
  const all = [...found.values()];
  const matches = all.filter((a) => !all.some((b) => b !== a && b.name.length > a.name.length && b.name.includes(a.name))).map((a) => a.v);
  if (matches.length === 1) return { ok: true, code: matches[0]!.code, address: text.trim() };
  if (matches.length === 0) {
    return { ok: false, message: `在您的管辖范围内未找到「${text}」所在的村（社区）；请填写12位区划代码，或「乡镇（街道）名称+村（社区）名称」` };
  }
  const where = matches.slice(0, 5).map((v) => `${v.township}${villageShortName(v.name)}`).join('、');
  return { ok: false, message: `「${text}」可指${matches.length}个村（社区）（${where}${matches.length > 5 ? '等' : ''}）；请加上乡镇（街道）名称或填写12位区划代码` };
}

// ---------------------------------------------------------------------------------------------------------------
// Values for display (history, exports)

function memberFieldText(field: MemberField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const set = TEMPLATE_COLUMNS.find((c) => c.field === field)?.set;
  switch (field) {
    case 'yearlyIncome':
    case 'pension':
      return `${formatYuan(value as number)}元`;
    case 'disabilityGrade':
      return DISABILITY_GRADE_LABELS[value as number] ?? String(value);
    case 'tags':
      return (value as string[]).map((t) => MEMBER_TAG.labels[t as keyof typeof MEMBER_TAG.labels] ?? t).join('、');
    default:
      return set ? (set.labels as Record<string, string>)[value as string] ?? String(value) : String(value);
  }
}

function householdFieldText(field: HouseholdField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (field) {
    case 'cashDeposits':
      return `${formatYuan(value as number)}元`;
    case 'categories':
      return formatCategories(value as HouseholdCategory[]);
    case 'assistance':
      return formatAssistance(value as AssistanceReceived[]);
    case 'housing':
      return formatHousing(value as Housing[]);
    case 'vehicles':
      return formatVehicles(value as Vehicle[]);
    case 'povertyReasons':
      return (value as string[]).map((v) => POVERTY_REASON.labels[v as keyof typeof POVERTY_REASON.labels] ?? v).join('、');
    case 'personCategories':
      return (value as string[]).map((v) => PERSON_CATEGORY.labels[v as keyof typeof PERSON_CATEGORY.labels] ?? v).join('、');
    case 'urbanRural':
      return URBAN_RURAL.labels[value as 'urban' | 'rural'] ?? String(value);
    default:
      return String(value);
  }
}

/** A template/CSV cell of a field: what an import reads back as the same value. */
export function templateCellText(field: ImportColumn['field'], value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (field) {
    case 'yearlyIncome':
    case 'pension':
    case 'cashDeposits':
      return formatYuan(value as number).replace(/,/g, '');
    case 'gender':
      return GENDER.labels[value as 'male' | 'female'];
    case 'householdKey':
    case 'regionCode':
    case 'idNumber':
    case 'phone':
      return String(value);
    default:
      return TEMPLATE_COLUMNS.find((c) => c.field === field)?.scope === 'household'
        ? householdFieldText(field as HouseholdField, value)
        : memberFieldText(field as MemberField, value);
  }
}

/** The ID number's 6-digit area code (for the "not in the region table" warning), or null when invalid. */
export function idAreaCode(idNumber: string): string | null {
  const r = parseIdNumber(idNumber);
  return r.ok ? r.value.areaCode : null;
}

export const ImportQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ImportQuery = z.infer<typeof ImportQuery>;
