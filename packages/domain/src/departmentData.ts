import { z } from 'zod';
import { parseIdNumber } from './idNumber.js';
import { maskIdNumber } from './mask.js';
import { formatYuan, type Fen } from './money.js';
import type { EssentialSpending } from './monitoring.js';
import { DISABILITY_GRADE_LABELS, DISABILITY_TYPE, labelled, type ImportIssue } from './registry.js';
import {
  cellText, DISABILITY_GRADE, importIssue, normalizeHeading, parseDateCell, parseLabel, parseYuanCell, type LabelSet,
} from './registryImport.js';

/**
 * Other departments' data (数据比对, C3): files from 医保, 残联, 殡葬/公安, 教育, 人社, 应急, 住建, 市场监管 and 公安交管,
 * one row per person and event, keyed by the resident ID number. This module defines each source's columns, reads a
 * row into a typed fact, and says what a fact means for the monitoring rules. Pure: the server reads the file, matches
 * ID numbers to registry members, reports duplicates and stores the facts.
 *
 * Cells are read as in the registry import: dates as 2024-03-01, 2024/3/1, 2024年3月1日 (also 2024.3.1 and
 * 20240301); amounts in 元 with up to two decimals. Excel date serial numbers are not accepted here because rows
 * arrive as text (a CSV, or a sheet read as text), where a serial number cannot be told from a number.
 */

export const DEPARTMENT_SOURCE = labelled(
  ['medical', 'disability', 'death', 'education', 'employment', 'disaster', 'housing', 'business', 'vehicle'],
  {
    medical: '医保（医疗费用）', disability: '残联（残疾人证）', death: '死亡（殡葬/公安）', education: '教育（在校学生）',
    employment: '人社（就业失业）', disaster: '应急（受灾人员）', housing: '住建（危房）', business: '市场监管（经营主体）',
    vehicle: '公安交管（车辆）',
  },
);
export const DepartmentSource = DEPARTMENT_SOURCE.schema;
export type DepartmentSource = z.infer<typeof DepartmentSource>;

export const EDUCATION_STAGE = labelled(
  ['preschool', 'primary', 'junior', 'senior', 'secondary_vocational', 'higher_vocational', 'undergraduate', 'postgraduate'],
  {
    preschool: '学前', primary: '小学', junior: '初中', senior: '高中', secondary_vocational: '中职', higher_vocational: '高职',
    undergraduate: '本科', postgraduate: '研究生',
  },
);
export type EducationStage = z.infer<typeof EDUCATION_STAGE.schema>;

export const ENROLMENT_STATUS = labelled(['enrolled', 'suspended', 'dropped_out', 'graduated'], {
  enrolled: '在读', suspended: '休学', dropped_out: '退学', graduated: '毕业',
});
export type EnrolmentStatus = z.infer<typeof ENROLMENT_STATUS.schema>;

export const EMPLOYMENT_STATUS = labelled(['employed', 'unemployed'], { employed: '就业', unemployed: '失业' });
export type EmploymentStatus = z.infer<typeof EMPLOYMENT_STATUS.schema>;

/** 危房等级 of the housing-safety appraisal: C级 (局部危房) and D级 (整栋危房). */
export const DANGER_GRADE = labelled(['C', 'D'], { C: 'C级', D: 'D级' });
export type DangerGrade = z.infer<typeof DANGER_GRADE.schema>;

/** 残疾类别 as 残联 writes it: 肢体残疾 or just 肢体. */
const DISABILITY_TYPE_CELL: LabelSet = {
  labels: DISABILITY_TYPE.labels,
  parse: (t) => DISABILITY_TYPE.parse(t) ?? DISABILITY_TYPE.parse(`${t.trim()}残疾`),
  options: DISABILITY_TYPE.options,
};

/** 在校状态: 在读 (also 在校, 在籍), 休学, 退学, 毕业. */
const ENROLMENT_CELL: LabelSet = {
  labels: ENROLMENT_STATUS.labels,
  parse: (t) => ENROLMENT_STATUS.parse(/^(在校|在籍)$/.test(t.trim()) ? '在读' : t),
  options: ENROLMENT_STATUS.options,
};

// ---------------------------------------------------------------------------------------------------------------
// Columns

type ColumnKind = 'idNumber' | 'name' | 'text' | 'date' | 'money' | 'wanYuan' | 'label';

export interface DepartmentColumn {
  /** Key of the value in `DepartmentFact.detail` (`idNumber` and `name` go to the fact itself). */
  field: string;
  heading: string;
  /** Other headings accepted (compared without spaces, * and bracket-width differences, and without the unit). */
  aliases?: readonly string[];
  required: boolean;
  kind: ColumnKind;
  /** The accepted values of a `label` column (a drop-down in the template). */
  set?: LabelSet;
  /** 填写说明 for the template. */
  note: string;
  /** Column width in the template (characters). */
  width: number;
}

const ID_COLUMN: DepartmentColumn = {
  field: 'idNumber', heading: '身份证号码', aliases: ['身份证号', '公民身份号码', '证件号码', '身份证'], required: true, kind: 'idNumber',
  width: 21, note: '必填，18位居民身份证号码（按 GB 11643 校验），用于与低收入人口库比对。请把本列设为「文本」格式。',
};
const NAME_COLUMN: DepartmentColumn = {
  field: 'name', heading: '姓名', required: false, kind: 'name', width: 10, note: '可不填；填写时与系统登记的姓名核对，不一致时提示。',
};

const column = (c: DepartmentColumn) => c;

/** Each source's columns, in template order. */
export const DEPARTMENT_COLUMNS: Record<DepartmentSource, readonly DepartmentColumn[]> = {
  medical: [
    ID_COLUMN, NAME_COLUMN,
    column({ field: 'settledOn', heading: '结算日期', aliases: ['费用结算日期', '出院日期'], required: true, kind: 'date', width: 12, note: '必填，如 2025-03-01。' }),
    column({ field: 'totalCost', heading: '医疗总费用（元）', aliases: ['总费用', '医疗费用总额'], required: true, kind: 'money', width: 14, note: '必填，单位元，最多两位小数。' }),
    column({ field: 'selfPaid', heading: '个人自付（元）', aliases: ['个人负担', '个人自付金额', '自付金额'], required: true, kind: 'money', width: 14,
      note: '必填，医保报销、医疗救助后个人负担的费用，单位元；不能大于医疗总费用。' }),
    column({ field: 'institution', heading: '医疗机构', aliases: ['就诊医院', '医院', '定点医疗机构'], required: false, kind: 'text', width: 20, note: '可不填。' }),
  ],
  disability: [
    ID_COLUMN, NAME_COLUMN,
    column({ field: 'disabilityType', heading: '残疾类别', aliases: ['残疾类型'], required: true, kind: 'label', set: DISABILITY_TYPE_CELL, width: 12,
      note: '必填：视力、听力、言语、肢体、智力、精神或多重残疾。' }),
    column({ field: 'disabilityGrade', heading: '残疾等级', required: true, kind: 'label', set: DISABILITY_GRADE, width: 10, note: '必填：一级至四级（或 1 至 4）。' }),
    column({ field: 'issuedOn', heading: '发证日期', aliases: ['办证日期', '持证日期'], required: true, kind: 'date', width: 12, note: '必填，残疾人证的发证日期。' }),
  ],
  death: [
    ID_COLUMN, NAME_COLUMN,
    column({ field: 'diedOn', heading: '死亡日期', aliases: ['死亡时间'], required: true, kind: 'date', width: 12, note: '必填。' }),
  ],
  education: [
    ID_COLUMN, NAME_COLUMN,
    column({ field: 'school', heading: '学校', aliases: ['学校名称', '就读学校'], required: true, kind: 'text', width: 20, note: '必填。' }),
    column({ field: 'stage', heading: '学段', required: true, kind: 'label', set: EDUCATION_STAGE, width: 8, note: '必填：学前、小学、初中、高中、中职、高职、本科或研究生。' }),
    column({ field: 'enrolment', heading: '在校状态', aliases: ['学籍状态'], required: true, kind: 'label', set: ENROLMENT_CELL, width: 10, note: '必填：在读、休学、退学或毕业。' }),
    column({ field: 'spending', heading: '教育支出（元）', aliases: ['教育费用'], required: false, kind: 'money', width: 14,
      note: '可不填；家庭负担的学费、住宿费等，单位元，计入刚性支出。' }),
    column({ field: 'recordedOn', heading: '统计日期', aliases: ['数据日期'], required: false, kind: 'date', width: 12,
      note: '可不填；不填时以导入日期为准（数据反映导入时的在校情况）。' }),
  ],
  employment: [
    ID_COLUMN, NAME_COLUMN,
    column({ field: 'status', heading: '状态', aliases: ['就业状态', '就业失业状态'], required: true, kind: 'label', set: EMPLOYMENT_STATUS, width: 8, note: '必填：就业或失业。' }),
    column({ field: 'changedOn', heading: '日期', aliases: ['登记日期', '变动日期'], required: true, kind: 'date', width: 12, note: '必填，就业或失业登记的日期。' }),
  ],
  disaster: [
    ID_COLUMN, NAME_COLUMN,
    column({ field: 'affectedOn', heading: '受灾日期', required: true, kind: 'date', width: 12, note: '必填。' }),
    column({ field: 'hazard', heading: '灾种', aliases: ['灾害种类', '灾害类型'], required: true, kind: 'text', width: 10, note: '必填，如 洪涝、地震、低温冷冻和雪灾。' }),
    column({ field: 'loss', heading: '损失金额（元）', aliases: ['直接经济损失', '损失金额'], required: false, kind: 'money', width: 14, note: '可不填，单位元。' }),
  ],
  housing: [
    ID_COLUMN, NAME_COLUMN,
    column({ field: 'assessedOn', heading: '鉴定日期', required: true, kind: 'date', width: 12, note: '必填。' }),
    column({ field: 'grade', heading: '危房等级', aliases: ['鉴定等级'], required: true, kind: 'label', set: DANGER_GRADE, width: 10, note: '必填：C级或D级。' }),
  ],
  business: [
    ID_COLUMN, NAME_COLUMN,
    column({ field: 'company', heading: '企业名称', aliases: ['经营主体名称', '名称'], required: true, kind: 'text', width: 24, note: '必填，本人为法定代表人、股东或经营者的经营主体。' }),
    column({ field: 'registeredOn', heading: '登记日期', aliases: ['成立日期'], required: true, kind: 'date', width: 12, note: '必填。' }),
    column({ field: 'capital', heading: '注册资本（万元）', aliases: ['注册资本'], required: false, kind: 'wanYuan', width: 14, note: '可不填，单位万元。' }),
  ],
  vehicle: [
    ID_COLUMN, NAME_COLUMN,
    column({ field: 'plate', heading: '号牌号码', aliases: ['车牌号码', '车牌号'], required: true, kind: 'text', width: 12, note: '必填；系统中只显示部分号码。' }),
    column({ field: 'vehicleType', heading: '车辆类型', aliases: ['车型'], required: true, kind: 'text', width: 12, note: '必填，如 小型轿车、二轮摩托车。' }),
    column({ field: 'registeredOn', heading: '登记日期', aliases: ['注册登记日期', '初次登记日期'], required: true, kind: 'date', width: 12, note: '必填。' }),
  ],
};

/** Which detail value is the fact's date and which its amount. A source without a dated column uses the import date. */
const FACT_FIELDS: Record<DepartmentSource, { date: string; amount: string | null }> = {
  medical: { date: 'settledOn', amount: 'selfPaid' },
  disability: { date: 'issuedOn', amount: null },
  death: { date: 'diedOn', amount: null },
  education: { date: 'recordedOn', amount: 'spending' },
  employment: { date: 'changedOn', amount: null },
  disaster: { date: 'affectedOn', amount: 'loss' },
  housing: { date: 'assessedOn', amount: null },
  business: { date: 'registeredOn', amount: 'capital' },
  vehicle: { date: 'registeredOn', amount: null },
};

/** The template's header row for a source. */
export function headerFor(source: DepartmentSource): string[] {
  return DEPARTMENT_COLUMNS[source].map((c) => c.heading);
}

/** The template's columns (heading, required, note, width and drop-down options) for generating a workbook. */
export function templateColumns(source: DepartmentSource): { heading: string; required: boolean; note: string; width: number; options: string[] | null }[] {
  return DEPARTMENT_COLUMNS[source].map((c) => ({
    heading: c.heading, required: c.required, note: c.note, width: c.width,
    options: c.set ? c.set.options.map((o) => o.label) : null,
  }));
}

const withoutUnit = (h: string) => normalizeHeading(h).replace(/\([^)]*\)$/, '');

/** Field → 0-based index of the column in the file, and the heading as written there. */
export interface DepartmentHeader {
  columns: Map<string, { index: number; heading: string }>;
  /** Required headings that are missing. */
  missing: string[];
  /** Headings not recognised (ignored on import). */
  unknown: string[];
}

/** Matches a file's header row to the source's columns (by heading or alias, with or without the unit). */
export function matchDepartmentHeader(source: DepartmentSource, header: readonly string[]): DepartmentHeader {
  const byName = new Map<string, string>();
  for (const c of DEPARTMENT_COLUMNS[source]) {
    for (const h of [c.heading, ...(c.aliases ?? [])]) {
      byName.set(normalizeHeading(h), c.field);
      if (!byName.has(withoutUnit(h))) byName.set(withoutUnit(h), c.field);
    }
  }
  const columns = new Map<string, { index: number; heading: string }>();
  const unknown: string[] = [];
  header.forEach((cell, index) => {
    const text = cellText(cell);
    if (!text) return;
    const field = byName.get(normalizeHeading(text)) ?? byName.get(withoutUnit(text));
    if (field && !columns.has(field)) columns.set(field, { index, heading: text.replace(/\s+/g, '') });
    else unknown.push(text);
  });
  const missing = DEPARTMENT_COLUMNS[source].filter((c) => c.required && !columns.has(c.field)).map((c) => c.heading);
  return { columns, missing, unknown };
}

/** The required headings a file lacks (empty when complete). */
export function missingColumns(source: DepartmentSource, header: readonly string[]): string[] {
  return matchDepartmentHeader(source, header).missing;
}

/** `缺少必填列：结算日期、个人自付（元）（数据来源：医保（医疗费用））`, or null when nothing is missing. */
export function missingColumnsMessage(source: DepartmentSource, header: readonly string[]): string | null {
  const missing = missingColumns(source, header);
  return missing.length ? `缺少必填列：${missing.join('、')}（数据来源：${DEPARTMENT_SOURCE.labels[source]}）` : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows → facts

export const DepartmentFact = z.object({
  source: DepartmentSource,
  idNumber: z.string(),
  name: z.string().nullable(),
  /** The date the fact describes (settlement, certificate, death …), YYYY-MM-DD. */
  date: z.iso.date(),
  /** The fact's amount in fen: 个人自付 (medical), 教育支出, 损失金额, 注册资本; null when none. */
  amountFen: z.number().int().nullable(),
  /** Every other column by field: text, codes of labelled values, dates, money in fen; null when blank. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type DepartmentFact = z.infer<typeof DepartmentFact>;

export type DepartmentRowResult = { ok: true; fact: DepartmentFact } | { ok: false; errors: ImportIssue[] };

const MONEY_EXAMPLE = '应为金额（单位：元，最多两位小数），如 1234.56';

/** 注册资本 in 万元 (up to 6 decimals, i.e. to the fen) as fen. */
function parseWanYuan(text: string): { ok: true; value: Fen } | { ok: false; message: string } {
  const t = text.replace(/[,，\s]/g, '').replace(/万元$|万$/, '');
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(t);
  if (!m) return { ok: false, message: '应为金额（单位：万元），如 50 或 12.5' };
  return { ok: true, value: Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0')) };
}

/**
 * Reads one data row of a source's file. `header` is the file's header row, `fields` the row's cells as text,
 * `rowNumber` the row as the user sees it in the sheet, `today` the import date (ID numbers and dates must not be in
 * the future). Every problem of the row is returned, each naming the row and the column. A repeated ID number is not
 * a problem here: a person can have several facts (the server reports exact duplicates).
 */
export function parseDepartmentRow(
  source: DepartmentSource,
  header: readonly string[],
  fields: readonly string[],
  rowNumber: number,
  today: string,
): DepartmentRowResult {
  const matched = matchDepartmentHeader(source, header);
  const errors: ImportIssue[] = [];
  if (matched.missing.length) {
    return { ok: false, errors: [importIssue(rowNumber, '', missingColumnsMessage(source, header) ?? '')] };
  }
  let idNumber = '';
  let name: string | null = null;
  const detail: Record<string, string | number | null> = {};
  for (const c of DEPARTMENT_COLUMNS[source]) {
    const at = matched.columns.get(c.field);
    const heading = at?.heading ?? c.heading;
    const text = at ? cellText(fields[at.index]) : '';
    const problem = (message: string) => errors.push(importIssue(rowNumber, heading, message));
    if (!text) {
      if (c.required) problem('必填，不能为空');
      if (c.field !== 'name') detail[c.field] = null;
      continue;
    }
    switch (c.kind) {
      case 'idNumber': {
        const r = parseIdNumber(text, today);
        if (r.ok) idNumber = r.value.idNumber;
        else problem(r.message);
        break;
      }
      case 'name':
        name = text.replace(/\s+/g, '');
        break;
      case 'text':
        if (text.length > 200) problem('不能超过200个字');
        else detail[c.field] = text;
        break;
      case 'date': {
        const r = parseDateCell(text);
        if (!r.ok) problem(r.message);
        else if (r.value > today) problem(`日期 ${r.value} 晚于导入日期 ${today}`);
        else detail[c.field] = r.value;
        break;
      }
      case 'money': {
        const r = parseYuanCell(text);
        if (!r.ok) problem(/应为数字/.test(r.message) ? MONEY_EXAMPLE : r.message);
        else detail[c.field] = r.value;
        break;
      }
      case 'wanYuan': {
        const r = parseWanYuan(text);
        if (!r.ok) problem(r.message);
        else detail[c.field] = r.value;
        break;
      }
      case 'label': {
        const r = parseLabel(c.set!, text);
        if (!r.ok) problem(r.message);
        else detail[c.field] = c.set === DISABILITY_GRADE ? Number(r.value) : r.value;
        break;
      }
    }
  }
  if (source === 'medical' && typeof detail.selfPaid === 'number' && typeof detail.totalCost === 'number' && detail.selfPaid > detail.totalCost) {
    errors.push(importIssue(rowNumber, matched.columns.get('selfPaid')?.heading ?? '个人自付（元）', '个人自付不能大于医疗总费用'));
  }
  if (errors.length) return { ok: false, errors };
  const roles = FACT_FIELDS[source];
  const date = detail[roles.date];
  const amount = roles.amount ? detail[roles.amount] : null;
  return {
    ok: true,
    fact: {
      source, idNumber, name, date: typeof date === 'string' ? date : today,
      amountFen: typeof amount === 'number' ? amount : null, detail,
    },
  };
}

/**
 * A warning when the name in the department's file differs from the name registered for the ID number (the ID number
 * decides; the name is only a cross-check for typing errors in either system). Null when they agree or no name given.
 */
export function nameMismatch(fact: Pick<DepartmentFact, 'name'>, registeredName: string, rowNumber: number): ImportIssue | null {
  if (fact.name === null || fact.name === registeredName.replace(/\s+/g, '')) return null;
  return importIssue(rowNumber, '姓名', `与系统登记的姓名“${registeredName}”不一致，请核对`, 'warning');
}

// ---------------------------------------------------------------------------------------------------------------
// Meaning

/** Whether a date lies in the 12 months up to `asOf`: after the same day a year earlier, up to and including `asOf`. */
export function within12Months(date: string, asOf: string): boolean {
  const yearBefore = `${String(Number(asOf.slice(0, 4)) - 1).padStart(4, '0')}${asOf.slice(4)}`;
  return date > yearBefore && date <= asOf;
}

/**
 * Essential spending for the expenditure-hardship rule: medical 个人自付 and education spending dated in the 12 months
 * up to `asOf`, summed over the facts given (the caller passes a household's facts). Other sources add nothing.
 */
export function essentialSpendingLast12Months(facts: readonly DepartmentFact[], asOf: string): EssentialSpending {
  const out: EssentialSpending = { medical: 0, education: 0, other: 0 };
  for (const f of facts) {
    if (f.amountFen === null || !within12Months(f.date, asOf)) continue;
    if (f.source === 'medical') out.medical += f.amountFen;
    else if (f.source === 'education') out.education += f.amountFen;
  }
  return out;
}

/** 川A12345 → 川A***45: the region letters and the last two characters. */
export function maskPlate(plate: string): string {
  const p = plate.replace(/\s+/g, '');
  if (p.length <= 4) return '*'.repeat(p.length);
  return p.slice(0, 2) + '*'.repeat(p.length - 4) + p.slice(-2);
}

const money = (v: unknown) => (typeof v === 'number' ? `${formatYuan(v)} 元` : '');
const label = (set: { labels: Record<string, string> }, v: unknown) => (typeof v === 'string' ? set.labels[v] ?? v : '');

/** One line for the household page, e.g. `医保：2025-03-01 在县人民医院结算，医疗总费用 12,000.00 元，个人自付 3,000.00 元`. */
export function factSummary(fact: DepartmentFact): string {
  const d = fact.detail;
  const body = (() => {
    switch (fact.source) {
      case 'medical':
        return `${fact.date}${d.institution ? ` 在${d.institution}` : ''}结算，医疗总费用 ${money(d.totalCost)}，个人自付 ${money(d.selfPaid)}`;
      case 'disability':
        return `${fact.date} 发证，${DISABILITY_GRADE_LABELS[Number(d.disabilityGrade)] ?? ''}${label(DISABILITY_TYPE, d.disabilityType)}`;
      case 'death':
        return `${fact.date} 死亡`;
      case 'education':
        return `${d.school ?? ''}${label(EDUCATION_STAGE, d.stage)}，${label(ENROLMENT_STATUS, d.enrolment)}${d.spending !== null && d.spending !== undefined ? `，教育支出 ${money(d.spending)}` : ''}（${fact.date}）`;
      case 'employment':
        return `${fact.date} ${label(EMPLOYMENT_STATUS, d.status)}登记`;
      case 'disaster':
        return `${fact.date} 受${d.hazard ?? ''}灾害${typeof d.loss === 'number' ? `，损失 ${money(d.loss)}` : ''}`;
      case 'housing':
        return `${fact.date} 鉴定为${label(DANGER_GRADE, d.grade)}危房`;
      case 'business':
        return `${d.company ?? ''}，${fact.date} 登记${typeof d.capital === 'number' ? `，注册资本 ${formatWanYuan(d.capital)} 万元` : ''}`;
      case 'vehicle':
        return `${d.vehicleType ?? ''} ${maskPlate(String(d.plate ?? ''))}，${fact.date} 登记`;
    }
  })();
  return `${DEPARTMENT_SOURCE.labels[fact.source].replace(/（.*$/, '')}：${body}`;
}

function formatWanYuan(fen: Fen): string {
  return String(fen / 1_000_000);
}

/** A fact with its ID number masked, for lists shown to roles that do not reveal personal data. */
export function maskedFact(fact: DepartmentFact): DepartmentFact {
  const detail = { ...fact.detail };
  if (typeof detail.plate === 'string') detail.plate = maskPlate(detail.plate);
  return { ...fact, idNumber: maskIdNumber(fact.idNumber), detail };
}
