import { describe, expect, it } from "vitest";
import { createRng } from "@/lib/traffic";

describe("createRng", () => {
  it("repeats its sequence for a seed and stays in range", () => {
    const a = createRng(99);
    const b = createRng(99);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
  it("int, pick and jitter respect their bounds", () => {
    const r = createRng(1);
    for (let i = 0; i < 500; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      const j = r.jitter(100, 0.25);
      expect(j >= 75 && j <= 125).toBe(true);
    }
    expect(r.pick([])).toBeUndefined();
    expect(["a", "b"]).toContain(r.pick(["a", "b"]));
  });
});
