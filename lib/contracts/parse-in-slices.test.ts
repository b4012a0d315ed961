import { describe, expect, it } from "vitest";
import * as z from "zod";
import { GraphReplySchema } from "@/lib/contracts/flows";
import { SLICE_MIN_ITEMS, safeParseInSlices } from "@/lib/contracts/parse-in-slices";

function reply(nodes: number, edges: number): Record<string, unknown> {
  return {
    from: 1,
    to: 2,
    groups: edges,
    aggregated: false,
    unknownField: "stripped",
    nodes: Array.from({ length: nodes }, (_, i) => ({ id: `n${i}`, kind: "workload", label: `w${i}`, namespace: "ns", extra: 1 })),
    edges: Array.from({ length: edges }, (_, i) => ({
      id: `e${i}`,
      source: `n${i % nodes}`,
      target: `n${(i + 1) % nodes}`,
      stats: { flows: 1, allowed: 1, denied: 0, stagedDenied: 0, bytes: i, packets: 1 },
      ports: ["tcp/80"],
      policies: [],
      firstSeen: 0,
      lastSeen: 0,
    })),
  };
}

/** A pause that counts itself. */
function counter(): { pauses: number; fn: () => Promise<void> } {
  const c = { pauses: 0, fn: async () => void c.pauses++ };
  return c;
}

describe("safeParseInSlices", () => {
  it("gives the data safeParse gives, frozen where zod freezes, yielding between slices", async () => {
    const json = reply(3000, 6000);
    const pause = counter();
    const sliced = await safeParseInSlices(GraphReplySchema, json, pause.fn, 0);
    const whole = GraphReplySchema.safeParse(json);
    expect(sliced.success).toBe(true);
    expect(sliced.data).toEqual(whole.data);
    expect(Object.isFrozen(sliced.data?.nodes)).toBe(Object.isFrozen(whole.data?.nodes));
    expect(Object.isFrozen(sliced.data?.edges)).toBe(true);
    expect(sliced.data).not.toHaveProperty("unknownField");
    // A budget of 0 ms pauses after every element but the last of each array.
    expect(pause.pauses).toBe(3000 - 1 + 6000 - 1);
  });

  it("does not pause within the time budget", async () => {
    const pause = counter();
    const r = await safeParseInSlices(GraphReplySchema, reply(2000, 2000), pause.fn, 60_000);
    expect(r.success).toBe(true);
    expect(pause.pauses).toBe(0);
  });

  it("names the failing element's full path, as a whole parse does", async () => {
    const json = reply(1500, 5000);
    ((json.edges as Record<string, unknown>[])[4321] as { stats: { bytes: number } }).stats.bytes = -1;
    const sliced = await safeParseInSlices(GraphReplySchema, json, counter().fn, 0);
    const whole = GraphReplySchema.safeParse(json);
    expect(sliced.success).toBe(false);
    expect(whole.success).toBe(false);
    expect(sliced.error?.issues[0]?.path).toEqual(["edges", 4321, "stats", "bytes"]);
    expect(sliced.error?.issues[0]?.path).toEqual(whole.error?.issues[0]?.path);
    expect(sliced.error?.issues[0]?.message).toBe(whole.error?.issues[0]?.message);
  });

  it("fails on the other fields first without walking the arrays", async () => {
    const json = { ...reply(1500, 1500), groups: -1 };
    const pause = counter();
    const r = await safeParseInSlices(GraphReplySchema, json, pause.fn, 0);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["groups"]);
    expect(pause.pauses).toBe(0);
  });

  it("parses whole what slicing could change: length checks, object refinements, short arrays, non-objects", async () => {
    const items = Array.from({ length: SLICE_MIN_ITEMS + 5 }, (_, i) => i);
    const pause = counter();
    const capped = z.object({ items: z.array(z.number()).max(SLICE_MIN_ITEMS) });
    const r1 = await safeParseInSlices(capped, { items }, pause.fn, 0);
    expect(r1.success).toBe(false);
    expect(r1.error?.issues[0]?.path).toEqual(["items"]);
    const refined = z.object({ items: z.array(z.number()) }).refine((o) => o.items.length < 10, { message: "too many" });
    const r2 = await safeParseInSlices(refined, { items }, pause.fn, 0);
    expect(r2.success).toBe(false);
    const plain = z.object({ items: z.array(z.number()) });
    expect((await safeParseInSlices(plain, { items: [1, 2] }, pause.fn, 0)).data).toEqual({ items: [1, 2] });
    expect((await safeParseInSlices(z.array(z.number()), items, pause.fn, 0)).success).toBe(true);
    expect((await safeParseInSlices(plain, null, pause.fn, 0)).success).toBe(false);
    expect(pause.pauses).toBe(0);
    // A plain (not readonly) array is sliced and not frozen.
    const sliced = await safeParseInSlices(plain, { items }, pause.fn, 0);
    expect(sliced.data?.items).toEqual(items);
    expect(Object.isFrozen(sliced.data?.items)).toBe(false);
    expect(pause.pauses).toBeGreaterThan(0);
  });
});
