import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canAccessRegion, jurisdictionRange } from './jurisdiction.js';
import { regionAncestry, regionLevel } from './region.js';

/** A well-formed 12-digit code at a random level, drawn from a small alphabet so that codes often share prefixes. */
const digit = fc.constantFrom('0', '1', '2', '5');
const nonZero3 = fc.constantFrom('001', '101', '102', '200');
const code = fc
  .record({
    province: fc.constantFrom('51', '50', '11'),
    city: fc.constantFrom('01', '02', '07'),
    county: fc.tuple(digit, fc.constantFrom('1', '2', '3')).map(([a, b]) => a + b),
    township: nonZero3,
    village: nonZero3,
    level: fc.integer({ min: 1, max: 5 }),
  })
  .map((r) => {
    const parts = [r.province, r.city, r.county, r.township, r.village];
    return parts.slice(0, r.level).join('').padEnd(12, '0');
  });

describe('jurisdiction predicate (property)', () => {
  it('agrees with ancestry: a record is visible iff the user region is one of its ancestors', () => {
    fc.assert(
      fc.property(code, code, (userRegion, recordRegion) => {
        const visible = canAccessRegion({ regionCode: userRegion }, recordRegion);
        expect(visible).toBe(regionAncestry(recordRegion).includes(userRegion));
      }),
      { numRuns: 5000 },
    );
  });
  it('agrees with the SQL range used for lists', () => {
    fc.assert(
      fc.property(code, code, (userRegion, recordRegion) => {
        const { low, high } = jurisdictionRange({ regionCode: userRegion });
        expect(recordRegion >= low && recordRegion <= high).toBe(canAccessRegion({ regionCode: userRegion }, recordRegion));
      }),
      { numRuns: 5000 },
    );
  });
  it('never lets a lower level see its parent or siblings', () => {
    fc.assert(
      fc.property(code, code, (a, b) => {
        if (a !== b && canAccessRegion({ regionCode: a }, b)) expect(regionLevel(b)).toBeGreaterThan(regionLevel(a));
      }),
      { numRuns: 2000 },
    );
  });
});
