import { describe, expect, it } from "vitest";
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

describe("lazySchema", () => {
  it("builds the schema on first use, once", () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.object({ a: z.string() });
    });
    expect(builds).toBe(0);
    expect(schema.safeParse({ a: "x", b: 1 })).toEqual({ success: true, data: { a: "x" } });
    expect(schema.parse({ a: "y" })).toEqual({ a: "y" });
    expect(builds).toBe(1);
  });

  it("answers as the built schema: instanceof, shape, keys, in, derived schemas, use inside other schemas", () => {
    let builds = 0;
    const inner = lazySchema(() => {
      builds++;
      return z.object({ id: z.string().min(1), n: z.number().int() });
    });
    // Using it in other schemas and deriving from it lazily builds nothing yet.
    const list = z.object({ items: z.array(inner).readonly(), first: z.optional(inner) });
    const extended = lazySchema(() => inner.extend({ extra: z.boolean() }));
    expect(builds).toBe(0);
    expect(inner instanceof z.ZodObject).toBe(true);
    expect(inner instanceof z.ZodArray).toBe(false);
    expect(Object.keys(inner.shape)).toEqual(["id", "n"]);
    expect("safeParse" in inner).toBe(true);
    expect(Object.keys(inner)).toEqual(Object.keys(z.object({ id: z.string().min(1), n: z.number().int() })));
    expect(list.safeParse({ items: [{ id: "a", n: 1 }], first: { id: "b", n: 2 } }).success).toBe(true);
    const bad = list.safeParse({ items: [{ id: "", n: 1.5 }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path)).toEqual([
      ["items", 0, "id"],
      ["items", 0, "n"],
    ]);
    expect(extended.parse({ id: "a", n: 1, extra: true, dropped: 1 })).toEqual({ id: "a", n: 1, extra: true });
    expect(inner.nullable().parse(null)).toBeNull();
    expect(builds).toBe(1);
  });

  it("reports what the built schema reports, errors included", () => {
    const schema = lazySchema(() => z.object({ port: z.number().int().min(0).max(65535) }));
    const whole = z.object({ port: z.number().int().min(0).max(65535) });
    for (const input of [{ port: 80 }, { port: -1 }, { port: "80" }, null]) expect(schema.safeParse(input)).toEqual(whole.safeParse(input));
  });
});
