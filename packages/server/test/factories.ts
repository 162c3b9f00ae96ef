import { idNumberCheckChar } from '@doudi/domain';

let seq = 100 + Math.floor(Math.random() * 400) * 2;
/** A valid GB 11643 ID number born on the given date (YYYYMMDD); odd sequence digit = male. The default area is
 * 新津区 (510132), which the demo county's generated people never use, so test people cannot collide with them. */
export function makeId(birth: string, male = true, area = '510132'): string {
  seq += 2;
  const body = `${area}${birth}${String(seq % 100).padStart(2, '0')}${male ? 1 : 2}`;
  return body + idNumberCheckChar(body);
}
