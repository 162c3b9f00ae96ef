import { z } from 'zod';
import { shiftDate } from './care.js';

/**
 * The working-day calendar: Monday to Friday, except the public holidays, plus the weekend days worked in their place
 * (调休上班日), as the State Council's yearly notice (国务院办公厅关于 YYYY 年部分节假日安排的通知) sets them. Deadlines
 * counted in working days (a lead's contact within 3 working days …) use it. A year whose notice has not been entered
 * counts Monday to Friday only; `calendarCovers` tells the screens to say so.
 */

export const CalendarDayKind = z.enum(['holiday', 'workday']);
export type CalendarDayKind = z.infer<typeof CalendarDayKind>;

export const CalendarDay = z.object({
  date: z.iso.date('日期格式应为YYYY-MM-DD'),
  kind: CalendarDayKind,
  /** The holiday it belongs to: 春节, 国庆节 … */
  name: z.string().trim().min(1, '请填写节日名称').max(20, '节日名称不超过20字'),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarYearView = z.object({
  year: z.number().int(),
  source: z.string().nullable(),
  days: z.array(CalendarDay.extend({ weekday: z.string() })),
  updatedAt: z.string().nullable(),
  /** Who last entered it; null for the years shipped with the system. */
  updatedBy: z.string().nullable(),
});
export type CalendarYearView = z.infer<typeof CalendarYearView>;

export const SaveCalendarYearRequest = z.object({
  source: z.string().trim().min(1, '请填写依据（通知文号）').max(100, '依据不超过100字'),
  days: z.array(CalendarDay).min(1, '请至少填写一天').max(80, '一年不超过80天'),
});
export type SaveCalendarYearRequest = z.infer<typeof SaveCalendarYearRequest>;

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const weekdayIndex = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
export const weekdayName = (date: string): string => WEEKDAYS[weekdayIndex(date)]!;
const isWeekend = (date: string) => weekdayIndex(date) === 0 || weekdayIndex(date) === 6;

/**
 * Checks a year's days: each inside the year and listed once; a holiday on a weekday or weekend alike, but a 调休上班日
 * only on a Saturday or Sunday (a weekday is a working day already). Returns the problems in Chinese, naming the row.
 */
export function calendarYearProblems(year: number, days: readonly CalendarDay[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const seen = new Map<string, number>();
  days.forEach((d, i) => {
    const row = `第 ${i + 1} 行（${d.date}）`;
    if (!d.date.startsWith(`${year}-`)) problems.push({ path: `days.${i}.date`, message: `${row}不在 ${year} 年内` });
    const prev = seen.get(d.date);
    if (prev !== undefined) problems.push({ path: `days.${i}.date`, message: `${row}与第 ${prev + 1} 行重复` });
    else seen.set(d.date, i);
    if (d.kind === 'workday' && !isWeekend(d.date)) {
      problems.push({ path: `days.${i}.kind`, message: `${row}是${weekdayName(d.date)}，本来就是工作日，不能设为调休上班日` });
    }
  });
  return problems;
}

/** The days that differ from Monday–Friday, by date. */
export interface WorkCalendar {
  readonly days: ReadonlyMap<string, CalendarDayKind>;
  /** Years whose notice has been entered. */
  readonly years: ReadonlySet<number>;
}

export const EMPTY_CALENDAR: WorkCalendar = { days: new Map(), years: new Set() };

export function workCalendar(days: readonly { date: string; kind: CalendarDayKind }[]): WorkCalendar {
  return {
    days: new Map(days.map((d) => [d.date, d.kind])),
    years: new Set(days.map((d) => Number(d.date.slice(0, 4)))),
  };
}

export function isWorkingDay(date: string, calendar: WorkCalendar = EMPTY_CALENDAR): boolean {
  const kind = calendar.days.get(date);
  if (kind === 'holiday') return false;
  if (kind === 'workday') return true;
  return !isWeekend(date);
}

/** Whether the calendar has the notice of every year from `from` to `to` (China dates). */
export function calendarCovers(calendar: WorkCalendar, from: string, to: string): boolean {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!calendar.years.has(y)) return false;
  return true;
}

/**
 * The date `n` working days after `date` (`n` = 0 is the date itself): public holidays are skipped and 调休上班日
 * counted, as the calendar says; without a calendar, Monday to Friday.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkCalendar = EMPTY_CALENDAR): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`working days must be a whole number ≥ 0: ${n}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`invalid date: ${date}`);
  let d = date;
  for (let left = n; left > 0;) {
    d = shiftDate(d, 1);
    if (isWorkingDay(d, calendar)) left--;
  }
  return d;
}

/** One holiday as the notice states it: the days off (one or more runs of dates) and the weekend days worked. */
export interface Festival {
  name: string;
  off: { from: string; to: string; days: number }[];
  worked: string[];
}

/** A year's days grouped by holiday, in the order of each holiday's first day off, as the notice reads. */
export function festivalsOf(days: readonly CalendarDay[]): Festival[] {
  const byName = new Map<string, Festival>();
  for (const d of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    let f = byName.get(d.name);
    if (!f) byName.set(d.name, (f = { name: d.name, off: [], worked: [] }));
    if (d.kind === 'workday') {
      f.worked.push(d.date);
      continue;
    }
    const last = f.off[f.off.length - 1];
    if (last && shiftDate(last.to, 1) === d.date) {
      last.to = d.date;
      last.days++;
    } else {
      f.off.push({ from: d.date, to: d.date, days: 1 });
    }
  }
  const first = (f: Festival) => f.off[0]?.from ?? f.worked[0] ?? '';
  return [...byName.values()].sort((a, b) => first(a).localeCompare(first(b)));
}

/** The days of holidays entered as the notice gives them (a run of days off and the days worked). */
export function daysOfFestivals(festivals: readonly { name: string; from: string; to: string; worked: readonly string[] }[]): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (const f of festivals) {
    for (let d = f.from; d <= f.to; d = shiftDate(d, 1)) days.push({ date: d, kind: 'holiday', name: f.name });
    for (const w of f.worked) days.push({ date: w, kind: 'workday', name: f.name });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}
