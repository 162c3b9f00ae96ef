import { describe, expect, test } from 'vitest';
import {
  assessChild, assessElderly, cadenceDays, isoWeek, periodOf, periodUnitFor, previousPeriod, responseMinutes, riskTransition, shiftDate,
  visitRate, type ElderlyFacts,
} from './care.js';
import type { PolicyParameter } from './policy.js';

const base: ElderlyFacts = {
  age: 70, selfCare: 'independent', disabilityGrade: null, health: 'healthy', tags: [], householdSize: 3, allElderlyHousehold: false, categories: [],
};
const assess = (over: Partial<ElderlyFacts>, threshold = 80) => assessElderly({ ...base, ...over }, threshold);

describe('elderly identification and tiers', () => {
  test('under 60 is never identified, 60 is', () => {
    expect(assess({ age: 59, selfCare: 'dependent' })).toBeNull();
    expect(assess({ age: 60, selfCare: 'dependent' })?.tier).toBe('high');
  });

  test('no factor: not identified; economic difficulty alone is not a factor', () => {
    expect(assess({})).toBeNull();
    expect(assess({ categories: ['dibao'] })).toBeNull();
  });

  test('高龄 at the threshold boundary', () => {
    expect(assess({ age: 79 })).toBeNull();
    expect(assess({ age: 80 })).toEqual({ tier: 'general', reasons: ['高龄（80岁）'] });
    expect(assess({ age: 75 }, 75)?.reasons).toEqual(['高龄（75岁）']);
  });

  test('living alone: from the tag or a one-person household; alone and old is high risk', () => {
    expect(assess({ householdSize: 1 })).toEqual({ tier: 'key', reasons: ['独居'] });
    expect(assess({ tags: ['living_alone'] })?.tier).toBe('key');
    expect(assess({ householdSize: 1, age: 79 })?.tier).toBe('key');
    expect(assess({ householdSize: 1, age: 80 })?.tier).toBe('high');
    expect(assess({ householdSize: 1, selfCare: 'semi' })?.tier).toBe('high');
    expect(assess({ householdSize: 1, health: 'serious' })?.tier).toBe('high');
  });

  test('empty nest: a household of only elderly people; with 高龄 it is key', () => {
    expect(assess({ householdSize: 2, allElderlyHousehold: true })).toEqual({ tier: 'general', reasons: ['空巢'] });
    expect(assess({ householdSize: 2, allElderlyHousehold: true, age: 85 })?.tier).toBe('key');
    expect(assess({ tags: ['empty_nest'] })?.reasons).toEqual(['空巢']);
  });

  test('失能 is high, 半失能 key', () => {
    expect(assess({ selfCare: 'dependent' })).toEqual({ tier: 'high', reasons: ['失能'] });
    expect(assess({ selfCare: 'semi' })).toEqual({ tier: 'key', reasons: ['半失能'] });
  });

  test('severe disability grade 1–2 is high; grade 3 and 4 general', () => {
    expect(assess({ disabilityGrade: 1 })?.tier).toBe('high');
    expect(assess({ disabilityGrade: 2 })).toEqual({ tier: 'high', reasons: ['重度残疾（二级）'] });
    expect(assess({ disabilityGrade: 3 })).toEqual({ tier: 'general', reasons: ['残疾（三级）'] });
    expect(assess({ disabilityGrade: 4 })?.tier).toBe('general');
  });

  test('family-planning special family and economic difficulty raise to key', () => {
    expect(assess({ tags: ['family_planning_special'] })?.tier).toBe('key');
    expect(assess({ disabilityGrade: 3, categories: ['tekun_dispersed'] })).toEqual({ tier: 'key', reasons: ['残疾（三级）', '经济困难（特困供养）'] });
  });
});

describe('children in difficulty', () => {
  const child = { age: 10, tags: [] as string[], disabilityGrade: null, health: 'healthy', categories: [] as string[] };
  test('17 is a child, 18 is not', () => {
    expect(assessChild({ ...child, age: 17, tags: ['orphan'] })?.categories).toEqual(['orphan']);
    expect(assessChild({ ...child, age: 18, tags: ['orphan'] })).toBeNull();
  });
  test('categories from tags, hardship and HIV flag', () => {
    expect(assessChild(child)).toBeNull();
    expect(assessChild({ ...child, tags: ['left_behind', 'de_facto_unsupported'] })?.categories).toEqual(['de_facto_unsupported', 'left_behind']);
    expect(assessChild({ ...child, disabilityGrade: 2 })?.categories).toEqual(['difficulty']);
    expect(assessChild({ ...child, categories: ['dibao'] })?.reasons).toEqual(['家庭低保或特困']);
    expect(assessChild({ ...child, tags: ['hiv'] })).toEqual({ categories: ['difficulty'], hiv: true, reasons: ['艾滋病病毒感染/影响'] });
  });
});

describe('periods', () => {
  test('ISO weeks at year boundaries', () => {
    expect(isoWeek('2026-11-23')).toMatchObject({ key: '2026-W48', start: '2026-11-23', end: '2026-11-29' });
    expect(isoWeek('2026-11-29').key).toBe('2026-W48');
    expect(isoWeek('2026-11-30').key).toBe('2026-W49');
    expect(isoWeek('2027-01-01')).toMatchObject({ key: '2026-W53', end: '2027-01-03' });
    expect(isoWeek('2024-12-30')).toMatchObject({ key: '2025-W01', start: '2024-12-30' });
    expect(isoWeek('2021-01-03').key).toBe('2020-W53');
  });
  test('months and quarters, with their last day as the due date', () => {
    expect(periodOf('month', '2026-11-30')).toEqual({ key: '2026-11', start: '2026-11-01', end: '2026-11-30', unit: 'month' });
    expect(periodOf('month', '2028-02-01').end).toBe('2028-02-29');
    expect(periodOf('month', '2026-12-31').key).toBe('2026-12');
    expect(periodOf('quarter', '2026-09-30')).toMatchObject({ key: '2026-Q3', start: '2026-07-01', end: '2026-09-30' });
    expect(periodOf('quarter', '2026-10-01')).toMatchObject({ key: '2026-Q4', end: '2026-12-31' });
    expect(previousPeriod(periodOf('month', '2026-01-15')).key).toBe('2025-12');
    expect(previousPeriod(periodOf('quarter', '2026-01-15')).key).toBe('2025-Q4');
    expect(previousPeriod(isoWeek('2026-01-05')).key).toBe('2026-W01');
  });
  test('interval days → period unit', () => {
    expect([7, 8, 31, 32, 92, 93].map(periodUnitFor)).toEqual(['week', 'month', 'month', 'quarter', 'quarter', 'year']);
    expect(shiftDate('2026-12-31', 1)).toBe('2027-01-01');
  });
  test('cadence from parameters, defaults otherwise', () => {
    const p: PolicyParameter = { regionCode: '510131000000', key: 'elderly_visit_days_general', value: 30, validFrom: '2026-01-01', validTo: null, source: 't', demo: false };
    expect(cadenceDays([], 'high', '510131101200', '2026-11-23')).toBe(7);
    expect(cadenceDays([], 'key', '510131101200', '2026-11-23')).toBe(30);
    expect(cadenceDays([], 'general', '510131101200', '2026-11-23')).toBe(90);
    expect(cadenceDays([p], 'general', '510131101200', '2026-11-23')).toBe(30);
    expect(cadenceDays([p], 'general', '510132101200', '2026-11-23')).toBe(90);
    expect(cadenceDays([], 'child', '510131101200', '2026-11-23')).toBe(30);
  });
});

describe('rates, response time, risk ladder', () => {
  test('visit rate and response time', () => {
    expect(visitRate(0, 0)).toBeNull();
    expect(visitRate(4, 3)).toBe(0.75);
    expect(responseMinutes('2026-11-23T10:00:00Z', null)).toBeNull();
    expect(responseMinutes('2026-11-23T10:00:00Z', '2026-11-23T10:25:00Z')).toBe(25);
  });
  test('risk reports climb township → county, in order, by the right level', () => {
    expect(riskTransition('reported', 'receive', 4)).toEqual({ ok: true, to: 'township_received' });
    expect(riskTransition('reported', 'receive', 5).ok).toBe(false);
    expect(riskTransition('reported', 'escalate', 4).ok).toBe(false);
    expect(riskTransition('township_received', 'escalate', 4)).toEqual({ ok: true, to: 'county_reported' });
    expect(riskTransition('county_reported', 'resolve', 4).ok).toBe(false);
    expect(riskTransition('county_reported', 'resolve', 3)).toEqual({ ok: true, to: 'resolved' });
    expect(riskTransition('resolved', 'resolve', 3).ok).toBe(false);
  });
});
