import { describe, expect, it } from 'vitest';
import {
  effectiveRuleSettings, enabledRulesFor, evaluateHousehold, nextRecheckDate, RULE_DESCRIPTIONS, RULE_KIND, RuleHit, RuleKind,
  type HouseholdFacts, type MemberFacts, type RuleSetting,
} from './monitoring.js';
import type { PolicyKey, PolicyParameter } from './policy.js';
import type { HouseholdCategory } from './registry.js';

const PROVINCE = '510000000000';
const COUNTY = '510131000000';
const VILLAGE = '510131101200';
const AS_OF = '2025-06-15';
const ALL = new Set(RuleKind.options);
const only = (...rules: RuleKind[]) => new Set(rules);

const param = (key: PolicyKey, value: number, over: Partial<PolicyParameter> = {}): PolicyParameter => ({
  regionCode: PROVINCE, key, value, validFrom: '2025-01-01', validTo: null, source: `川民发〔2025〕${key}号`, demo: true, ...over,
});

/** Rural 680.00, urban 800.00, edge 1.5×, rigid ratio 0.5, disposable 30,000.00, 高龄 80. */
const PARAMS: PolicyParameter[] = [
  param('dibao_standard_rural_monthly', 68000),
  param('dibao_standard_urban_monthly', 80000),
  param('marginal_multiplier', 1.5, { demo: false, source: '民发〔2021〕57号' }),
  param('rigid_expense_ratio', 0.5),
  param('disposable_income_per_head_yearly', 3_000_000),
  param('elderly_age_threshold', 80),
];
const without = (...keys: PolicyKey[]) => PARAMS.filter((p) => !keys.includes(p.key));

/** A birth date giving exactly `age` full years on AS_OF (birthday on AS_OF itself). */
const bornAged = (age: number, dayOffset = 0) => {
  const d = new Date(Date.UTC(2025 - age, 5, 15 + dayOffset));
  return d.toISOString().slice(0, 10);
};

let nextId = 1;
function member(over: Partial<MemberFacts> = {}): MemberFacts {
  return {
    memberId: nextId++, name: '张三', relation: 'head', birthDate: bornAged(45), health: 'healthy', disabilityType: null,
    disabilityGrade: null, selfCare: 'independent', workAbility: 'full', tags: [], yearlyIncomeFen: 0, pensionFen: 0,
    guardianRecorded: false, deathDate: null, deathSource: null, ...over,
  };
}

const cat = (kind: HouseholdCategory['kind'], over: Partial<HouseholdCategory> = {}): HouseholdCategory => ({
  kind, startDate: '2024-01-01', endDate: null, status: 'active', ...over,
});

function household(over: Partial<HouseholdFacts> = {}): HouseholdFacts {
  return {
    householdId: 7, regionCode: VILLAGE, urbanRural: 'rural', categories: [], members: [member()],
    essentialSpending: { medical: 0, education: 0, other: 0 }, asOf: AS_OF, ...over,
  };
}

/** A one-person household with the given monthly income per head. */
const single = (monthly: number, over: Partial<HouseholdFacts> = {}) =>
  household({ members: [member({ yearlyIncomeFen: monthly * 12 })], ...over });

function hitsOf(facts: HouseholdFacts, rule: RuleKind, params = PARAMS) {
  return evaluateHousehold(facts, params, only(rule)).hits;
}
const cited = (h: RuleHit | undefined) => h?.trail.filter((t) => t.parameter).map((t) => [t.parameter!.key, t.parameter!.value]);

describe('rule catalogue', () => {
  it('labels and describes every rule in Chinese', () => {
    for (const r of RuleKind.options) {
      expect(RULE_KIND.labels[r]).toMatch(/[\u4e00-\u9fa5]/);
      expect(RULE_DESCRIPTIONS[r]).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(RULE_KIND.parse('可单人保')).toBe('single_member_dibao');
  });
});

describe('suspected_dibao', () => {
  it('fires 1 fen below the standard, not at it or above', () => {
    const [h] = hitsOf(single(67999), 'suspected_dibao');
    expect(h?.key).toBe('suspected_dibao:7:');
    expect(h?.memberId).toBeNull();
    expect(h?.reasons[0]).toBe(
      '家庭人均月收入 679.99 元，低于本地农村低保标准 680.00 元（演示数据；依据：川民发〔2025〕dibao_standard_rural_monthly号），尚未纳入低保或特困',
    );
    expect(cited(h)).toEqual([['dibao_standard_rural_monthly', 68000]]);
    expect(hitsOf(single(68000), 'suspected_dibao')).toEqual([]);
    expect(hitsOf(single(68001), 'suspected_dibao')).toEqual([]);
  });
  it('uses the urban standard for an urban household', () => {
    const [h] = hitsOf(single(79999, { urbanRural: 'urban' }), 'suspected_dibao');
    expect(cited(h)).toEqual([['dibao_standard_urban_monthly', 80000]]);
    expect(hitsOf(single(80000, { urbanRural: 'urban' }), 'suspected_dibao')).toEqual([]);
  });
  it('divides the household income (with pensions) by all members, rounding down', () => {
    const facts = household({ members: [member({ yearlyIncomeFen: 800_000 }), member({ pensionFen: 832_000 })] });
    // (800,000 + 832,000) / 12 / 2 = 68,000 exactly: not below.
    expect(hitsOf(facts, 'suspected_dibao')).toEqual([]);
    facts.members[1]!.pensionFen = 831_999;
    expect(hitsOf(facts, 'suspected_dibao')).toHaveLength(1);
  });
  it('does not fire for a household already holding 低保 or 特困, but does once the category has ended', () => {
    expect(hitsOf(single(10000, { categories: [cat('dibao')] }), 'suspected_dibao')).toEqual([]);
    expect(hitsOf(single(10000, { categories: [cat('tekun_dispersed')] }), 'suspected_dibao')).toEqual([]);
    expect(hitsOf(single(10000, { categories: [cat('dibao', { endDate: '2025-06-14' })] }), 'suspected_dibao')).toHaveLength(1);
    expect(hitsOf(single(10000, { categories: [cat('dibao', { status: 'suspended' })] }), 'suspected_dibao')).toHaveLength(1);
  });
  it('uses only a standard in force on the date and the most specific region', () => {
    const ended = param('dibao_standard_rural_monthly', 70000, { validTo: '2025-06-14' });
    const r = evaluateHousehold(single(69000), [ended], only('suspected_dibao'));
    expect(r.hits).toEqual([]);
    expect(r.skipped).toEqual([{ rule: 'suspected_dibao', missing: ['dibao_standard_rural_monthly'], reason: '缺少参数：农村低保标准（月）' }]);
    // Ending today still applies.
    expect(hitsOf(single(69000), 'suspected_dibao', [param('dibao_standard_rural_monthly', 70000, { validTo: AS_OF })])).toHaveLength(1);
    const future = param('dibao_standard_rural_monthly', 70000, { validFrom: '2025-06-16' });
    expect(hitsOf(single(69000), 'suspected_dibao', [...PARAMS, future])).toEqual([]);
    const county = param('dibao_standard_rural_monthly', 70000, { regionCode: COUNTY, validFrom: '2025-03-01' });
    const [h] = hitsOf(single(69000), 'suspected_dibao', [...PARAMS, county]);
    expect(h?.trail.find((t) => t.parameter)?.parameter).toEqual({
      key: 'dibao_standard_rural_monthly', regionCode: COUNTY, value: 70000, validFrom: '2025-03-01',
      source: '川民发〔2025〕dibao_standard_rural_monthly号', demo: true,
    });
  });
  it('reports a household without members as skipped', () => {
    const r = evaluateHousehold(household({ members: [] }), PARAMS, only('suspected_dibao'));
    expect(r.skipped[0]?.reason).toContain('家庭无成员');
  });
});

describe('suspected_marginal', () => {
  it('fires from the standard up to, not reaching, multiplier × standard', () => {
    const [h] = hitsOf(single(68000), 'suspected_marginal');
    expect(h?.reasons[0]).toContain('低于低保边缘标准 1,020.00 元（低保标准的 1.5 倍（依据：民发〔2021〕57号））');
    expect(cited(h)).toEqual([['dibao_standard_rural_monthly', 68000], ['marginal_multiplier', 1.5]]);
    expect(hitsOf(single(67999), 'suspected_marginal')).toEqual([]);
    expect(hitsOf(single(101999), 'suspected_marginal')).toHaveLength(1);
    expect(hitsOf(single(102000), 'suspected_marginal')).toEqual([]);
  });
  it('uses a regional multiplier, else the national default of 1.5 (said so in the trail)', () => {
    const k2 = param('marginal_multiplier', 2, { regionCode: COUNTY });
    expect(hitsOf(single(135999), 'suspected_marginal', [...PARAMS, k2])).toHaveLength(1);
    const [h] = hitsOf(single(101999), 'suspected_marginal', without('marginal_multiplier'));
    expect(cited(h)).toEqual([['dibao_standard_rural_monthly', 68000]]);
    expect(h?.trail.some((t) => t.text.includes('本地未设置，按默认值 1.5 倍') && t.text.includes('民发〔2021〕57号'))).toBe(true);
    expect(hitsOf(single(102000), 'suspected_marginal', without('marginal_multiplier'))).toEqual([]);
  });
  it('does not fire for households already 低保, 特困 or 低保边缘', () => {
    for (const kind of ['dibao', 'tekun_centralised', 'marginal'] as const) {
      expect(hitsOf(single(80000, { categories: [cat(kind)] }), 'suspected_marginal')).toEqual([]);
    }
    expect(hitsOf(single(80000, { categories: [cat('monitoring')] }), 'suspected_marginal')).toHaveLength(1);
  });
  it('is skipped without a standard', () => {
    const r = evaluateHousehold(single(80000), without('dibao_standard_rural_monthly'), only('suspected_marginal'));
    expect(r.hits).toEqual([]);
    expect(r.skipped).toEqual([{ rule: 'suspected_marginal', missing: ['dibao_standard_rural_monthly'], reason: '缺少参数：农村低保标准（月）' }]);
  });
});

describe('suspected_rigid_expense', () => {
  // Two members, 20,000.00 a year: 10,000.00 per head, under the 30,000.00 disposable income.
  const two = (spending: { medical?: number; education?: number; other?: number }, income = 2_000_000, over: Partial<HouseholdFacts> = {}) =>
    household({
      members: [member({ yearlyIncomeFen: income }), member()],
      essentialSpending: { medical: 0, education: 0, other: 0, ...spending },
      ...over,
    });
  it('fires when spending is above ratio × income, not when exactly equal', () => {
    expect(hitsOf(two({ medical: 1_000_000 }), 'suspected_rigid_expense')).toEqual([]);
    const [h] = hitsOf(two({ medical: 600_000, education: 400_001 }), 'suspected_rigid_expense');
    expect(h?.reasons[0]).toContain('近12个月医疗、教育等必需支出 10,000.01 元（医疗 6,000.00 元、教育 4,000.01 元、其他 0.00 元）');
    expect(h?.reasons[0]).toContain('超过本地规定比例 50%');
    expect(h?.reasons[1]).toBe('家庭人均年收入 10,000.00 元，低于上年度当地居民人均可支配收入 30,000.00 元（演示数据；依据：川民发〔2025〕disposable_income_per_head_yearly号）');
    expect(cited(h)).toEqual([['rigid_expense_ratio', 0.5], ['disposable_income_per_head_yearly', 3_000_000]]);
  });
  it('requires income per head below the disposable income: equal does not count, 1 fen below does', () => {
    // 2 members × 30,000.00 = 60,000.00 a year; spending 30,000.01 is over half of it.
    expect(hitsOf(two({ other: 3_000_001 }, 6_000_000), 'suspected_rigid_expense')).toEqual([]);
    expect(hitsOf(two({ other: 3_000_001 }, 5_999_998), 'suspected_rigid_expense')).toHaveLength(1);
  });
  it('counts spending with no income as over the ratio; no spending never fires', () => {
    const [h] = hitsOf(two({ medical: 1 }, 0), 'suspected_rigid_expense');
    expect(h?.reasons[0]).toContain('家庭年收入为 0');
    const r = evaluateHousehold(two({}, 0), [], only('suspected_rigid_expense'));
    expect(r).toMatchObject({ hits: [], skipped: [] });
  });
  it('does not fire for households already covered or recorded with 刚性支出困难', () => {
    expect(hitsOf(two({ medical: 1_500_000 }, 2_000_000, { categories: [cat('rigid_expense')] }), 'suspected_rigid_expense')).toEqual([]);
    expect(hitsOf(two({ medical: 1_500_000 }, 2_000_000, { categories: [cat('dibao')] }), 'suspected_rigid_expense')).toEqual([]);
    expect(hitsOf(two({ medical: 1_500_000 }, 2_000_000, { categories: [cat('marginal')] }), 'suspected_rigid_expense')).toHaveLength(1);
  });
  it('is skipped naming every missing parameter', () => {
    const r = evaluateHousehold(two({ medical: 1_500_000 }), without('rigid_expense_ratio', 'disposable_income_per_head_yearly'), ALL);
    expect(r.skipped.find((s) => s.rule === 'suspected_rigid_expense')?.reason).toBe('缺少参数：刚性支出占家庭收入比例、上年度当地居民人均可支配收入');
  });
  it('uses a ratio with four decimals exactly', () => {
    const ratio = param('rigid_expense_ratio', 0.3333, { regionCode: COUNTY });
    // 0.3333 × 2,000,000 = 666,600 exactly.
    expect(hitsOf(two({ medical: 666_600 }), 'suspected_rigid_expense', [...PARAMS, ratio])).toEqual([]);
    expect(hitsOf(two({ medical: 666_601 }), 'suspected_rigid_expense', [...PARAMS, ratio])).toHaveLength(1);
  });
});

describe('single_member_dibao', () => {
  it('fires for a 一级/二级 disabled or seriously ill member of a 低保边缘 household', () => {
    const disabled = member({ name: '李四', disabilityType: 'physical', disabilityGrade: 2 });
    const ill = member({ name: '王五', health: 'serious' });
    const mild = member({ name: '赵六', disabilityType: 'visual', disabilityGrade: 3 });
    const facts = household({ categories: [cat('marginal')], members: [disabled, ill, mild] });
    const hits = hitsOf(facts, 'single_member_dibao');
    expect(hits.map((h) => h.memberId)).toEqual([disabled.memberId, ill.memberId]);
    expect(hits[0]?.key).toBe(`single_member_dibao:7:${disabled.memberId}`);
    expect(hits[0]?.reasons[0]).toBe('李四：二级肢体残疾');
    expect(hits[1]?.reasons[0]).toBe('王五：重病');
  });
  it('fires in a household in the marginal band (citing the standard and multiplier)', () => {
    const grade1 = member({ disabilityType: 'intellectual', disabilityGrade: 1, yearlyIncomeFen: 68000 * 12 });
    const [h] = hitsOf(household({ members: [grade1] }), 'single_member_dibao');
    expect(cited(h)).toEqual([['dibao_standard_rural_monthly', 68000], ['marginal_multiplier', 1.5]]);
    expect(hitsOf(household({ members: [{ ...grade1, yearlyIncomeFen: 102000 * 12 }] }), 'single_member_dibao')).toEqual([]);
    // Below the standard it is a 低保 case for the whole household, not a single-member one.
    expect(hitsOf(household({ members: [{ ...grade1, yearlyIncomeFen: 67999 * 12 }] }), 'single_member_dibao')).toEqual([]);
  });
  it('does not fire in a covered household or for a deceased member', () => {
    const ill = member({ health: 'serious' });
    expect(hitsOf(household({ categories: [cat('marginal'), cat('dibao')], members: [ill] }), 'single_member_dibao')).toEqual([]);
    const dead = member({ health: 'serious', deathDate: '2025-05-01', deathSource: '殡葬' });
    expect(hitsOf(household({ categories: [cat('marginal')], members: [dead, member()] }), 'single_member_dibao')).toEqual([]);
  });
  it('is skipped without a standard only when the household is not already 低保边缘', () => {
    const ill = member({ health: 'serious' });
    const noStd = without('dibao_standard_rural_monthly');
    expect(evaluateHousehold(household({ members: [ill] }), noStd, only('single_member_dibao')).skipped).toHaveLength(1);
    const r = evaluateHousehold(household({ members: [ill], categories: [cat('marginal')] }), noStd, only('single_member_dibao'));
    expect(r.hits).toHaveLength(1);
    expect(r.skipped).toEqual([]);
  });
});

describe('elderly_special', () => {
  const younger = () => member({ name: '儿子', relation: 'son', birthDate: bornAged(50) });
  it('fires from the 高龄 age: 80 today, not 79 (one day short)', () => {
    const at80 = member({ name: '陈老', birthDate: bornAged(80) });
    const [h] = hitsOf(household({ members: [at80, younger()] }), 'elderly_special');
    expect(h?.memberId).toBe(at80.memberId);
    expect(h?.reasons).toEqual(['陈老，80 周岁', '已达高龄老人年龄 80 周岁（演示数据；依据：川民发〔2025〕elderly_age_threshold号）']);
    expect(cited(h)).toEqual([['elderly_age_threshold', 80]]);
    const at79 = member({ birthDate: bornAged(80, 1) });
    expect(hitsOf(household({ members: [at79, younger()] }), 'elderly_special')).toEqual([]);
  });
  it('uses the default 80 when no region sets the age, and a regional age when set', () => {
    const at80 = member({ birthDate: bornAged(80) });
    const [h] = hitsOf(household({ members: [at80, younger()] }), 'elderly_special', without('elderly_age_threshold'));
    expect(h?.trail.some((t) => t.text.includes('本地未设置，按默认值 80 岁'))).toBe(true);
    const at85 = param('elderly_age_threshold', 85, { regionCode: COUNTY });
    expect(hitsOf(household({ members: [at80, younger()] }), 'elderly_special', [...PARAMS, at85])).toEqual([]);
  });
  it('fires for a person of 60 living alone (tag or a household of one), not 59', () => {
    const tagged = member({ birthDate: bornAged(60), tags: ['living_alone'] });
    expect(hitsOf(household({ members: [tagged, younger()] }), 'elderly_special')[0]?.reasons).toEqual(['张三，60 周岁', '独居']);
    expect(hitsOf(household({ members: [member({ birthDate: bornAged(60) })] }), 'elderly_special')).toHaveLength(1);
    expect(hitsOf(household({ members: [member({ birthDate: bornAged(60, 1) })] }), 'elderly_special')).toEqual([]);
    // A spouse who has died leaves the person living alone.
    const widow = member({ birthDate: bornAged(70) });
    const late = member({ birthDate: bornAged(72), deathDate: '2025-01-10', deathSource: '公安' });
    const hits = hitsOf(household({ members: [widow, late] }), 'elderly_special');
    expect(hits.map((h) => h.memberId)).toEqual([widow.memberId]);
  });
  it('fires for a dependent person of 60+ without another adult (18 to under 80, not dependent)', () => {
    const dependent = member({ name: '刘老', birthDate: bornAged(70), selfCare: 'dependent' });
    const at17 = member({ birthDate: bornAged(18, 1) });
    const at18 = member({ birthDate: bornAged(18) });
    const at79 = member({ birthDate: bornAged(80, 1) });
    const at80 = member({ birthDate: bornAged(80) });
    const dependentAdult = member({ birthDate: bornAged(40), selfCare: 'dependent' });
    const of = (...others: MemberFacts[]) => hitsOf(household({ members: [dependent, ...others] }), 'elderly_special')
      .filter((h) => h.memberId === dependent.memberId);
    expect(of(at17)[0]?.reasons).toEqual(['刘老，70 周岁', '失能，家中无其他 18 至 79 周岁、未失能的成年人']);
    expect(of(at18)).toEqual([]);
    expect(of(at79)).toEqual([]);
    expect(of(at80)).toHaveLength(1);
    expect(of(dependentAdult)).toHaveLength(1);
    expect(hitsOf(household({ members: [{ ...dependent, birthDate: bornAged(59) }, at17] }), 'elderly_special')).toEqual([]);
  });
  it('lists every condition that holds', () => {
    const all = member({ name: '周老', birthDate: bornAged(85), selfCare: 'dependent', tags: ['living_alone'] });
    const [h] = hitsOf(household({ members: [all] }), 'elderly_special');
    expect(h?.reasons).toHaveLength(4);
  });
});

describe('child_guardianship', () => {
  it('fires for an orphan or de-facto unsupported child under 18 without a recorded guardian', () => {
    const orphan = member({ name: '小明', relation: 'grandchild', birthDate: bornAged(18, 1), tags: ['orphan'] });
    const [h] = hitsOf(household({ members: [member(), orphan] }), 'child_guardianship');
    expect(h?.memberId).toBe(orphan.memberId);
    expect(h?.reasons[0]).toBe('小明：17 周岁，孤儿，尚未登记监护人');
    expect(h?.trail.at(-1)?.text).toContain('民发〔2019〕62号');
    const unsupported = member({ birthDate: bornAged(6), tags: ['de_facto_unsupported'] });
    expect(hitsOf(household({ members: [unsupported] }), 'child_guardianship')[0]?.reasons[0]).toContain('事实无人抚养儿童');
  });
  it('does not fire at 18, with a guardian, without the tag, or for a deceased child', () => {
    const base = { birthDate: bornAged(10), tags: ['orphan' as const] };
    expect(hitsOf(household({ members: [member({ ...base, birthDate: bornAged(18) })] }), 'child_guardianship')).toEqual([]);
    expect(hitsOf(household({ members: [member({ ...base, guardianRecorded: true })] }), 'child_guardianship')).toEqual([]);
    expect(hitsOf(household({ members: [member({ ...base, tags: ['left_behind'] })] }), 'child_guardianship')).toEqual([]);
    const dead = member({ ...base, deathDate: '2025-06-01', deathSource: '公安' });
    expect(hitsOf(household({ members: [dead] }), 'child_guardianship')).toEqual([]);
  });
});

describe('dibao_review', () => {
  it('fires for a 低保 household at or above the standard, not 1 fen below', () => {
    const [h] = hitsOf(single(68000, { categories: [cat('dibao')] }), 'dibao_review');
    expect(h?.reasons[0]).toContain('已达到或超过本地农村低保标准 680.00 元');
    expect(h?.reasons[1]).toContain('渐退');
    expect(cited(h)).toEqual([['dibao_standard_rural_monthly', 68000]]);
    expect(hitsOf(single(67999, { categories: [cat('dibao')] }), 'dibao_review')).toEqual([]);
    expect(hitsOf(single(90000), 'dibao_review')).toEqual([]);
  });
  it('is skipped without a standard only for 低保 households', () => {
    const noStd = without('dibao_standard_rural_monthly');
    expect(evaluateHousehold(single(90000, { categories: [cat('dibao')] }), noStd, only('dibao_review')).skipped).toHaveLength(1);
    expect(evaluateHousehold(single(90000), noStd, only('dibao_review')).skipped).toEqual([]);
  });
});

describe('death_payment_check', () => {
  const dead = () => member({ name: '孙七', deathDate: '2025-03-02', deathSource: '殡葬' });
  it('fires for a deceased member while the household holds 低保 or 特困', () => {
    const d = dead();
    const [h] = hitsOf(household({ categories: [cat('dibao')], members: [member(), d] }), 'death_payment_check');
    expect(h?.memberId).toBe(d.memberId);
    expect(h?.reasons[0]).toBe('孙七 死亡日期 2025-03-02（来源：殡葬），家庭仍在享受低保');
    expect(hitsOf(household({ categories: [cat('tekun_dispersed')], members: [dead()] }), 'death_payment_check')).toHaveLength(1);
  });
  it('does not fire without 低保/特困 or for a death date after the evaluation date', () => {
    expect(hitsOf(household({ categories: [cat('marginal')], members: [dead()] }), 'death_payment_check')).toEqual([]);
    const later = member({ deathDate: '2025-06-16', deathSource: '公安' });
    expect(hitsOf(household({ categories: [cat('dibao')], members: [later] }), 'death_payment_check')).toEqual([]);
  });
  it('keeps a deceased member in the income per head until removed from the registry', () => {
    // One earner of 680.00 a month and one deceased member: 340.00 per head, below the standard.
    const facts = household({ members: [member({ yearlyIncomeFen: 68000 * 12 }), dead()] });
    const r = evaluateHousehold(facts, PARAMS, ALL);
    expect(r.figures).toMatchObject({ memberCount: 2, monthlyIncomePerHead: 34000 });
    expect(r.hits.map((h) => h.rule)).toEqual(['suspected_dibao']);
  });
});

describe('evaluateHousehold', () => {
  it('runs only enabled rules, in catalogue order, and returns hits that match the schema', () => {
    const facts = household({
      categories: [cat('dibao')],
      members: [member({ yearlyIncomeFen: 90000 * 12, birthDate: bornAged(81) }), member({ deathDate: '2025-01-01', deathSource: '殡葬' })],
    });
    const all = evaluateHousehold(facts, PARAMS, ALL);
    expect(all.hits.map((h) => h.rule)).toEqual(['elderly_special', 'death_payment_check']);
    for (const h of all.hits) expect(RuleHit.parse(h)).toEqual(h);
    expect(evaluateHousehold(facts, PARAMS, only('death_payment_check')).hits.map((h) => h.rule)).toEqual(['death_payment_check']);
    expect(evaluateHousehold(facts, PARAMS, new Set()).hits).toEqual([]);
  });
  it('every trail ends with the clause the rule rests on', () => {
    const facts = single(10000, { members: [member({ birthDate: bornAged(90) })] });
    for (const h of evaluateHousehold(facts, PARAMS, ALL).hits) expect(h.trail.at(-1)?.text).toMatch(/^依据：/);
  });
});

describe('rule switches', () => {
  const s = (regionCode: string, rule: RuleKind, enabled: boolean): RuleSetting => ({ regionCode, rule, enabled });
  it('are on by default', () => {
    expect(enabledRulesFor([], VILLAGE)).toEqual(ALL);
    expect(effectiveRuleSettings([], VILLAGE).every((e) => e.enabled && e.fromRegionCode === null)).toBe(true);
  });
  it('take the nearest setting on the region or an ancestor', () => {
    const settings = [
      s(PROVINCE, 'elderly_special', false),
      s(COUNTY, 'elderly_special', true),
      s(PROVINCE, 'child_guardianship', false),
      s('510132000000', 'dibao_review', false),
    ];
    const here = enabledRulesFor(settings, VILLAGE);
    expect(here.has('elderly_special')).toBe(true);
    expect(here.has('child_guardianship')).toBe(false);
    expect(here.has('dibao_review')).toBe(true);
    expect(enabledRulesFor(settings, '510132101001').has('elderly_special')).toBe(false);
    expect(effectiveRuleSettings(settings, VILLAGE).find((e) => e.rule === 'elderly_special')?.fromRegionCode).toBe(COUNTY);
    expect(enabledRulesFor([...settings, s(VILLAGE, 'elderly_special', false)], VILLAGE).has('elderly_special')).toBe(false);
  });
});

describe('nextRecheckDate', () => {
  const AGES = [18, 60, 80];
  const rules = (facts: HouseholdFacts) => evaluateHousehold(facts, PARAMS, ALL).hits.map((h) => h.key);

  it('is the day a member reaches a rule age, counting 29 February birthdays from 1 March as ageOn does', () => {
    const facts = household({ members: [member({ birthDate: '1946-02-28' }), member({ relation: 'spouse', birthDate: '1948-02-29' })] });
    expect(nextRecheckDate(facts, [], AGES)).toBe('2026-02-28');
    const later = { ...facts, members: [facts.members[1]!, member({ birthDate: '1980-01-01' })] };
    expect(nextRecheckDate(later, [], AGES)).toBe('2028-02-29');
    const common = { ...later, asOf: '2028-03-01', members: [member({ birthDate: '1968-02-29' }), member({ birthDate: '1980-01-01' })] };
    // 60 years after 1968-02-29 is 2028-02-29; the next rule age (80) is reached on 2048-02-29.
    expect(nextRecheckDate(common, [], AGES)).toBe('2040-01-01');
    const leapling = household({ asOf: '2026-01-01', members: [member({ birthDate: '2008-02-29' })] });
    expect(nextRecheckDate(leapling, [], AGES)).toBe('2026-03-01');
  });

  it('the evaluation is the same on every day before it and changes on it', () => {
    const facts = household({ members: [member({ birthDate: '1946-03-01' }), member({ relation: 'spouse', birthDate: '1950-05-05' })] });
    const next = nextRecheckDate({ ...facts, asOf: '2026-01-01' }, [], AGES)!;
    expect(next).toBe('2026-03-01');
    expect(rules({ ...facts, asOf: '2026-02-28' })).toEqual(rules({ ...facts, asOf: '2026-01-01' }));
    expect(rules({ ...facts, asOf: next })).not.toEqual(rules({ ...facts, asOf: '2026-02-28' }));
  });

  it('counts spending facts entering and leaving the 12-month window, category periods and death dates', () => {
    const base = household({ members: [member({ birthDate: '1980-01-01' })] });
    expect(nextRecheckDate(base, ['2024-08-01'], AGES)).toBe('2025-08-01');
    expect(nextRecheckDate(base, ['2024-08-01', '2025-07-20'], AGES)).toBe('2025-07-20');
    expect(nextRecheckDate(base, ['2024-06-15'], AGES)).toBe('2040-01-01');
    expect(nextRecheckDate({ ...base, categories: [cat('dibao', { endDate: '2025-06-30' })] }, [], AGES)).toBe('2025-07-01');
    expect(nextRecheckDate({ ...base, categories: [cat('marginal', { startDate: '2025-09-01' })] }, [], AGES)).toBe('2025-09-01');
    const dying = { ...base, members: [member({ birthDate: '1980-01-01', deathDate: '2025-10-01' })] };
    expect(nextRecheckDate(dying, [], AGES)).toBe('2025-10-01');
    const dead = { ...base, members: [member({ birthDate: '1966-01-01', deathDate: '2025-01-01' })] };
    expect(nextRecheckDate(dead, [], AGES)).toBeNull();
  });
});
