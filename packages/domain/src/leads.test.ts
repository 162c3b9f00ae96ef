import { describe, expect, it } from 'vitest';
import { addWorkingDays } from './calendar.js';
import { DomainError } from './errors.js';
import {
  applyLeadAction, AssignLeadRequest, AVAILABLE_ACTIONS_BY_STATUS, chinaDate, CloseLeadRequest, ContactLeadRequest,
  CreateLeadRequest, isOverdue, LEAD_ACTION, LEAD_STATUS, LeadAction, leadDeadline, LeadQuery, LeadStatus, newLeadState, OutcomeLeadRequest,
  type ContactRecord, type LeadActionInput, type LeadState,
} from './leads.js';
import type { PolicyParameter } from './policy.js';

const AT = '2025-06-13T02:00:00.000Z';
const willing: ContactRecord = { method: 'visit', policyExplained: true, willing: true, ableToApplyAlone: false, note: '' };
const unwilling: ContactRecord = { ...willing, method: 'phone', willing: false };

const sample: Record<LeadAction, LeadActionInput> = {
  assign: { type: 'assign', assigneeId: 2 },
  reassign: { type: 'reassign', assigneeId: 3 },
  contact: { type: 'contact', contact: willing, at: AT },
  outcome: { type: 'outcome', outcome: 'ineligible', note: '家庭收入超过标准', at: AT },
  close: { type: 'close', summary: '已告知政策，办结', at: AT },
};

/** A lead brought to a status by the allowed path. */
function leadIn(status: LeadStatus): LeadState {
  let s = newLeadState();
  if (status === 'pending') return s;
  s = applyLeadAction(s, sample.assign);
  if (status === 'assigned') return s;
  s = applyLeadAction(s, { type: 'contact', contact: status === 'refused' ? unwilling : willing, at: AT });
  if (status === 'contacted') return s;
  const outcome = status === 'closed' ? 'ineligible' : status;
  s = applyLeadAction(s, { type: 'outcome', outcome, note: '情况说明', department: '县医保局', at: AT });
  if (status !== 'closed') return s;
  return applyLeadAction(s, sample.close);
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('lead workflow', () => {
  it('walks pending → assigned → contacted → outcome → closed', () => {
    let s = newLeadState();
    s = applyLeadAction(s, sample.assign);
    expect(s).toMatchObject({ status: 'assigned', assigneeId: 2 });
    s = applyLeadAction(s, sample.contact);
    expect(s).toMatchObject({ status: 'contacted', contact: willing, contactedAt: AT });
    s = applyLeadAction(s, { type: 'outcome', outcome: 'helped_apply', note: '已协助递交低保申请', at: AT });
    expect(s).toMatchObject({ status: 'helped_apply', outcome: { outcome: 'helped_apply', department: null } });
    s = applyLeadAction(s, sample.close);
    expect(s).toMatchObject({ status: 'closed', closeSummary: '已告知政策，办结', closedAt: AT });
  });
  it('reassigns while assigned or contacted without changing the status', () => {
    for (const status of ['assigned', 'contacted'] as const) {
      const s = applyLeadAction(leadIn(status), sample.reassign);
      expect(s).toMatchObject({ status, assigneeId: 3 });
    }
    expect(refusal(() => applyLeadAction(leadIn('assigned'), { type: 'reassign', assigneeId: 2 })).code).toBe('VALIDATION');
  });
  it('does not mutate the state it is given', () => {
    const s = leadIn('assigned');
    const copy = JSON.parse(JSON.stringify(s)) as LeadState;
    applyLeadAction(s, sample.contact);
    expect(s).toEqual(copy);
  });
  it('refuses every action not in the table with a 409 naming the status and the allowed actions', () => {
    let refused = 0;
    for (const status of LeadStatus.options) {
      const allowed = AVAILABLE_ACTIONS_BY_STATUS[status] as readonly LeadAction[];
      for (const action of LeadAction.options) {
        if (allowed.includes(action)) {
          expect(() => applyLeadAction(leadIn(status), sample[action])).not.toThrow();
          continue;
        }
        const e = refusal(() => applyLeadAction(leadIn(status), sample[action]));
        refused++;
        expect(e.code).toBe('CONFLICT');
        expect(e.status).toBe(409);
        expect(e.message).toContain(`线索当前状态为“${LEAD_STATUS.labels[status]}”`);
        for (const a of allowed) expect(e.message).toContain(LEAD_ACTION.labels[a]);
        expect(e.extra.details).toEqual({ status, action, allowed });
      }
    }
    expect(refused).toBe(LeadStatus.options.length * LeadAction.options.length - 9);
    expect(refusal(() => applyLeadAction(leadIn('assigned'), sample.close)).message)
      .toBe('线索当前状态为“已分派”，不能办结；可进行的操作：记录联系、改派');
    expect(refusal(() => applyLeadAction(leadIn('closed'), sample.close)).message).toBe('线索当前状态为“已办结”，不能办结；不能再进行操作');
  });
  it('ties the outcome to what the contact recorded', () => {
    expect(refusal(() => applyLeadAction(leadIn('contacted'), { type: 'outcome', outcome: 'refused', note: '不愿意', at: AT })).message)
      .toContain('不能登记为“本人拒绝”');
    const unwillingLead = applyLeadAction(leadIn('assigned'), { type: 'contact', contact: unwilling, at: AT });
    expect(refusal(() => applyLeadAction(unwillingLead, { type: 'outcome', outcome: 'helped_apply', note: '协助', at: AT })).extra.field)
      .toBe('outcome');
    expect(applyLeadAction(unwillingLead, { type: 'outcome', outcome: 'refused', note: '本人表示暂不申请', at: AT }).status).toBe('refused');
    expect(refusal(() => applyLeadAction(leadIn('contacted'), { type: 'outcome', outcome: 'referred', note: '转医保', department: ' ', at: AT })).extra.field)
      .toBe('department');
    expect(applyLeadAction(leadIn('contacted'), { type: 'outcome', outcome: 'referred', note: '转医保', department: '县医保局', at: AT }).outcome)
      .toEqual({ outcome: 'referred', note: '转医保', department: '县医保局' });
  });
  it('refuses a contact where the policy was not explained', () => {
    const bad = { ...willing, policyExplained: false } as unknown as ContactRecord;
    const e = refusal(() => applyLeadAction(leadIn('assigned'), { type: 'contact', contact: bad, at: AT }));
    expect(e).toMatchObject({ code: 'VALIDATION', message: '请向当事人讲解救助政策后再登记联系' });
  });
});

describe('lead requests', () => {
  const first = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) => r.error?.issues[0];
  it('creates a lead in a township or village only', () => {
    const base = { source: 'hotline', personName: '王某', description: '老人独居无人照料', phone: '13812345678' };
    expect(CreateLeadRequest.safeParse({ ...base, regionCode: '510131101200' }).success).toBe(true);
    expect(CreateLeadRequest.safeParse({ ...base, regionCode: '510131101000' }).success).toBe(true);
    expect(first(CreateLeadRequest.safeParse({ ...base, regionCode: '510131000000' }))?.message).toBe('线索所在地应为乡镇（街道）或村（社区）');
    expect(first(CreateLeadRequest.safeParse({ ...base, regionCode: '510131101200', personName: ' ' }))?.message).toBe('请填写当事人姓名');
    expect(first(CreateLeadRequest.safeParse({ ...base, regionCode: '510131101200', phone: '123' }))?.message).toBe('联系电话格式不正确');
  });
  it('asks for the assignee, the contact facts, the outcome note and department, and the summary in Chinese', () => {
    expect(first(AssignLeadRequest.safeParse({}))?.message).toBe('请选择承办人');
    expect(first(ContactLeadRequest.safeParse({ ...willing, policyExplained: false }))?.message).toBe('请向当事人讲解救助政策后再登记联系');
    expect(first(ContactLeadRequest.safeParse({ method: 'phone', policyExplained: true, ableToApplyAlone: true }))?.message).toBe('请选择当事人是否愿意申请');
    expect(ContactLeadRequest.parse({ method: 'visit', policyExplained: true, willing: true, ableToApplyAlone: true }).note).toBe('');
    expect(first(OutcomeLeadRequest.safeParse({ outcome: 'referred', note: '转介残联' }))).toMatchObject({ message: '请填写转介的部门', path: ['department'] });
    expect(OutcomeLeadRequest.safeParse({ outcome: 'referred', note: '转介残联', department: '县残联' }).success).toBe(true);
    expect(first(OutcomeLeadRequest.safeParse({ outcome: 'closed', note: '好' }))?.message).toBe('请选择处理结果');
    expect(first(CloseLeadRequest.safeParse({ summary: '' }))?.message).toBe('请填写办结说明');
  });
  it('reads boolean query flags as text', () => {
    expect(LeadQuery.parse({ overdue: 'false', assignedToMe: 'true' })).toMatchObject({ overdue: false, assignedToMe: true });
  });
});

describe('deadlines', () => {
  it('adds working days, skipping weekends', () => {
    expect(addWorkingDays('2025-06-13', 0)).toBe('2025-06-13'); // Friday
    expect(addWorkingDays('2025-06-13', 1)).toBe('2025-06-16'); // → Monday
    expect(addWorkingDays('2025-06-13', 3)).toBe('2025-06-18');
    expect(addWorkingDays('2025-06-14', 1)).toBe('2025-06-16'); // Saturday → Monday
    expect(addWorkingDays('2025-06-15', 5)).toBe('2025-06-20'); // Sunday → Friday
    expect(addWorkingDays('2025-06-09', 10)).toBe('2025-06-23');
    expect(addWorkingDays('2024-02-28', 2)).toBe('2024-03-01'); // leap day counted
    expect(() => addWorkingDays('2025-06-13', -1)).toThrow();
  });
  it('reads an instant as the date in China', () => {
    expect(chinaDate('2025-06-12T16:00:00Z')).toBe('2025-06-13');
    expect(chinaDate('2025-06-12T15:59:59Z')).toBe('2025-06-12');
  });
  const p = (key: PolicyParameter['key'], value: number, over: Partial<PolicyParameter> = {}): PolicyParameter => ({
    regionCode: '510000000000', key, value, validFrom: '2025-01-01', validTo: null, source: '川民发〔2025〕1号', demo: true, ...over,
  });
  const params = [p('lead_contact_days', 3), p('lead_handle_days', 10), p('lead_contact_days', 1, { regionCode: '510131000000' })];
  const clock = { regionCode: '510132101200', createdOn: '2025-06-13', contactedOn: null };
  it('gives the contact deadline until contacted, then the handling deadline, citing the parameter', () => {
    const d = leadDeadline({ ...clock, status: 'assigned' }, params);
    expect(d).toMatchObject({ step: 'contact', due: '2025-06-18', days: 3 });
    expect(d && 'trail' in d ? d.trail.parameter : null).toMatchObject({ key: 'lead_contact_days', value: 3, regionCode: '510000000000' });
    expect(leadDeadline({ ...clock, status: 'pending', regionCode: '510131101200' }, params)).toMatchObject({ due: '2025-06-16', days: 1 });
    expect(leadDeadline({ ...clock, status: 'contacted', contactedOn: '2025-06-16' }, params)).toMatchObject({ step: 'handle', due: '2025-06-30' });
    for (const status of ['helped_apply', 'ineligible', 'refused', 'referred', 'closed'] as const) {
      expect(leadDeadline({ ...clock, status }, params)).toBeNull();
    }
  });
  it('says which parameter is missing, and a parameter not yet in force is not used', () => {
    expect(leadDeadline({ ...clock, status: 'contacted', contactedOn: '2025-06-16' }, [p('lead_contact_days', 3)]))
      .toEqual({ step: 'handle', due: null, reason: '缺少参数：救助线索办理时限' });
    expect(leadDeadline({ ...clock, status: 'assigned' }, [p('lead_contact_days', 3, { validFrom: '2025-06-14' })]))
      .toMatchObject({ due: null });
  });
  it('is overdue only after the due date', () => {
    const d = leadDeadline({ ...clock, status: 'assigned' }, params);
    expect(isOverdue(d, '2025-06-18')).toBe(false);
    expect(isOverdue(d, '2025-06-19')).toBe(true);
    expect(isOverdue(null, '2030-01-01')).toBe(false);
    expect(isOverdue({ step: 'contact', due: null, reason: '缺少参数' }, '2030-01-01')).toBe(false);
  });
});
