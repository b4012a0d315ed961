import { describe, expect, it } from "vitest";
import type { OrderItem } from "@/lib/board/order-plan";
import { planMove, simplestBetween, spreadOrders } from "@/lib/board/order-plan";

const items = (...orders: (number | undefined | "fixed")[]): OrderItem[] =>
  orders.map((o, i) => ({ key: String.fromCharCode(97 + i), order: o === "fixed" ? 1000 : o, fixed: o === "fixed" }));

/** Applies changes and returns keys in evaluation order (order, then key), to check the result. */
function apply(list: readonly OrderItem[], changes: readonly { key: string; order: number }[]): string[] {
  const next = list.map((i) => ({ ...i, order: changes.find((c) => c.key === i.key)?.order ?? i.order }));
  return next
    .sort((x, y) => {
      const ox = x.order ?? Infinity;
      const oy = y.order ?? Infinity;
      return ox === oy ? (x.key < y.key ? -1 : 1) : ox - oy;
    })
    .map((i) => i.key);
}

function expectMove(list: OrderItem[], key: string, target: number, expected: string[], maxChanges: number): readonly { key: string; order: number }[] {
  const r = planMove(list, key, target, "policy");
  if (!r.ok) throw new Error(r.reason);
  expect(apply(list, r.changes)).toEqual(expected);
  expect(r.changes.length).toBeLessThanOrEqual(maxChanges);
  // Never writes an order another item has.
  const finalOrders = list.map((i) => r.changes.find((c) => c.key === i.key)?.order ?? i.order);
  for (const c of r.changes) expect(finalOrders.filter((o) => o === c.order)).toHaveLength(1);
  return r.changes;
}

describe("simplestBetween", () => {
  it("prefers round numbers", () => {
    expect(simplestBetween(125, 175, 150)).toBe(150);
    expect(simplestBetween(100, 101, 100.5)).toBe(100.5);
    expect(simplestBetween(250075, 750025, 500050)).toBe(500000);
    expect(simplestBetween(-50, 50, 0)).toBe(0);
  });

  it("returns undefined without room", () => {
    expect(simplestBetween(1, 1, 1)).toBeUndefined();
  });
});

describe("spreadOrders", () => {
  it("uses steps of 100 at open ends", () => {
    expect(spreadOrders(-Infinity, Infinity, 3)).toEqual([100, 200, 300]);
    expect(spreadOrders(150, Infinity, 2)).toEqual([200, 300]);
    expect(spreadOrders(-Infinity, 350, 2)).toEqual([200, 300]);
  });

  it("stays non-negative below a small positive order", () => {
    expect(spreadOrders(-Infinity, 100, 2)).toEqual([0, 50]);
  });

  it("spreads evenly between finite bounds", () => {
    expect(spreadOrders(100, 400, 2)).toEqual([200, 300]);
  });

  it("fails when doubles run out", () => {
    expect(spreadOrders(1, 1 + Number.EPSILON, 1)).toBeUndefined();
  });
});

describe("planMove", () => {
  it("changes only the moved item when there is room (midpoint)", () => {
    const changes = expectMove(items(100, 200, 300), "c", 1, ["a", "c", "b"], 1);
    expect(changes).toEqual([{ key: "c", order: 150 }]);
  });

  it("moves to the top and the bottom with a step of 100", () => {
    expect(expectMove(items(100, 200, 300), "b", 0, ["b", "a", "c"], 1)).toEqual([{ key: "b", order: 0 }]);
    expect(expectMove(items(100, 200, 300), "a", 2, ["b", "c", "a"], 1)).toEqual([{ key: "a", order: 400 }]);
  });

  it("uses short decimals in tight gaps", () => {
    expect(expectMove(items(100, 101, 5), "c", 1, ["a", "c", "b"], 1)).toEqual([{ key: "c", order: 100.5 }]);
  });

  it("does nothing when the target is the current index", () => {
    expect(planMove(items(100, 200), "a", 0, "policy")).toEqual({ ok: true, changes: [] });
  });

  it("renumbers the fewest items when orders are equal", () => {
    expectMove(items(100, 100, 100), "c", 1, ["a", "c", "b"], 2);
    expectMove(items(100, 100, 100, 100), "a", 2, ["b", "c", "a", "d"], 3);
  });

  it("gives an order when moving above an unordered item", () => {
    expect(expectMove(items(100, undefined, 5), "c", 1, ["a", "c", "b"], 1)).toEqual([{ key: "c", order: 200 }]);
  });

  it("assigns orders when moving among unordered items", () => {
    const changes = expectMove(items(undefined, undefined, undefined), "c", 1, ["a", "c", "b"], 2);
    expect(changes).toEqual([
      { key: "a", order: 100 },
      { key: "c", order: 200 },
    ]);
  });

  it("never renumbers fixed items and refuses a slot between equal fixed orders", () => {
    const list = items(500, "fixed", "fixed", 1500);
    expectMove(list, "d", 1, ["a", "d", "b", "c"], 1);
    const between = planMove(list, "d", 2, "policy");
    expect(between.ok).toBe(false);
  });

  it("refuses to move a fixed item or an unknown key", () => {
    expect(planMove(items("fixed", 1), "a", 1, "policy").ok).toBe(false);
    expect(planMove(items(1), "zz", 0, "policy").ok).toBe(false);
  });

  it("clamps the target index", () => {
    expect(expectMove(items(100, 200), "a", 99, ["b", "a"], 1)).toEqual([{ key: "a", order: 300 }]);
  });
});
