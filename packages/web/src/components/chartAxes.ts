/**
 * The axes of the dashboards' bar charts over named categories (regions, visit kinds, campaign tasks).
 *
 * A few names stand under their bars. Beyond STANDING_MAX the bars lie down: one name per row, read across, and the
 * chart grows by a row per name. A city's twenty-odd counties under a half-width chart (about 420 px) left each name
 * 20 px, and tilted names overlapped their neighbours at any angle that still read as Chinese.
 */

/** Village and community committees by their place name on a chart axis: 东岳村村委会 → 东岳村, 官塘社区居委会 → 官塘社区. */
export function shortRegionName(name: string): string {
  return name.replace(/(村民委员会|居民委员会|村委会|居委会)$/, '') || name;
}

/** Most names that stand under their bars (tilted when more than four). */
const STANDING_MAX = 8;
/** Height of one row of a chart whose bars lie down. */
const ROW_HEIGHT = 26;
/** Room for the value axis and its labels under the rows. */
const VALUE_AXIS_ROOM = 36;

export interface BarAxes {
  xAxis: Record<string, unknown>;
  yAxis: Record<string, unknown>;
  /** The chart's height: `height` as asked, or more when the bars lie down and need the rows. */
  height: number;
  /** Where a bar's value label goes: above a standing bar, after a lying one. */
  labelPosition: 'top' | 'right';
}

/**
 * Category and value axes for `names`, the bars in their order (first at the top when lying down). `top` is the room
 * the chart keeps above the plot (a legend), so that a lying chart's rows are all `ROW_HEIGHT` high.
 */
export function barAxes(names: string[], height: number, top: number): BarAxes {
  const value = { type: 'value' as const, minInterval: 1 };
  if (names.length <= STANDING_MAX) {
    return {
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0, width: 72, overflow: 'truncate' } },
      yAxis: value,
      height,
      labelPosition: 'top',
    };
  }
  return {
    xAxis: value,
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0, width: 112, overflow: 'truncate' } },
    height: Math.max(height, top + names.length * ROW_HEIGHT + VALUE_AXIS_ROOM),
    labelPosition: 'right',
  };
}

/** The two axes of `barAxes`, to spread into a chart's option. */
export const axesOf = (a: BarAxes) => ({ xAxis: a.xAxis, yAxis: a.yAxis });
