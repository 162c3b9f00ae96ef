import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  it('gives a Chinese message through the zod schema', () => {
    const r = IdNumber.safeParse('110105194912310021');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/校验位/);
  });
});
