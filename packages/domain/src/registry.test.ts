import { describe, expect, test } from 'vitest';
import { idNumberCheckChar } from './idNumber.js';
import {
  activeCategories, CreateHouseholdRequest, describeRegistryValue, householdYearlyIncome, incomeBand, MemberInput, MemberUpdate,
  summaryTableEntry, UpdateHouseholdRequest,
} from './registry.js';

const id = (body17: string) => body17 + idNumberCheckChar(body17);

describe('registry rules', () => {
  test('income per head against the standard: below, marginal band, above (edge = multiplier × standard)', () => {
    expect(incomeBand(67999, 68000, 1.5)).toBe('below_standard');
    expect(incomeBand(68000, 68000, 1.5)).toBe('marginal');
    expect(incomeBand(101999, 68000, 1.5)).toBe('marginal');
    expect(incomeBand(102000, 68000, 1.5)).toBe('above');
    expect(householdYearlyIncome([{ yearlyIncome: 480000, pension: 0 }, { yearlyIncome: 100000, pension: 120000 }])).toBe(700000);
  });

  test('附件3: strictly between the standard and 1.5×, not 低保/特困; 困难类型 by category', () => {
    const entry = (income: number, cats: Parameters<typeof summaryTableEntry>[0]['activeCategories']) =>
      summaryTableEntry({ monthlyIncomePerHead: income, activeCategories: cats }, 68000, 1.5);
    expect(entry(68000, [])).toMatchObject({ included: false });
    expect(entry(68001, [])).toEqual({ included: true, difficultyType: '低保边缘户' });
    expect(entry(101999, ['monitoring'])).toEqual({ included: true, difficultyType: '易致贫返贫户' });
    expect(entry(90000, ['rigid_expense'])).toEqual({ included: true, difficultyType: '支出型困难户' });
    expect(entry(102000, [])).toMatchObject({ included: false });
    expect(entry(90000, ['dibao'])).toMatchObject({ included: false, reason: '已纳入低保或特困' });
    expect(entry(90000, ['tekun_dispersed'])).toMatchObject({ included: false });
  });

  test('categories in force on a date', () => {
    const cats = [
      { kind: 'dibao' as const, startDate: '2020-01-01', endDate: '2025-12-31', status: 'active' as const },
      { kind: 'marginal' as const, startDate: '2026-01-01', endDate: null, status: 'active' as const },
      { kind: 'monitoring' as const, startDate: '2026-01-01', endDate: null, status: 'ended' as const },
    ];
    expect(activeCategories(cats, '2026-06-01')).toEqual(['marginal']);
    expect(activeCategories(cats, '2025-06-01')).toEqual(['dibao']);
  });

  test('a member takes gender and birth date from the ID number, and a wrong one is named', () => {
    const m = MemberInput.parse({ name: '张三', relation: 'head', idNumber: '11010519491231002x' });
    expect(m).toMatchObject({ idNumber: '11010519491231002X', gender: 'female', birthDate: '1949-12-31', health: 'healthy' });
    const bad = MemberInput.safeParse({ name: '张三', relation: 'head', idNumber: id('11010519491231001'), gender: 'female' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['gender']);
    const badCheck = MemberInput.safeParse({ name: '张三', relation: 'head', idNumber: '110105194912310021' });
    expect(badCheck.error!.issues[0]!.message).toContain('校验位');
    const grade = MemberInput.safeParse({ name: '张三', relation: 'head', idNumber: '11010519491231002X', disabilityType: 'physical' });
    expect(grade.error!.issues[0]!.message).toContain('同时填写');
  });

  test('a parsed member has every field of the schema, in the same order whatever was given', () => {
    const fields = Object.keys(MemberInput.in.shape);
    const bare = MemberInput.parse({ name: '张三', relation: 'head', idNumber: '11010519491231002X' });
    const full = MemberInput.parse({
      phone: '13900000000', tags: ['living_alone'], idNumber: '11010519491231002X', relation: 'spouse', name: '李四', yearlyIncome: 120,
      gender: 'female', birthDate: '1949-12-31', disabilityType: 'physical', disabilityGrade: 2, pension: 30,
    });
    expect([...Object.keys(bare)].sort()).toEqual([...fields].sort());
    expect(Object.keys(full)).toEqual(Object.keys(bare));
  });

  test('partial updates carry only what was sent (no defaults overwrite stored values)', () => {
    expect(MemberUpdate.parse({ version: 3, yearlyIncome: 5 })).toEqual({ version: 3, yearlyIncome: 5 });
    expect(UpdateHouseholdRequest.parse({ version: 1, otherAssets: '农用车' })).toEqual({ version: 1, otherAssets: '农用车' });
  });

  test('a household has exactly one head and no repeated ID number', () => {
    const base = { regionCode: '510131101200', urbanRural: 'rural', hukouAddress: '东岳村', residenceAddress: '东岳村' } as const;
    const a = id('51013119600101001');
    expect(CreateHouseholdRequest.safeParse({ ...base, members: [{ name: '甲', relation: 'spouse', idNumber: a }] }).error!.issues[0]!.message).toBe('请指定户主');
    const twice = CreateHouseholdRequest.safeParse({ ...base, members: [{ name: '甲', relation: 'head', idNumber: a }, { name: '乙', relation: 'son', idNumber: a }] });
    expect(twice.error!.issues[0]!.message).toContain('第1名成员');
  });

  test('values read as on the household page', () => {
    expect(describeRegistryValue('yearlyIncome', 123456)).toBe('1234.56元');
    expect(describeRegistryValue('povertyReasons', ['illness', 'land_loss'])).toBe('疾病、失地');
    expect(describeRegistryValue('tags', [])).toBeNull();
  });
});
