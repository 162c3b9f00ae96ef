import { describe, expect, test } from 'vitest';
import type { HazardAction} from './hazards.js';
import {
  applyHazardAction, availableHazardActions, CARE_PLAN_ACTIONS_BY_STATUS, CARE_PLAN_STATUS, CarePlanAction, defaultChecklist,
  defaultHazardDeadline, HAZARD_ACTION, HAZARD_STATUS, INSPECTION_LIST, INSTITUTION_TYPE, isHazardOverdue, isReviewOverdue,
  isWarningActive, newHazardState, nextCarePlanStatus, weatherWarningLabel, type CarePlanState, type HazardActionInput, type HazardState,
  type HazardStatus,
} from './hazards.js';
import { DomainError } from './errors.js';

const at = '2026-11-23T02:00:00.000Z';
const input = (type: HazardAction, over: Partial<Record<string, unknown>> = {}): HazardActionInput => (
  type === 'start' ? { type, at }
    : type === 'rectify' ? { type, text: '已整改', actorId: 1, at, ...over } as HazardActionInput
      : { type, passed: true, note: '', actorId: 2, canVerify: true, at, ...over } as HazardActionInput);
const state = (status: HazardStatus, over: Partial<HazardState> = {}): HazardState => ({ ...newHazardState(), status, ...over });

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('hazard state machine', () => {
  const allowed: Record<HazardStatus, HazardAction[]> = {
    pending: ['start', 'rectify'], rectifying: ['rectify'], awaiting_verification: ['verify'], closed: [],
  };
  for (const status of HAZARD_STATUS.schema.options) {
    for (const action of HAZARD_ACTION.schema.options) {
      const ok = allowed[status].includes(action);
      test(`${status} + ${action} → ${ok ? 'allowed' : 'refused'}`, () => {
        const s = state(status, status === 'awaiting_verification' ? { rectifiedBy: 1 } : {});
        if (ok) expect(() => applyHazardAction(s, input(action))).not.toThrow();
        else {
          const e = refusal(() => applyHazardAction(s, input(action)));
          expect(e.code).toBe('CONFLICT');
          expect(e.message).toContain(HAZARD_STATUS.labels[status]);
        }
      });
    }
  }

  test('the full path and the way back', () => {
    let s = newHazardState();
    s = applyHazardAction(s, input('start'));
    expect(s.status).toBe('rectifying');
    s = applyHazardAction(s, input('rectify'));
    expect(s).toMatchObject({ status: 'awaiting_verification', rectifiedBy: 1, rectification: '已整改' });
    const back = applyHazardAction(s, input('verify', { passed: false, note: '仍有隐患' }));
    expect(back).toMatchObject({ status: 'rectifying', verifiedBy: 2, verificationNote: '仍有隐患', closedAt: null });
    const closed = applyHazardAction(s, input('verify'));
    expect(closed).toMatchObject({ status: 'closed', verifiedBy: 2, closedAt: at });
    expect(s.status).toBe('awaiting_verification');
  });

  test('verifier must hold hazards.verify and must not be the rectifier; a failed verification needs a reason', () => {
    const s = state('awaiting_verification', { rectifiedBy: 7 });
    expect(refusal(() => applyHazardAction(s, input('verify', { actorId: 7 }))).code).toBe('FORBIDDEN');
    expect(refusal(() => applyHazardAction(s, input('verify', { canVerify: false }))).code).toBe('FORBIDDEN');
    expect(refusal(() => applyHazardAction(s, input('verify', { passed: false, note: ' ' }))).code).toBe('VALIDATION');
    expect(refusal(() => applyHazardAction(state('rectifying'), input('rectify', { text: '' }))).code).toBe('VALIDATION');
  });

  test('available actions hide 验收 from the rectifier and from users without the permission', () => {
    const s = { status: 'awaiting_verification' as const, rectifiedBy: 7 };
    expect(availableHazardActions(s, { id: 7, canVerify: true, canWrite: true })).toEqual([]);
    expect(availableHazardActions(s, { id: 8, canVerify: false, canWrite: true })).toEqual([]);
    expect(availableHazardActions(s, { id: 8, canVerify: true, canWrite: false })).toEqual(['verify']);
    expect(availableHazardActions({ status: 'pending', rectifiedBy: null }, { id: 8, canVerify: true, canWrite: false })).toEqual([]);
  });
});

describe('deadlines and overdue', () => {
  test('deadline by severity: 重大 3 days, 较大 7 days, 一般 30 days', () => {
    expect(defaultHazardDeadline('serious', '2026-11-29')).toBe('2026-12-02');
    expect(defaultHazardDeadline('major', '2026-11-29')).toBe('2026-12-06');
    expect(defaultHazardDeadline('general', '2026-12-15')).toBe('2027-01-14');
  });
  test('overdue only after the deadline and while not closed', () => {
    expect(isHazardOverdue({ status: 'rectifying', deadline: '2026-11-20' }, '2026-11-20')).toBe(false);
    expect(isHazardOverdue({ status: 'rectifying', deadline: '2026-11-20' }, '2026-11-21')).toBe(true);
    expect(isHazardOverdue({ status: 'closed', deadline: '2026-11-20' }, '2026-11-21')).toBe(false);
    expect(isReviewOverdue({ status: 'active', reviewOn: '2026-11-20' }, '2026-11-21')).toBe(true);
    expect(isReviewOverdue({ status: 'closed', reviewOn: '2026-11-20' }, '2026-11-21')).toBe(false);
    expect(isReviewOverdue({ status: 'drafting', reviewOn: null }, '2026-11-21')).toBe(false);
  });
});

describe('checklists and weather', () => {
  test('every institution type gets items under all 五个清单, in the lists order, with unique keys', () => {
    for (const type of INSTITUTION_TYPE.schema.options) {
      const items = defaultChecklist(type);
      expect(new Set(items.map((i) => i.list))).toEqual(new Set(INSPECTION_LIST.schema.options));
      expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
      const order = items.map((i) => INSPECTION_LIST.schema.options.indexOf(i.list));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    expect(defaultChecklist('rescue_station').map((i) => i.key)).toEqual(expect.arrayContaining(['fire_facilities', 'heating', 'wiring', 'food', 'duty_watch', 'emergency_plan', 'night_patrol', 'admission_check']));
  });
  test('labels and activity', () => {
    expect(weatherWarningLabel('cold_wave', 'orange')).toBe('寒潮橙色预警');
    expect(isWarningActive({ startsOn: '2026-11-20', endsOn: '2026-11-23' }, '2026-11-23')).toBe(true);
    expect(isWarningActive({ startsOn: '2026-11-20', endsOn: '2026-11-23' }, '2026-11-24')).toBe(false);
  });
});

describe('一人一策 state machine', () => {
  const ready: CarePlanState = { status: 'drafting', measures: [{ what: '申请临时救助', responsible: '镇民政办', due: null, done: false }], responsibleName: '刘某', reviewOn: '2026-12-01' };
  for (const status of CARE_PLAN_STATUS.schema.options) {
    for (const action of CarePlanAction.options) {
      const ok = (CARE_PLAN_ACTIONS_BY_STATUS[status] as readonly string[]).includes(action);
      test(`${status} + ${action} → ${ok ? 'allowed' : 'refused'}`, () => {
        const run = () => nextCarePlanStatus({ ...ready, status }, action, '复核意见说明');
        if (ok) expect(run()).toBe({ edit: status, start: 'active', submit_review: 'review', reopen: 'active', close: 'closed' }[action]);
        else expect(refusal(run).code).toBe('CONFLICT');
      });
    }
  }
  test('开始实施 needs measures, a responsible person and a review date; 继续实施 and 结案 need a text', () => {
    expect(refusal(() => nextCarePlanStatus({ ...ready, measures: [] }, 'start')).extra.field).toBe('measures');
    expect(refusal(() => nextCarePlanStatus({ ...ready, responsibleName: ' ' }, 'start')).extra.field).toBe('responsibleName');
    expect(refusal(() => nextCarePlanStatus({ ...ready, reviewOn: null }, 'start')).extra.field).toBe('reviewOn');
    expect(refusal(() => nextCarePlanStatus({ ...ready, status: 'review' }, 'reopen', '')).code).toBe('VALIDATION');
    expect(refusal(() => nextCarePlanStatus({ ...ready, status: 'review' }, 'close', '')).code).toBe('VALIDATION');
  });
});
