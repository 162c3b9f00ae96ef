import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdNumber, idNumberCheckChar, parseIdNumber } from './idNumber.js';

const TODAY = '2026-11-23';

describe('GB 11643 ID numbers', () => {
  it('accepts a valid number and reads birth date and gender from it', () => {
    // 11010519491231002X is the standard's own example.
    const r = parseIdNumber('11010519491231002x', TODAY);
    expect(r).toEqual({ ok: true, value: { idNumber: '11010519491231002X', areaCode: '110105', birthDate: '1949-12-31', gender: 'female' } });
  });
  it('rejects a wrong check character, an impossible date, a future date and a bad format', () => {
    expect(parseIdNumber('110105194912310021', TODAY)).toMatchObject({ ok: false, problem: 'check' });
    expect(parseIdNumber(`51013119990230${'001'}${idNumberCheckChar('51013119990230001')}`, TODAY)).toMatchObject({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber(`51013120300101001${idNumberCheckChar('51013120300101001')}`, TODAY)).toMatchObject({ ok: false, problem: 'future' });
    expect(parseIdNumber('51013119900101', TODAY)).toMatchObject({ ok: false, problem: 'format' });
  });
  it('accepts every generated number with the right check character and rejects every other check character', () => {
    const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2026-11-22'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.stringMatching(/^[1-6]\d{5}$/), date, fc.integer({ min: 0, max: 999 }), (area, d, seq) => {
        const body = area + d.toISOString().slice(0, 10).replace(/-/g, '') + String(seq).padStart(3, '0');
        const check = idNumberCheckChar(body);
        const good = parseIdNumber(body + check, TODAY);
        expect(good.ok).toBe(true);
        if (good.ok) expect(good.value.gender).toBe(seq % 2 === 1 ? 'male' : 'female');
        for (const other of '0123456789X') if (other !== check) expect(parseIdNumber(body + other, TODAY).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
  it('knows the calendar: leap days, month lengths, no month 0 or 13, nothing before 1900', () => {
    const withDate = (ymd: string) => {
      const body = `510131${ymd}001`;
      return parseIdNumber(body + idNumberCheckChar(body), TODAY);
    };
    for (const ok of ['20000229', '20240229', '19000228', '19991231', '19000101', '20260131', '20260430']) expect(withDate(ok).ok, ok).toBe(true);
    for (const bad of ['19000229', '21000229', '20230229', '20260431', '20261301', '20260001', '20260100', '20260132', '18991231']) {
      expect(withDate(bad), bad).toMatchObject({ ok: false, problem: 'birthDate' });
    }
    // Every day of a century against the calendar of Date.
    for (let t = Date.UTC(1920, 0, 1); t < Date.UTC(2020, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const day = (n: number) => String(n).padStart(2, '0');
      expect(withDate(`${d.getUTCFullYear()}${day(d.getUTCMonth() + 1)}${day(d.getUTCDate())}`).ok).toBe(true);
      if (d.getUTCDate() >= 28 && new Date(t + 86_400_000).getUTCDate() === 1) {
        expect(withDate(`${d.getUTCFullYear()}${day(d.getUTCMonth() + 1)}${day(d.getUTCDate() + 1)}`).ok).toBe(false);
      }
    }
  });
  describe('without a given date, today is the clock\'s day, also when the clock moves back', () => {
    afterEach(() => vi.useRealTimers());
    it('is checked against the current day each time', () => {
      const body = '51013120250601001';
      const id = body + idNumberCheckChar(body);
      vi.useFakeTimers();
      vi.setSystemTime(new Date('2025-06-01T00:00:00Z'));
      expect(parseIdNumber(id).ok).toBe(true);
      vi.setSystemTime(new Date('2025-05-31T23:59:59Z'));
      expect(parseIdNumber(id)).toMatchObject({ ok: false, problem: 'future' });
      vi.setSystemTime(new Date('2025-06-01T00:00:00Z'));
      expect(parseIdNumber(id).ok).toBe(true);
      vi.setSystemTime(new Date('2024-01-01T12:00:00Z'));
      expect(parseIdNumber(id)).toMatchObject({ ok: false, problem: 'future' });
    });
  });
  it('gives a Chinese message through the zod schema', () => {
    const r = IdNumber.safeParse('110105194912310021');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/校验位/);
  });
});
