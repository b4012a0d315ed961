import { describe, expect, it } from "vitest";
import { createRng, deriveSeed, mulberry32 } from "@/lib/random";

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

describe("mulberry32", () => {
  it("repeats its sequence for a seed, differs between seeds and stays in [0, 1)", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(8)()).not.toBe(mulberry32(7)());
    // The first value for seed 7 pins the algorithm: the graph's first layout depends on it.
    expect(mulberry32(7)()).toBeCloseTo(0.011705, 6);
  });
});

describe("deriveSeed", () => {
  it("depends on every part and on the base seed", () => {
    expect(deriveSeed(1, "a", 2)).toBe(deriveSeed(1, "a", 2));
    expect(deriveSeed(1, "a", 2)).not.toBe(deriveSeed(1, "a", 3));
    expect(deriveSeed(2, "a", 2)).not.toBe(deriveSeed(1, "a", 2));
  });
});
