import { Grid } from 'antd';

/**
 * Whether the screen is narrower than antd's `md` breakpoint (768 px): a phone, or a small tablet held upright. Lists
 * show cards instead of tables there, and wide controls give way to drop-downs. False until the width is known.
 */
export function usePhone(): boolean {
  return Grid.useBreakpoint().md === false;
}
