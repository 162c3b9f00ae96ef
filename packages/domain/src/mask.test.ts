import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from './mask.js';

describe('masking', () => {
  it('keeps the area code and the last four of an ID number', () => {
    expect(maskIdNumber('51010419900101123X')).toBe('510104********123X');
  });
  it('keeps the first three and last four digits of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
