import { describe, expect, test } from 'vitest';
import { DomainError } from './errors.js';
import {
  centsToYuan, Checklist, checklistConcerns, coverageRate, parseYuanToCents, rollupReports, sniffImageType, VisitSyncRequest,
} from './visits.js';

const ok = { status: 'ok', note: '' };
const full = { clothing: ok, heating: ok, food: ok, electricity: ok, gas: ok, fire: ok, health: ok, needs: ok };
const base = { clientId: '7d3f8f0e-4a44-4a8e-9d44-2b1b8a3c9e11', householdId: 1, visitedAt: '2026-01-10T10:00:00+08:00', checklist: full };

describe('visit checklist', () => {
  test('every item must be answered', () => {
    const { needs: _, ...partial } = full;
    expect(Checklist.safeParse(partial).success).toBe(false);
    expect(Checklist.safeParse(full).success).toBe(true);
  });
  test('an answer the item does not accept is refused with the item named', () => {
    const r = Checklist.safeParse({ ...full, electricity: { status: 'short', note: '' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toContain('用电安全');
  });
  test('a problem needs a note', () => {
    const r = Checklist.safeParse({ ...full, gas: { status: 'problem', note: '' } });
    expect(r.error!.issues[0]!.path).toEqual(['gas', 'note']);
    expect(Checklist.safeParse({ ...full, gas: { status: 'problem', note: '燃气软管老化' } }).success).toBe(true);
    expect(checklistConcerns(Checklist.parse({ ...full, food: { status: 'short', note: '缺油' } }))).toEqual([
      { key: 'food', label: '米面油肉菜储备', answer: '不足', note: '缺油' },
    ]);
  });
});

describe('visit outcome', () => {
  test('normal needs no detail; the others need theirs', () => {
    expect(VisitSyncRequest.safeParse({ ...base, outcome: 'normal' }).success).toBe(true);
    for (const [outcome, label] of [['needs_help', '需要救助的事项'], ['hazard', '安全隐患描述'], ['complex', '存在的问题']] as const) {
      const r = VisitSyncRequest.safeParse({ ...base, outcome });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0]!.message).toContain(label);
      expect(VisitSyncRequest.safeParse({ ...base, outcome, outcomeDetail: '具体情况说明' }).success).toBe(true);
    }
  });
  test('a visit names a task, a household or a member', () => {
    const { householdId: _, ...none } = base;
    expect(VisitSyncRequest.safeParse({ ...none, outcome: 'normal' }).success).toBe(false);
    expect(VisitSyncRequest.safeParse({ ...none, taskId: 3, outcome: 'normal' }).success).toBe(true);
  });
  test('at most three photos, and the client id is a UUID', () => {
    const photo = { contentType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUg==' };
    expect(VisitSyncRequest.safeParse({ ...base, outcome: 'normal', photos: [photo, photo, photo, photo] }).success).toBe(false);
    expect(VisitSyncRequest.safeParse({ ...base, clientId: 'abc', outcome: 'normal' }).success).toBe(false);
  });
});

describe('慰问金 in yuan → cents', () => {
  test('parses yuan with up to two decimals', () => {
    expect(parseYuanToCents('200')).toBe(20000);
    expect(parseYuanToCents('200.5')).toBe(20050);
    expect(parseYuanToCents('0.07')).toBe(7);
    expect(parseYuanToCents('1,200.00')).toBe(120000);
    expect(parseYuanToCents('500元')).toBe(50000);
    expect(parseYuanToCents('')).toBe(0);
    // no floating point drift
    expect(parseYuanToCents('19.99')).toBe(1999);
    expect(parseYuanToCents('1.10')).toBe(110);
  });
  test('refuses more decimals, negatives, text and huge amounts with a Chinese message', () => {
    for (const bad of ['12.345', '-5', 'abc', '1e3', '100000.01']) {
      expect(() => parseYuanToCents(bad)).toThrow(DomainError);
    }
    expect(() => parseYuanToCents('12.345')).toThrow('最多两位小数');
    expect(() => parseYuanToCents('-5')).toThrow('不能为负数');
  });
  test('formats cents', () => {
    expect(centsToYuan(20050)).toBe('200.50');
    expect(centsToYuan(7)).toBe('0.07');
  });
});

describe('roll-ups and images', () => {
  test('coverage rate and report roll-up', () => {
    expect(coverageRate(1, 3)).toBe(33.3);
    expect(coverageRate(0, 0)).toBeNull();
    expect(rollupReports(['done', 'in_progress', null, 'not_started', 'done'])).toEqual({ done: 2, inProgress: 1, notStarted: 2 });
  });
  test('sniffs JPEG, PNG, WebP', () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('image/png');
    expect(sniffImageType(new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]))).toBe('image/webp');
    expect(sniffImageType(new Uint8Array([0x47, 0x49, 0x46]))).toBeNull();
  });
});
