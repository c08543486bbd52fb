// The arithmetic of virtualised lists: only rows near the viewport are rendered. The image
// grid: cards flow into rows of equal column count, rows have measured (or estimated) heights
// and keep their natural height, so a card still shows every tag. The JSON tree: rows of one
// fixed height (`fixedRows`).

export const CARD_MIN_WIDTH = 300;
export const GAP = 16;
export const ESTIMATED_ROW = 200;

/** How many columns `repeat(auto-fill, minmax(300px, 1fr))` would make at `width`. */
export function columnsFor(width: number, min = CARD_MIN_WIDTH, gap = GAP): number {
  return Math.max(1, Math.floor((width + gap) / (min + gap)));
}

/** Top of each row and the total height, from known heights (estimate for the rest). */
export function layoutRows(
  rowCount: number,
  heights: ReadonlyMap<number, number>,
  estimate = ESTIMATED_ROW,
  gap = GAP,
): { tops: Float64Array; total: number } {
  const tops = new Float64Array(rowCount);
  let y = 0;
  for (let i = 0; i < rowCount; i++) {
    tops[i] = y;
    y += (heights.get(i) ?? estimate) + gap;
  }
  return { tops, total: Math.max(0, y - gap) };
}

/** Rows overlapping [top, bottom] (grid coordinates), widened by `overscan` pixels. */
export function visibleRows(
  tops: Float64Array,
  total: number,
  top: number,
  bottom: number,
  overscan = 400,
): { first: number; last: number } {
  const n = tops.length;
  if (n === 0) return { first: 0, last: -1 };
  const from = Math.max(0, top - overscan);
  const to = Math.min(total, bottom + overscan);
  // Last row whose top is <= from.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]! <= from) lo = mid;
    else hi = mid - 1;
  }
  let last = lo;
  while (last + 1 < n && tops[last + 1]! <= to) last++;
  return { first: lo, last };
}

/** For `count` rows of `rowHeight` pixels below `pad` pixels of padding, seen through a
 * viewport of `height` scrolled to `top` (clamped to the scroll range): the rows to render,
 * [first, end), widened by `overscan` rows on each side. */
export function fixedRows(
  count: number,
  rowHeight: number,
  top: number,
  height: number,
  overscan: number,
  pad = 0,
): { first: number; end: number } {
  const clamped = Math.min(top, Math.max(0, count * rowHeight + 2 * pad - height));
  const first = Math.max(0, Math.floor((clamped - pad) / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((clamped + height) / rowHeight) + overscan);
  return { first, end };
}
