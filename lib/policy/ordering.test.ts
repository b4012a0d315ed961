import { describe, expect, it } from "vitest";
import { sortPolicies, sortTiers } from "@/lib/policy/ordering";

describe("ordering", () => {
  it("tiers: ordered ascending, ties by name, unordered last by name", () => {
    const sorted = sortTiers([
      { name: "b", order: undefined },
      { name: "z", order: 1 },
      { name: "a", order: 1 },
      { name: "a2", order: undefined },
      { name: "m", order: 0.5 },
    ]);
    expect(sorted.map((t) => t.name)).toEqual(["m", "a", "z", "a2", "b"]);
  });

  it("policies: order ascending, +Inf last, ties by v1 name (namespace first)", () => {
    const sorted = sortPolicies([
      { orderValue: Number.POSITIVE_INFINITY, sortName: "a" },
      { orderValue: 10, sortName: "prod/default.x" },
      { orderValue: 10, sortName: "default.y" },
      { orderValue: 1, sortName: "zzz" },
    ]);
    expect(sorted.map((p) => p.sortName)).toEqual(["zzz", "default.y", "prod/default.x", "a"]);
  });
});
