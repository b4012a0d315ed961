/**
 * Which rows of a long list to render: fixed-height rows, a viewport, and some overscan above and
 * below so fast scrolling does not show blanks. Pure, so the maths is tested without a browser.
 */
export interface VirtualWindow {
  /** First rendered row (inclusive). */
  readonly start: number;
  /** Last rendered row (exclusive). */
  readonly end: number;
  /** Height of the spacer above the first rendered row, in px. */
  readonly padTop: number;
  /** Height of the spacer below the last rendered row, in px. */
  readonly padBottom: number;
}

/**
 * The rows to render for `scrollTop` (px) in a viewport of `viewport` px over `count` rows of
 * `rowHeight` px, with `overscan` extra rows on each side. Out-of-range inputs are clamped.
 */
export function virtualWindow(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 10): VirtualWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

/** Whether the next page should load: the rendered window reaches within `threshold` rows of the end of what is loaded. */
export function shouldLoadMore(window: VirtualWindow, loaded: number, threshold = 60): boolean {
  return loaded > 0 && window.end >= loaded - threshold;
}

/**
 * The scrollTop that shows row `index` fully, moving as little as possible from `scrollTop`
 * (keyboard navigation). `header` is the height of a sticky header covering the top.
 */
export function scrollToReveal(index: number, scrollTop: number, viewport: number, rowHeight: number, header = 0): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewport - header) return rowBottom - viewport + header;
  return scrollTop;
}
