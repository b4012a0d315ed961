/**
 * Which rows of a long list to render: fixed-height rows, a viewport, and some overscan above and
 * below so fast scrolling does not show blanks. Pure, so the maths is tested without a browser.
 *
 * Browsers cap an element's height (Chromium near 33.5 million px, Firefox near 17.9 million),
 * so a list taller than MAX_SCROLL_HEIGHT is drawn "scaled": the scrollbar spans MAX_SCROLL_HEIGHT
 * and its position maps proportionally to a row index. Dragging the scrollbar to the end then
 * still shows the last row, whatever the count; wheel scrolling moves by pixels as usual.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface VirtualWindow {
  /** The row at the top of the viewport. */
  readonly first: number;
  /** First rendered row (inclusive). */
  readonly start: number;
  /** Last rendered row (exclusive). */
  readonly end: number;
  /** Height of the spacer above the first rendered row, in px. */
  readonly padTop: number;
  /** Height of the spacer below the last rendered row, in px. */
  readonly padBottom: number;
  /** The scrollable height of the whole list, in px. */
  readonly totalHeight: number;
  /** True when the list is taller than MAX_SCROLL_HEIGHT and positions are proportional. */
  readonly scaled: boolean;
}

const EMPTY: VirtualWindow = { first: 0, start: 0, end: 0, padTop: 0, padBottom: 0, totalHeight: 0, scaled: false };

/**
 * The rows to render for `scrollTop` (px) in a viewport of `viewport` px over `count` rows of
 * `rowHeight` px, with `overscan` extra rows on each side. Out-of-range inputs are clamped.
 */
export function virtualWindow(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 10, maxHeight = MAX_SCROLL_HEIGHT): VirtualWindow {
  if (count <= 0 || rowHeight <= 0) return EMPTY;
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const natural = count * rowHeight;
  if (natural <= maxHeight) {
    const top = Math.max(0, scrollTop);
    const first = Math.min(count - 1, Math.floor(top / rowHeight));
    const start = Math.max(0, first - overscan);
    const end = Math.min(count, first + visible + overscan);
    return { first, start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight, totalHeight: natural, scaled: false };
  }
  const maxScroll = Math.max(1, maxHeight - viewport);
  const fraction = Math.min(1, Math.max(0, scrollTop / maxScroll));
  const first = Math.round(fraction * Math.max(0, count - visible + 1));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  // The row `first` is drawn at the top of the viewport; the overscan rows sit above it.
  const padTop = Math.max(0, Math.min(maxHeight, scrollTop) - (first - start) * rowHeight);
  const padBottom = Math.max(0, maxHeight - padTop - (end - start) * rowHeight);
  return { first, start, end, padTop, padBottom, totalHeight: maxHeight, scaled: true };
}

/**
 * The scrollTop that shows row `index` fully, moving as little as possible from `scrollTop`
 * (keyboard navigation). `header` is the height of a sticky header covering the top. In a
 * scaled list the row's proportional position is returned.
 */
export function scrollToReveal(index: number, scrollTop: number, viewport: number, rowHeight: number, header = 0, count = 0, maxHeight = MAX_SCROLL_HEIGHT): number {
  if (count * rowHeight > maxHeight) {
    const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
    const current = virtualWindow(scrollTop, viewport, rowHeight, count, 0, maxHeight);
    const first = current.start;
    if (index >= first && index < first + visible - 2) return scrollTop;
    const target = index < first ? index : index - visible + 3;
    return (Math.max(0, target) / Math.max(1, count - visible + 1)) * Math.max(1, maxHeight - viewport);
  }
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewport - header) return rowBottom - viewport + header;
  return scrollTop;
}
