import { z } from 'zod';

/** GB 11643-1999 weights and check characters. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type IdNumberProblem = 'format' | 'check' | 'birthDate' | 'future';

export interface IdNumberInfo {
  idNumber: string;
  /** The 6-digit area code of registration (may be an old code no longer in the region table). */
  areaCode: string;
  birthDate: string;
  gender: 'male' | 'female';
}

export const ID_NUMBER_MESSAGES: Record<IdNumberProblem, string> = {
  format: '身份证号码应为18位，前17位为数字，最后一位为数字或X',
  check: '身份证号码校验位不正确，请核对',
  birthDate: '身份证号码中的出生日期不存在',
  future: '身份证号码中的出生日期晚于今天',
};

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

const fail = (problem: IdNumberProblem) => ({ ok: false as const, problem, message: ID_NUMBER_MESSAGES[problem] });

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** A real calendar date from 1900 on (arithmetic rather than a Date: the import checks 100,000 numbers at a time). */
const isRealDate = (y: number, m: number, d: number) =>
  y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!);

/** Today's UTC date as YYYY-MM-DD, formatted once per day rather than once per number. */
let utcDay = { from: 0, until: 0, text: '' };
function utcToday(): string {
  const now = Date.now();
  if (now < utcDay.from || now >= utcDay.until) {
    const d = new Date(now);
    const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    utcDay = { from, until: from + 86_400_000, text: d.toISOString().slice(0, 10) };
  }
  return utcDay.text;
}

/**
 * Parses an 18-character resident ID number: format, check character, a real birth date not after `today`,
 * and the gender from the sequence digit (odd = male). A lower-case x is accepted and normalised.
 */
export function parseIdNumber(
  raw: string,
  today?: string,
): { ok: true; value: IdNumberInfo } | { ok: false; problem: IdNumberProblem; message: string } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return fail('format');
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!isRealDate(y, m, d)) return fail('birthDate');
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > (today ?? utcToday())) return fail('future');
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return fail('check');
  return {
    ok: true,
    value: { idNumber: id, areaCode: id.slice(0, 6), birthDate, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' },
  };
}

/** A zod schema for an ID number field: normalised to upper case, with the Chinese message of the first problem. */
export const IdNumber = z.string().transform((v, ctx) => {
  const r = parseIdNumber(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value.idNumber;
});
export type IdNumber = z.infer<typeof IdNumber>;
