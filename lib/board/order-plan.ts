/**
 * Order planning for drag and drop: given items in evaluation order (policies of a tier, or
 * tiers), find new `order` values that put one item at a target index while changing as few
 * items as possible and never writing an order another item of the list already has.
 *
 * Method: insert the moving item at the target index, then look for the smallest window of
 * consecutive items around it whose orders can be rewritten strictly between the unchanged
 * neighbours on both sides. A window of one (only the moved item) is the common case: its new
 * order is a short decimal strictly between its new neighbours. Windows may not contain fixed
 * items (Kubernetes NetworkPolicies, the default tier), and an item without order may not
 * precede an ordered one, so windows grow over unordered items until they can be given orders.
 * Among windows of equal size the roomiest wins; on a tie, the one changing later items.
 */
import type { MoveOrderResult, OrderChange } from "@/lib/board/types";

/** One item of an ordered list: a card or a lane. */
export interface OrderItem {
  readonly key: string;
  /** undefined = no order (evaluated after every ordered item). */
  readonly order: number | undefined;
  /** Fixed items keep their order and are never renumbered. */
  readonly fixed: boolean;
}

/** Spacing of fresh orders at the open ends of a list. */
export const ORDER_STEP = 100;

/**
 * The number with the fewest significant decimals strictly inside (a, b), rounding `target` at
 * ever finer precision (…, 1000, 100, 10, 1, 0.1, …). Undefined when no double fits.
 */
export function simplestBetween(a: number, b: number, target: number): number | undefined {
  if (!(a < b)) return undefined;
  for (let d = -15; d <= 20; d++) {
    const candidate = d < 0 ? Math.round(target / 10 ** -d) * 10 ** -d : Math.round(target * 10 ** d) / 10 ** d;
    if (a < candidate && candidate < b) return candidate;
  }
  return a < target && target < b ? target : undefined;
}

/** m values evenly spread strictly inside the finite interval (lo, hi), each simplified. */
function spreadFinite(lo: number, hi: number, m: number): number[] | undefined {
  const span = hi - lo;
  const out: number[] = [];
  for (let k = 1; k <= m; k++) {
    const prev = out[out.length - 1] ?? lo;
    const low = Math.max(prev, lo + (span * (k - 0.5)) / (m + 1));
    const high = lo + (span * (k + 0.5)) / (m + 1);
    const v = simplestBetween(low, Math.min(high, hi), lo + (span * k) / (m + 1));
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** m strictly increasing values strictly between lo and hi (either may be infinite), or undefined. */
export function spreadOrders(lo: number, hi: number, m: number): number[] | undefined {
  let values: number[] | undefined;
  if (lo === Number.NEGATIVE_INFINITY && hi === Number.POSITIVE_INFINITY) {
    values = Array.from({ length: m }, (_, k) => ORDER_STEP * (k + 1));
  } else if (hi === Number.POSITIVE_INFINITY) {
    const first = (Math.floor(lo / ORDER_STEP) + 1) * ORDER_STEP;
    values = Array.from({ length: m }, (_, k) => first + ORDER_STEP * k);
  } else if (lo === Number.NEGATIVE_INFINITY) {
    const top = (Math.ceil(hi / ORDER_STEP) - 1) * ORDER_STEP;
    const bottom = top - ORDER_STEP * (m - 1);
    if (bottom >= 0 || hi <= 0) values = Array.from({ length: m }, (_, k) => bottom + ORDER_STEP * k);
    // Room below hi but not on the grid: spread over [0, hi) rather than going negative.
    else values = spreadFinite(-hi / m, hi, m);
  } else {
    values = spreadFinite(lo, hi, m);
  }
  if (values === undefined) return undefined;
  let prev = lo;
  for (const v of values) {
    if (!Number.isFinite(v) || !(prev < v)) return undefined;
    prev = v;
  }
  return prev < hi ? values : undefined;
}

interface Window {
  readonly start: number;
  readonly values: readonly number[];
  readonly gap: number;
}

function tryWindow(list: readonly OrderItem[], start: number, size: number): Window | undefined {
  const end = start + size;
  for (let i = start; i < end; i++) if (list[i]?.fixed === true) return undefined;
  const before = start > 0 ? list[start - 1] : undefined;
  if (before !== undefined && before.order === undefined) return undefined;
  const lo = before?.order ?? Number.NEGATIVE_INFINITY;
  const hi = list[end]?.order ?? Number.POSITIVE_INFINITY;
  if (!(lo < hi)) return undefined;
  const values = spreadOrders(lo, hi, size);
  if (values === undefined) return undefined;
  return { start, values, gap: (hi - lo) / (size + 1) };
}

/**
 * New orders that move `movingKey` to `targetIndex` (its index once moved; clamped to the list).
 * `items` must be in evaluation order. `noun` names the items in refusal messages ("policy",
 * "tier"). Moving to the current index changes nothing. Refuses (never throws) when the item is
 * unknown or fixed, or when no renumbering of movable items can place it there.
 */
export function planMove(items: readonly OrderItem[], movingKey: string, targetIndex: number, noun: string): MoveOrderResult {
  const from = items.findIndex((i) => i.key === movingKey);
  const moving = items[from];
  if (moving === undefined) return { ok: false, reason: `${noun} ${movingKey} is not in this list` };
  if (moving.fixed) return { ok: false, reason: `the order of ${noun} ${movingKey} is fixed and cannot be changed` };
  const rest = items.filter((_, i) => i !== from);
  const target = Math.max(0, Math.min(Math.trunc(targetIndex), rest.length));
  if (target === from) return { ok: true, changes: [] };
  const list = [...rest.slice(0, target), moving, ...rest.slice(target)];
  for (let size = 1; size <= list.length; size++) {
    let best: Window | undefined;
    for (let start = Math.min(target, list.length - size); start >= Math.max(0, target - size + 1); start--) {
      const w = tryWindow(list, start, size);
      if (w !== undefined && (best === undefined || w.gap > best.gap)) best = w;
    }
    if (best !== undefined) {
      const chosen = best;
      const changes: OrderChange[] = [];
      chosen.values.forEach((order, k) => {
        const item = list[chosen.start + k];
        if (item !== undefined && item.order !== order) changes.push({ key: item.key, order });
      });
      return { ok: true, changes };
    }
  }
  const blocking = list.some((i) => i.fixed);
  return {
    ok: false,
    reason: blocking
      ? `cannot place ${noun} ${movingKey} there: the neighbouring items have fixed orders with no room between them`
      : `cannot place ${noun} ${movingKey} there: no room for distinct orders`,
  };
}
