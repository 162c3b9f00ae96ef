/**
 * The least width of a table whose columns without a width hold running text (reasons, a source): the other columns'
 * widths plus `text` for each of those. Given as the table's `scroll.x`, the table scrolls sideways below it and fills
 * its box above it, the text taking the room left and wrapping. With `'max-content'` instead, a column of long reasons
 * stands on one line and pushes the others off the screen.
 */
export function leastTableWidth(columns: readonly { width?: number | string }[], text: number): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : text), 0);
}
