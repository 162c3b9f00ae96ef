import { describe, expect, it } from 'vitest';
import { formatYuan, monthlyIncomePerHead, yuanToFen } from './money.js';
import { resolveParameter, type PolicyParameter } from './policy.js';

const p = (regionCode: string, value: number, validFrom: string, validTo: string | null = null): PolicyParameter => ({
  regionCode, key: 'dibao_standard_rural_monthly', value, validFrom, validTo, source: '演示', demo: true,
});

describe('dated policy parameters', () => {
  const params = [
    p('510000000000', 60000, '2023-01-01', '2023-12-31'),
    p('510000000000', 64000, '2024-01-01'),
    p('510131000000', 68000, '2024-07-01'),
  ];
  it('takes the most specific region in force on the date', () => {
    expect(resolveParameter(params, 'dibao_standard_rural_monthly', '510131101200', '2024-08-01')?.value).toBe(68000);
    expect(resolveParameter(params, 'dibao_standard_rural_monthly', '510131101200', '2024-06-30')?.value).toBe(64000);
    expect(resolveParameter(params, 'dibao_standard_rural_monthly', '510104000000', '2024-08-01')?.value).toBe(64000);
    expect(resolveParameter(params, 'dibao_standard_rural_monthly', '510131101200', '2023-12-31')?.value).toBe(60000);
    expect(resolveParameter(params, 'dibao_standard_rural_monthly', '500101000000', '2024-08-01')).toBeUndefined();
    expect(resolveParameter(params, 'marginal_multiplier', '510131101200', '2024-08-01')).toBeUndefined();
  });
});

describe('money in fen', () => {
  it('converts and formats without floating-point drift', () => {
    expect(yuanToFen(680.1)).toBe(68010);
    expect(formatYuan(1234567)).toBe('12,345.67');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(formatYuan(123456789012)).toBe('1,234,567,890.12');
    expect(formatYuan(99999)).toBe('999.99');
    expect(formatYuan(100000)).toBe('1,000.00');
    expect(monthlyIncomePerHead(yuanToFen(12000), 2)).toBe(50000);
    expect(() => monthlyIncomePerHead(100, 0)).toThrow();
  });
});
