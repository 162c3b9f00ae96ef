/** How dates, times and region paths are written on screen. Times are always shown in Beijing time. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { RegionPathItem } from '@doudi/domain';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

/** 2026-01-15T02:03:04Z → 2026-01-15 10:03:04 */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD HH:mm:ss') : value;
}

/** A calendar date as the API expects it (YYYY-MM-DD). */
export function formatApiDate(value: dayjs.Dayjs): string {
  return value.format('YYYY-MM-DD');
}

/** 四川省 / 成都市 / 蒲江县 / 大塘镇 */
export function regionPathText(path: readonly Pick<RegionPathItem, 'name'>[]): string {
  return path.map((item) => item.name).join(' / ');
}
