import { describe, expect, it } from 'vitest';
import {
  padRegionCode, parentRegionCode, regionAncestorAt, regionAncestry, regionContains, regionLevel, regionPrefix, regionRange,
} from './region.js';

describe('region codes', () => {
  it('derives the level from the trailing zero groups', () => {
    expect(regionLevel('510000000000')).toBe(1);
    expect(regionLevel('510100000000')).toBe(2);
    expect(regionLevel('510131000000')).toBe(3);
    expect(regionLevel('510131101000')).toBe(4);
    expect(regionLevel('510131101200')).toBe(5);
    // 街道 codes start at 001: a township whose own three digits are 001 is still level 4.
    expect(regionLevel('510131001000')).toBe(4);
    expect(() => regionLevel('51013110120')).toThrow();
  });
  it('pads short national codes and finds parents', () => {
    expect(padRegionCode('510131101')).toBe('510131101000');
    expect(parentRegionCode('510131101200')).toBe('510131101000');
    expect(parentRegionCode('510131101000')).toBe('510131000000');
    expect(parentRegionCode('510100000000')).toBe('510000000000');
    expect(parentRegionCode('510000000000')).toBeNull();
    expect(regionAncestry('510131101200')).toEqual([
      '510000000000', '510100000000', '510131000000', '510131101000', '510131101200',
    ]);
    expect(regionAncestorAt('510131101200', 3)).toBe('510131000000');
    expect(regionAncestorAt('510131101200', 4)).toBe('510131101000');
    expect(regionAncestorAt('510131000000', 3)).toBe('510131000000');
  });
  it('contains exactly its own subtree', () => {
    expect(regionContains('510131000000', '510131101200')).toBe(true);
    expect(regionContains('510131101000', '510131101200')).toBe(true);
    expect(regionContains('510131101000', '510131103000')).toBe(false);
    expect(regionContains('510131101000', '510131000000')).toBe(false);
    expect(regionContains('510131101200', '510131101200')).toBe(true);
    expect(regionContains('510000000000', '500000000000')).toBe(false);
    expect(regionContains('510131000000', 'x')).toBe(false);
    expect(regionPrefix('510131000000')).toBe('510131');
    expect(regionRange('510131101000')).toEqual({ low: '510131101000', high: '510131101999' });
  });
});
