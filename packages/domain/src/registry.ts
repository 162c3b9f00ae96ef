import { z } from 'zod';
import { parseIdNumber } from './idNumber.js';
import type { Fen } from './money.js';
import { RegionCode } from './region.js';
import { Phone } from './users.js';

/**
 * The low-income registry (C2): households and their members as on the rural low-income household survey form
 * (附件2 of 川民办〔2021〕19号 seed 004), the categories and assistance they hold, and the rule of the summary
 * table (附件3). Codes are stable English identifiers; every code has its Chinese label here, used by screens,
 * imports, exports and error messages alike.
 */

/**
 * A closed set of codes with their Chinese labels: the zod enum, the labels, a parser accepting either the code or
 * the label, and the options of a drop-down.
 */
export function labelled<const T extends readonly [string, ...string[]]>(values: T, labels: Record<T[number], string>) {
  const schema = z.enum(values);
  const byLabel = new Map<string, T[number]>(Object.entries(labels).map(([k, v]) => [v as string, k as T[number]]));
  return {
    schema,
    labels,
    /** Code from a Chinese label or from the code itself (imports accept either). */
    parse(text: string): T[number] | undefined {
      const t = text.trim();
      if ((values as readonly string[]).includes(t)) return t as T[number];
      return byLabel.get(t);
    },
    options: values.map((v) => ({ value: v, label: labels[v as T[number]] })),
  };
}

export const URBAN_RURAL = labelled(['urban', 'rural'], { urban: '城市', rural: '农村' });
export const UrbanRural = URBAN_RURAL.schema;
export type UrbanRural = z.infer<typeof UrbanRural>;

export const POVERTY_REASON = labelled(['illness', 'disaster', 'disability', 'lack_of_labour', 'unemployment', 'land_loss', 'other'], {
  illness: '疾病', disaster: '灾害', disability: '残疾', lack_of_labour: '缺乏劳动力', unemployment: '失业', land_loss: '失地', other: '其他',
});
export const PovertyReason = POVERTY_REASON.schema;
export type PovertyReason = z.infer<typeof PovertyReason>;

export const CATEGORY_KIND = labelled(
  ['dibao', 'tekun_centralised', 'tekun_dispersed', 'marginal', 'monitoring', 'rigid_expense', 'other_low_income'],
  {
    dibao: '低保', tekun_centralised: '特困（集中供养）', tekun_dispersed: '特困（分散供养）', marginal: '低保边缘',
    monitoring: '防止返贫监测', rigid_expense: '刚性支出困难', other_low_income: '其他低收入',
  },
);
export const CategoryKind = CATEGORY_KIND.schema;
export type CategoryKind = z.infer<typeof CategoryKind>;

export const CATEGORY_STATUS = labelled(['active', 'suspended', 'ended'], { active: '在册', suspended: '暂停', ended: '已退出' });
export const CategoryStatus = CATEGORY_STATUS.schema;
export type CategoryStatus = z.infer<typeof CategoryStatus>;

export const ASSISTANCE_KIND = labelled(['dibao', 'tekun', 'temporary', 'medical', 'education', 'housing', 'other'], {
  dibao: '低保', tekun: '特困', temporary: '临时救助', medical: '医疗救助', education: '教育救助', housing: '住房救助', other: '其他',
});
export const AssistanceKind = ASSISTANCE_KIND.schema;
export type AssistanceKind = z.infer<typeof AssistanceKind>;

export const PERSON_CATEGORY = labelled(['epidemic_jobless', 'disaster', 'graduate', 'marginal', 'other'], {
  epidemic_jobless: '受疫情影响务工不着人员', disaster: '受灾困难群众', graduate: '高校毕业生', marginal: '低保边缘户', other: '其他',
});
export const PersonCategory = PERSON_CATEGORY.schema;
export type PersonCategory = z.infer<typeof PersonCategory>;

export const RELATION = labelled(
  ['head', 'spouse', 'son', 'daughter', 'father', 'mother', 'grandparent', 'grandchild', 'sibling', 'son_in_law', 'daughter_in_law', 'other'],
  {
    head: '户主', spouse: '配偶', son: '子', daughter: '女', father: '父亲', mother: '母亲', grandparent: '祖父母/外祖父母',
    grandchild: '孙子女/外孙子女', sibling: '兄弟姐妹', son_in_law: '女婿', daughter_in_law: '儿媳', other: '其他',
  },
);
export const Relation = RELATION.schema;
export type Relation = z.infer<typeof Relation>;

export const HEALTH = labelled(['healthy', 'frail', 'chronic', 'serious', 'disabled'], {
  healthy: '健康', frail: '体弱', chronic: '慢性病', serious: '重病', disabled: '残疾',
});
export const Health = HEALTH.schema;
export type Health = z.infer<typeof Health>;

export const DISABILITY_TYPE = labelled(['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'], {
  visual: '视力残疾', hearing: '听力残疾', speech: '言语残疾', physical: '肢体残疾', intellectual: '智力残疾', mental: '精神残疾', multiple: '多重残疾',
});
export const DisabilityType = DISABILITY_TYPE.schema;
export type DisabilityType = z.infer<typeof DisabilityType>;

/** 残疾等级 一级 (most severe) … 四级. */
export const DisabilityGrade = z.number().int().min(1, '残疾等级为1至4级').max(4, '残疾等级为1至4级');
export const DISABILITY_GRADE_LABELS: Record<number, string> = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' };

export const WORK_ABILITY = labelled(['full', 'partial', 'none'], { full: '有劳动能力', partial: '部分丧失劳动能力', none: '无劳动能力' });
export const WorkAbility = WORK_ABILITY.schema;
export type WorkAbility = z.infer<typeof WorkAbility>;

export const SELF_CARE = labelled(['independent', 'semi', 'dependent'], { independent: '自理', semi: '半失能', dependent: '失能' });
export const SelfCare = SELF_CARE.schema;
export type SelfCare = z.infer<typeof SelfCare>;

export const PENSION_INSURANCE = labelled(['employee', 'resident', 'none'], {
  employee: '城镇职工养老保险', resident: '城乡居民养老保险', none: '未参保',
});
export const PensionInsurance = PENSION_INSURANCE.schema;
export type PensionInsurance = z.infer<typeof PensionInsurance>;

export const MEDICAL_INSURANCE = labelled(['employee', 'resident', 'none'], {
  employee: '职工医保', resident: '城乡居民医保', none: '未参保',
});
export const MedicalInsurance = MEDICAL_INSURANCE.schema;
export type MedicalInsurance = z.infer<typeof MedicalInsurance>;

export const MEMBER_TAG = labelled(
  [
    'in_school', 'living_alone', 'empty_nest', 'left_behind', 'orphan', 'de_facto_unsupported', 'hiv', 'serious_illness',
    'disaster_hit', 'party_member', 'senior_party_member', 'veteran', 'entitled_group', 'martyr_family', 'family_planning_special',
  ],
  {
    in_school: '在校', living_alone: '独居', empty_nest: '空巢', left_behind: '留守', orphan: '孤儿', de_facto_unsupported: '事实无人抚养',
    hiv: '艾滋病病毒感染/影响', serious_illness: '重病', disaster_hit: '受灾', party_member: '党员', senior_party_member: '老党员',
    veteran: '退役军人', entitled_group: '优抚对象', martyr_family: '烈士遗属', family_planning_special: '计划生育特殊家庭',
  },
);
export const MemberTag = MEMBER_TAG.schema;
export type MemberTag = z.infer<typeof MemberTag>;

export const HOUSING_NATURE = labelled(['own', 'rented', 'borrowed', 'public_rental', 'other'], {
  own: '自有', rented: '租住', borrowed: '借住', public_rental: '公租房', other: '其他',
});
export const HousingNature = HOUSING_NATURE.schema;
export type HousingNature = z.infer<typeof HousingNature>;

export const REMOVAL_REASON = labelled(['death', 'moved_out', 'split', 'error', 'other'], {
  death: '死亡', moved_out: '迁出', split: '分户', error: '录入错误', other: '其他',
});
export const RemovalReason = REMOVAL_REASON.schema;
export type RemovalReason = z.infer<typeof RemovalReason>;

/**
 * The same object without field defaults, for partial updates: zod applies a field's default even inside
 * `.partial()`, which would overwrite stored values with defaults for every field a client did not send.
 */
function withoutDefaults<T extends z.ZodRawShape>(o: z.ZodObject<T>) {
  const shape = Object.fromEntries(Object.entries(o.shape).map(([k, v]) => [k, v instanceof z.ZodDefault ? v.unwrap() : v]));
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof T]: T[K] extends z.ZodDefault<infer I extends z.ZodType> ? I : T[K] }>;
}

const Money = z.number().int('金额应以分为单位的整数').min(0, '金额不能为负数').max(100_000_000_00, '金额过大');
const Text = (max: number) => z.string().trim().max(max, `不能超过${max}个字`);
const IsoDate = z.iso.date('日期格式应为YYYY-MM-DD');

export const HouseholdCategory = z.object({
  kind: CategoryKind,
  startDate: IsoDate,
  endDate: IsoDate.nullable().default(null),
  status: CategoryStatus.default('active'),
}).refine((c) => c.endDate === null || c.endDate >= c.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type HouseholdCategory = z.infer<typeof HouseholdCategory>;

export const AssistanceReceived = z.object({ kind: AssistanceKind, yearlyAmount: Money });
export type AssistanceReceived = z.infer<typeof AssistanceReceived>;

export const Housing = z.object({
  /** 建筑面积, square metres. */
  area: z.number().min(0, '建筑面积不能为负数').max(100_000, '建筑面积过大'),
  nature: HousingNature,
  address: Text(200).default(''),
});
export type Housing = z.infer<typeof Housing>;

export const Vehicle = z.object({ type: Text(50).min(1, '请填写车型'), use: Text(50).default('') });
export type Vehicle = z.infer<typeof Vehicle>;

/** Member fields other than the protected ones (ID number and phone). */
const MemberFields = z.object({
  name: Text(50).min(1, '请填写姓名'),
  relation: Relation,
  health: Health.default('healthy'),
  disabilityType: DisabilityType.nullable().default(null),
  disabilityGrade: DisabilityGrade.nullable().default(null),
  workAbility: WorkAbility.default('full'),
  selfCare: SelfCare.default('independent'),
  schoolOrEmployer: Text(100).default(''),
  yearlyIncome: Money.default(0),
  pension: Money.default(0),
  pensionInsurance: PensionInsurance.default('none'),
  medicalInsurance: MedicalInsurance.default('resident'),
  tags: z.array(MemberTag).max(20).default([]),
});

function checkDisability(m: { disabilityType: unknown; disabilityGrade: unknown }, ctx: z.RefinementCtx) {
  if ((m.disabilityType === null) !== (m.disabilityGrade === null)) {
    ctx.addIssue({ code: 'custom', message: '残疾类别和残疾等级应同时填写', path: [m.disabilityType === null ? 'disabilityType' : 'disabilityGrade'] });
  }
}

/**
 * A new member. The ID number is checked by GB 11643; gender and birth date are derived from it and, when also given,
 * must agree with it.
 */
export const MemberInput = MemberFields.extend({
  idNumber: z.string().trim(),
  gender: z.enum(['male', 'female']).optional(),
  birthDate: IsoDate.optional(),
  phone: Phone.nullable().default(null),
}).superRefine((m, ctx) => {
  checkDisability(m, ctx);
  const r = parseIdNumber(m.idNumber);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message, path: ['idNumber'] });
    return;
  }
  if (m.gender && m.gender !== r.value.gender) {
    ctx.addIssue({ code: 'custom', message: `性别与身份证号码不符（号码显示为${r.value.gender === 'male' ? '男' : '女'}）`, path: ['gender'] });
  }
  if (m.birthDate && m.birthDate !== r.value.birthDate) {
    ctx.addIssue({ code: 'custom', message: `出生日期与身份证号码不符（号码显示为${r.value.birthDate}）`, path: ['birthDate'] });
  }
}).transform((m) => {
  const info = parseIdNumber(m.idNumber);
  if (!info.ok) throw new Error('unreachable');
  // Written out rather than spread: a spread of inputs of many shapes gave every parsed member its own V8 hidden class
  // (100,000 of them in an import of 100,000 rows): 54 of the 180 MB kept between preview and commit.
  return {
    name: m.name, relation: m.relation, health: m.health, disabilityType: m.disabilityType, disabilityGrade: m.disabilityGrade,
    workAbility: m.workAbility, selfCare: m.selfCare, schoolOrEmployer: m.schoolOrEmployer, yearlyIncome: m.yearlyIncome,
    pension: m.pension, pensionInsurance: m.pensionInsurance, medicalInsurance: m.medicalInsurance, tags: m.tags,
    idNumber: info.value.idNumber, gender: info.value.gender, birthDate: info.value.birthDate, phone: m.phone,
  };
});
export type MemberInput = z.input<typeof MemberInput>;
export type MemberData = z.output<typeof MemberInput>;

/**
 * A change to an existing member. The protected fields are only sent when they change (the client never holds
 * them in full): `idNumber` absent = unchanged; `phone` absent = unchanged, null = removed.
 */
export const MemberUpdate = withoutDefaults(MemberFields).partial().extend({
  idNumber: z.string().trim().optional(),
  phone: Phone.nullable().optional(),
  version: z.number().int(),
}).superRefine((m, ctx) => {
  if (m.disabilityType !== undefined || m.disabilityGrade !== undefined) {
    checkDisability({ disabilityType: m.disabilityType ?? null, disabilityGrade: m.disabilityGrade ?? null }, ctx);
  }
  if (m.idNumber !== undefined) {
    const r = parseIdNumber(m.idNumber);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message, path: ['idNumber'] });
  }
});
export type MemberUpdate = z.infer<typeof MemberUpdate>;

const HouseholdFields = z.object({
  /** Village-level (or community-level) region of residence. */
  regionCode: RegionCode,
  urbanRural: UrbanRural,
  hukouAddress: Text(200).min(1, '请填写户籍地址'),
  residenceAddress: Text(200).min(1, '请填写居住地址'),
  povertyReasons: z.array(PovertyReason).max(7).default([]),
  categories: z.array(HouseholdCategory).max(20).default([]),
  assistance: z.array(AssistanceReceived).max(10).default([]),
  personCategories: z.array(PersonCategory).max(5).default([]),
  cashDeposits: Money.default(0),
  housing: z.array(Housing).max(10).default([]),
  vehicles: z.array(Vehicle).max(10).default([]),
  otherAssets: Text(500).default(''),
  /** 困难群体诉求 */
  needs: Text(1000).default(''),
  surveyedBy: Text(100).default(''),
  surveyedOn: IsoDate.nullable().default(null),
});

export const CreateHouseholdRequest = HouseholdFields.extend({
  members: z.array(MemberInput).min(1, '至少填写一名家庭成员（户主）').max(30, '家庭成员不能超过30人'),
}).superRefine((h, ctx) => {
  const heads = h.members.filter((m) => m.relation === 'head').length;
  if (heads !== 1) ctx.addIssue({ code: 'custom', message: heads === 0 ? '请指定户主' : '一户只能有一名户主', path: ['members'] });
  const seen = new Map<string, number>();
  h.members.forEach((m, i) => {
    const prev = seen.get(m.idNumber);
    if (prev !== undefined) ctx.addIssue({ code: 'custom', message: `与第${prev + 1}名成员身份证号码相同`, path: ['members', i, 'idNumber'] });
    seen.set(m.idNumber, i);
  });
});
export type CreateHouseholdRequest = z.input<typeof CreateHouseholdRequest>;
export type CreateHouseholdData = z.output<typeof CreateHouseholdRequest>;

export const UpdateHouseholdRequest = withoutDefaults(HouseholdFields).partial().extend({ version: z.number().int() });
export type UpdateHouseholdRequest = z.infer<typeof UpdateHouseholdRequest>;

export const RemoveMemberRequest = z.object({ reason: RemovalReason, note: Text(200).default(''), version: z.number().int() });
export type RemoveMemberRequest = z.infer<typeof RemoveMemberRequest>;

export const MemberRevealRequest = z.object({
  field: z.enum(['idNumber', 'phone']),
  reason: z.string().trim().min(2, '请填写查看原因').max(200, '查看原因不能超过200个字'),
});
export type MemberRevealRequest = z.infer<typeof MemberRevealRequest>;

// ---------------------------------------------------------------------------------------------------------------
// Income per head and the summary table rule

/** A household's yearly income: members' yearly income plus pensions (assistance received is not income here). */
export function householdYearlyIncome(members: readonly { yearlyIncome: Fen; pension: Fen }[]): Fen {
  return members.reduce((s, m) => s + m.yearlyIncome + m.pension, 0);
}

export type IncomeBand = 'below_standard' | 'marginal' | 'above';
export const INCOME_BAND_LABELS: Record<IncomeBand, string> = {
  below_standard: '低于低保标准', marginal: '低保标准至边缘倍数之间', above: '高于边缘倍数',
};

/**
 * Where a monthly income per head falls against the 低保 standard: below it; from the standard up to (not reaching)
 * multiplier × standard; or above. Both bounds in fen.
 */
export function incomeBand(monthlyPerHead: Fen, standard: Fen, multiplier: number): IncomeBand {
  if (monthlyPerHead < standard) return 'below_standard';
  if (monthlyPerHead < Math.round(standard * multiplier)) return 'marginal';
  return 'above';
}

export type DifficultyType = '易致贫返贫户' | '低保边缘户' | '支出型困难户';

const COVERED: readonly CategoryKind[] = ['dibao', 'tekun_centralised', 'tekun_dispersed'];

/** Categories in force on a date (active and inside their period). */
export function activeCategories(categories: readonly HouseholdCategory[], date: string): CategoryKind[] {
  return categories
    .filter((c) => c.status === 'active' && c.startDate <= date && (c.endDate === null || c.endDate >= date))
    .map((c) => c.kind);
}

/**
 * The rule of 附件3 (农村低收入群众信息汇总统计表, 说明 1 and 3): a household is counted when its monthly income per
 * head is above the 低保 standard and below multiplier × standard (1.5 in the form), and it is not already covered
 * by 低保 or 特困. Its 困难类型 is 易致贫返贫户 when under 防止返贫监测 (the form's 建档立卡), 支出型困难户 when
 * recorded with 刚性支出困难, otherwise 低保边缘户.
 */
export function summaryTableEntry(
  h: { monthlyIncomePerHead: Fen; activeCategories: readonly CategoryKind[] },
  standard: Fen,
  multiplier: number,
): { included: true; difficultyType: DifficultyType } | { included: false; reason: string } {
  if (h.activeCategories.some((c) => COVERED.includes(c))) return { included: false, reason: '已纳入低保或特困' };
  if (h.monthlyIncomePerHead <= standard) return { included: false, reason: '月人均收入不高于低保标准' };
  if (h.monthlyIncomePerHead >= Math.round(standard * multiplier)) return { included: false, reason: `月人均收入不低于低保标准的${multiplier}倍` };
  if (h.activeCategories.includes('monitoring')) return { included: true, difficultyType: '易致贫返贫户' };
  if (h.activeCategories.includes('rigid_expense')) return { included: true, difficultyType: '支出型困难户' };
  return { included: true, difficultyType: '低保边缘户' };
}

/** Full years of age on a date. */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

// ---------------------------------------------------------------------------------------------------------------
// Views (what the API returns; protected fields only masked)

export const MemberView = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  name: z.string(),
  relation: Relation,
  idNumberMasked: z.string(),
  gender: z.enum(['male', 'female']),
  birthDate: z.string(),
  age: z.number().int(),
  health: Health,
  disabilityType: DisabilityType.nullable(),
  disabilityGrade: z.number().int().nullable(),
  workAbility: WorkAbility,
  selfCare: SelfCare,
  schoolOrEmployer: z.string(),
  yearlyIncome: z.number().int(),
  pension: z.number().int(),
  pensionInsurance: PensionInsurance,
  medicalInsurance: MedicalInsurance,
  phoneMasked: z.string().nullable(),
  tags: z.array(MemberTag),
  version: z.number().int(),
});
export type MemberView = z.infer<typeof MemberView>;

export const StandardUsed = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  validFrom: z.string(),
  source: z.string(),
  demo: z.boolean(),
});
export type StandardUsed = z.infer<typeof StandardUsed>;

export const HouseholdListItem = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  headName: z.string(),
  headIdNumberMasked: z.string(),
  urbanRural: UrbanRural,
  memberCount: z.number().int(),
  monthlyIncomePerHead: z.number().int(),
  categories: z.array(CategoryKind),
  povertyReasons: z.array(PovertyReason),
  tags: z.array(MemberTag),
  updatedAt: z.string(),
  /** Member whose name, ID number or phone matched a search, when it is not the head. */
  matchedMember: z.string().nullable(),
});
export type HouseholdListItem = z.infer<typeof HouseholdListItem>;

export const HouseholdView = HouseholdFields.extend({
  id: z.number().int(),
  regionName: z.string(),
  regionPath: z.array(z.object({ code: z.string(), name: z.string() })),
  headName: z.string(),
  members: z.array(MemberView),
  memberCount: z.number().int(),
  yearlyIncome: z.number().int(),
  monthlyIncomePerHead: z.number().int(),
  activeCategories: z.array(CategoryKind),
  standard: StandardUsed.nullable(),
  multiplier: StandardUsed.nullable(),
  incomeBand: z.enum(['below_standard', 'marginal', 'above']).nullable(),
  summaryTable: z.object({ included: z.boolean(), text: z.string() }).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HouseholdView = z.infer<typeof HouseholdView>;

export const HistoryEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  source: z.string(),
  summary: z.string(),
  changes: z.array(z.object({ field: z.string(), label: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HouseholdQuery = z.object({
  regionCode: RegionCode.optional(),
  q: z.string().trim().max(50).optional(),
  category: CategoryKind.optional(),
  tag: MemberTag.optional(),
  povertyReason: PovertyReason.optional(),
  incomeBand: z.enum(['below_standard', 'marginal', 'above']).optional(),
  urbanRural: UrbanRural.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type HouseholdQuery = z.infer<typeof HouseholdQuery>;

// ---------------------------------------------------------------------------------------------------------------
// One person, one household: checks, transfers, duplicates

export const PersonCheckRequest = z.object({ idNumber: z.string().trim() });
export type PersonCheckRequest = z.infer<typeof PersonCheckRequest>;

/** Where an ID number is registered: nowhere, inside the viewer's jurisdiction (with where), or elsewhere. */
export const PersonCheckResult = z.object({
  status: z.enum(['free', 'inside', 'outside']),
  idNumberMasked: z.string(),
  gender: z.enum(['male', 'female']),
  birthDate: z.string(),
  /** e.g. the 6-digit area code is not in the current region table (old codes exist): shown, not blocking. */
  warnings: z.array(z.string()),
  member: z.object({
    id: z.number().int(), name: z.string(), householdId: z.number().int(), headName: z.string(), regionName: z.string(),
  }).nullable(),
  message: z.string(),
});
export type PersonCheckResult = z.infer<typeof PersonCheckResult>;

export const TRANSFER_STATUS = labelled(['pending', 'approved', 'rejected', 'cancelled'], {
  pending: '待原登记地审核', approved: '已同意', rejected: '已驳回', cancelled: '已撤回',
});
export const TransferStatus = TRANSFER_STATUS.schema;
export type TransferStatus = z.infer<typeof TransferStatus>;

export const CreateTransferRequest = z.object({
  idNumber: z.string().trim(),
  toHouseholdId: z.number().int().positive(),
  relation: Relation,
  reason: Text(200).min(2, '请填写迁入理由'),
});
export type CreateTransferRequest = z.infer<typeof CreateTransferRequest>;

export const DecideTransferRequest = z.object({ approve: z.boolean(), note: Text(200).default('') });
export type DecideTransferRequest = z.infer<typeof DecideTransferRequest>;

export const TransferView = z.object({
  id: z.number().int(),
  status: TransferStatus,
  memberName: z.string(),
  idNumberMasked: z.string(),
  fromHouseholdId: z.number().int(),
  fromRegionName: z.string(),
  toHouseholdId: z.number().int(),
  toRegionName: z.string(),
  toHeadName: z.string(),
  relation: Relation,
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** Whether the viewer may decide (pending, and the member's current household is inside their jurisdiction). */
  canDecide: z.boolean(),
});
export type TransferView = z.infer<typeof TransferView>;

export const DUPLICATE_REASON = labelled(['same_name_birth', 'same_pinyin_village'], {
  same_name_birth: '姓名与出生日期相同', same_pinyin_village: '同村且姓名拼音相同',
});
export const DuplicateReason = DUPLICATE_REASON.schema;
export type DuplicateReason = z.infer<typeof DuplicateReason>;

export const DuplicatePerson = z.object({
  memberId: z.number().int(), name: z.string(), idNumberMasked: z.string(), birthDate: z.string(),
  householdId: z.number().int(), headName: z.string(), regionName: z.string(),
});
export type DuplicatePerson = z.infer<typeof DuplicatePerson>;

export const DuplicateCandidate = z.object({
  a: DuplicatePerson,
  b: DuplicatePerson,
  reason: DuplicateReason,
  /** The current review, if any: 'duplicate' (a reviewed link) or 'distinct' (not the same person). */
  review: z.object({
    id: z.number().int(), decision: z.enum(['duplicate', 'distinct']), note: z.string(), reviewedBy: z.string(), reviewedAt: z.string(),
  }).nullable(),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const DuplicateQuery = z.object({
  regionCode: RegionCode.optional(),
  status: z.enum(['open', 'reviewed']).default('open'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type DuplicateQuery = z.infer<typeof DuplicateQuery>;

export const ReviewDuplicateRequest = z.object({
  memberA: z.number().int().positive(),
  memberB: z.number().int().positive(),
  decision: z.enum(['duplicate', 'distinct']),
  note: Text(200).default(''),
}).refine((r) => r.memberA !== r.memberB, { message: '请选择两名不同的人员', path: ['memberB'] });
export type ReviewDuplicateRequest = z.infer<typeof ReviewDuplicateRequest>;

// ---------------------------------------------------------------------------------------------------------------
// Import batches

export const ImportMode = z.enum(['all', 'valid']);
export type ImportMode = z.infer<typeof ImportMode>;
export const IMPORT_MODE_LABELS: Record<ImportMode, string> = { all: '全部或不导入', valid: '仅导入正确行' };

export const ImportIssue = z.object({
  row: z.number().int(),
  column: z.string(),
  message: z.string(),
  level: z.enum(['error', 'warning']),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

export const ImportBatchView = z.object({
  id: z.number().int(),
  fileName: z.string(),
  format: z.enum(['summary', 'template', 'csv']),
  status: z.enum(['previewed', 'committing', 'committed', 'failed', 'discarded']),
  mode: ImportMode.nullable(),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  warningRows: z.number().int(),
  issues: z.array(ImportIssue),
  processedRows: z.number().int(),
  createdHouseholds: z.number().int(),
  createdMembers: z.number().int(),
  updatedMembers: z.number().int(),
  unchangedRows: z.number().int(),
  message: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});
export type ImportBatchView = z.infer<typeof ImportBatchView>;

export const CommitImportRequest = z.object({ mode: ImportMode });
export type CommitImportRequest = z.infer<typeof CommitImportRequest>;

// ---------------------------------------------------------------------------------------------------------------
// History: what changed, in words

const ENUM_FIELDS: Record<string, { labels: Record<string, string> }> = {
  urbanRural: URBAN_RURAL, povertyReasons: POVERTY_REASON, personCategories: PERSON_CATEGORY, relation: RELATION,
  health: HEALTH, disabilityType: DISABILITY_TYPE, workAbility: WORK_ABILITY, selfCare: SELF_CARE,
  pensionInsurance: PENSION_INSURANCE, medicalInsurance: MEDICAL_INSURANCE, tags: MEMBER_TAG,
};
const MONEY_FIELDS = new Set(['cashDeposits', 'yearlyIncome', 'pension']);

function yuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}元`;
}

/** A field's value as a person reads it on the household page (labels, 元, dates); null for empty. */
export function describeRegistryValue(field: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const e = ENUM_FIELDS[field];
  if (e) {
    const list = Array.isArray(value) ? value : [value];
    return list.length ? list.map((v) => e.labels[String(v)] ?? String(v)).join('、') : null;
  }
  if (MONEY_FIELDS.has(field) && typeof value === 'number') return yuan(value);
  if (field === 'disabilityGrade' && typeof value === 'number') return DISABILITY_GRADE_LABELS[value] ?? String(value);
  if (field === 'gender') return value === 'male' ? '男' : '女';
  if (field === 'categories' && Array.isArray(value)) {
    return value.length
      ? (value as HouseholdCategory[]).map((c) => `${CATEGORY_KIND.labels[c.kind]}（${c.startDate}至${c.endDate ?? '今'}，${CATEGORY_STATUS.labels[c.status]}）`).join('；')
      : null;
  }
  if (field === 'assistance' && Array.isArray(value)) {
    return value.length ? (value as AssistanceReceived[]).map((a) => `${ASSISTANCE_KIND.labels[a.kind]} ${yuan(a.yearlyAmount)}/年`).join('；') : null;
  }
  if (field === 'housing' && Array.isArray(value)) {
    return value.length ? (value as Housing[]).map((h) => `${h.area}㎡ ${HOUSING_NATURE.labels[h.nature]}${h.address ? ` ${h.address}` : ''}`).join('；') : null;
  }
  if (field === 'vehicles' && Array.isArray(value)) {
    return value.length ? (value as Vehicle[]).map((v) => `${v.type}${v.use ? `（${v.use}）` : ''}`).join('；') : null;
  }
  if (Array.isArray(value)) return value.length ? value.join('、') : null;
  return String(value);
}

/** Fields whose values differ between two snapshots, described for the history (protected values pass masked). */
export function diffRegistry(
  before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[],
  label: (field: string) => string,
): { field: string; label: string; before: string | null; after: string | null }[] {
  const out: { field: string; label: string; before: string | null; after: string | null }[] = [];
  for (const f of fields) {
    if (!(f in after)) continue;
    const b = describeRegistryValue(f, before[f]);
    const a = describeRegistryValue(f, after[f]);
    if (JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null) && b !== a) out.push({ field: f, label: label(f), before: b, after: a });
  }
  return out;
}
