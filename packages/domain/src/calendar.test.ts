import { describe, expect, it } from 'vitest';
import {
  addWorkingDays, calendarCovers, calendarYearProblems, daysOfFestivals, festivalsOf, isWorkingDay, weekdayName, workCalendar, type CalendarDay,
} from './calendar.js';
import { leadDeadline } from './leads.js';
import type { PolicyParameter } from './policy.js';

const range = (from: string, to: string, name: string): CalendarDay[] => {
  const out: CalendarDay[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push({ date: d.toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return out;
};
// 国庆节、中秋节 2025 (国办发明电〔2024〕12号): 10月1日至8日放假调休，9月28日（周日）、10月11日（周六）上班.
const autumn2025 = [
  ...range('2025-10-01', '2025-10-08', '国庆节、中秋节'),
  { date: '2025-09-28', kind: 'workday', name: '国庆节、中秋节' },
  { date: '2025-10-11', kind: 'workday', name: '国庆节、中秋节' },
] satisfies CalendarDay[];
const cal = workCalendar(autumn2025);

describe('working-day calendar', () => {
  it('skips public holidays and counts the weekend days worked in their place', () => {
    expect(isWorkingDay('2025-10-03', cal)).toBe(false); // a Friday off
    expect(isWorkingDay('2025-09-28', cal)).toBe(true); // a Sunday worked
    expect(isWorkingDay('2025-10-12', cal)).toBe(false); // an ordinary Sunday
    expect(addWorkingDays('2025-09-26', 1, cal)).toBe('2025-09-28'); // Friday → the Sunday worked
    expect(addWorkingDays('2025-09-30', 1, cal)).toBe('2025-10-09'); // over the eight days off
    expect(addWorkingDays('2025-09-30', 3, cal)).toBe('2025-10-11'); // Thu 9, Fri 10, Sat 11 worked
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-03'); // without the calendar: weekends only
    expect(addWorkingDays('2025-10-05', 0, cal)).toBe('2025-10-05');
    expect(() => addWorkingDays('2025-10-05', -1, cal)).toThrow();
  });
  it('a lead created before the National Day holiday is due after it, and the trail says why', () => {
    const params: PolicyParameter[] = [{ regionCode: '510000000000', key: 'lead_contact_days', value: 3, validFrom: '2025-01-01', validTo: null, source: '演示', demo: true }];
    const d = leadDeadline({ status: 'pending', regionCode: '510131101200', createdOn: '2025-09-30', contactedOn: null }, params, cal);
    expect(d).toMatchObject({ due: '2025-10-11', days: 3 });
    expect(d && 'trail' in d ? d.trail.text : '').toContain('（已按节假日安排顺延）');
    const plain = leadDeadline({ status: 'pending', regionCode: '510131101200', createdOn: '2025-06-10', contactedOn: null }, params, cal);
    expect(plain && 'trail' in plain ? plain.trail.text : '').toBe('救助线索联系时限 3 个工作日，自 2025-06-10 起算');
    const noYear = leadDeadline({ status: 'pending', regionCode: '510131101200', createdOn: '2026-06-10', contactedOn: null }, params, cal);
    expect(noYear && 'trail' in noYear ? noYear.trail.text : '').toContain('（该年节假日安排未录入，仅扣除周末）');
  });
  it('knows which years it covers', () => {
    expect(calendarCovers(cal, '2025-01-02', '2025-12-30')).toBe(true);
    expect(calendarCovers(cal, '2025-12-30', '2026-01-05')).toBe(false);
  });
  it('checks a year: inside the year, once each, 调休上班 only on a weekend', () => {
    expect(calendarYearProblems(2025, autumn2025)).toEqual([]);
    expect(calendarYearProblems(2025, [
      { date: '2026-01-01', kind: 'holiday', name: '元旦' },
      { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2025-10-09', kind: 'workday', name: '国庆节' },
    ])).toEqual([
      { path: 'days.0.date', message: '第 1 行（2026-01-01）不在 2025 年内' },
      { path: 'days.2.date', message: '第 3 行（2025-10-01）与第 2 行重复' },
      { path: 'days.3.kind', message: '第 4 行（2025-10-09）是星期四，本来就是工作日，不能设为调休上班日' },
    ]);
    expect(weekdayName('2026-02-15')).toBe('星期日');
  });
});

describe('holidays as the notice states them', () => {
  it('groups days into runs off and days worked, and back', () => {
    const festivals = festivalsOf(autumn2025);
    expect(festivals).toEqual([{ name: '国庆节、中秋节', off: [{ from: '2025-10-01', to: '2025-10-08', days: 8 }], worked: ['2025-09-28', '2025-10-11'] }]);
    const back = daysOfFestivals([{ name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', worked: ['2025-09-28', '2025-10-11'] }]);
    expect(back).toEqual([...autumn2025].sort((a, b) => a.date.localeCompare(b.date)));
    expect(festivalsOf([
      { date: '2026-01-04', kind: 'workday', name: '元旦' }, { date: '2026-01-01', kind: 'holiday', name: '元旦' },
      { date: '2026-01-02', kind: 'holiday', name: '元旦' }, { date: '2026-01-03', kind: 'holiday', name: '元旦' },
      { date: '2026-02-15', kind: 'holiday', name: '春节' },
    ]).map((f) => [f.name, f.off.map((o) => `${o.from}…${o.to}/${o.days}`), f.worked])).toEqual([
      ['元旦', ['2026-01-01…2026-01-03/3'], ['2026-01-04']], ['春节', ['2026-02-15…2026-02-15/1'], []],
    ]);
  });
});
