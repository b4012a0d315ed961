/**
 * Seeded pseudo-random numbers, the console's one home for them: `createRng` (sfc32 seeded
 * through splitmix32) drives the traffic simulator and the seeded property tests; `mulberry32` is
 * the small bare generator for places that only need `() => number` (the graph's first layout,
 * generated test cases, benchmarks). A seed gives the same sequence on every platform. Not for
 * cryptography.
 */

/** A seeded random source. All methods are deterministic for a given seed and call sequence. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
  /** One element of a non-empty list; undefined for an empty one. */
  pick<T>(items: readonly T[]): T | undefined;
  /** `base` scaled by a uniform factor in [1 - spread, 1 + spread], rounded, at least 0. */
  jitter(base: number, spread: number): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A new generator for `seed` (any number; fractional parts are ignored). Never throws. */
export function createRng(seed: number): Rng {
  const init = splitmix32(Math.trunc(seed));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    // sfc32
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => (items.length === 0 ? undefined : items[Math.floor(next() * items.length)]),
    jitter: (base, spread) => Math.max(0, Math.round(base * (1 - spread + 2 * spread * next()))),
  };
}

/**
 * A seed derived from a base seed and labels (FNV-1a over their text), e.g. one per interval
 * start, so that simulating interval N never depends on having simulated N-1.
 */
export function deriveSeed(seed: number, ...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5 ^ (Math.trunc(seed) >>> 0);
  for (const ch of parts.join("\u001f")) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * mulberry32: a bare generator uniform in [0, 1) for `seed` (taken as a 32-bit integer). Kept
 * beside sfc32 because the graph's first layout is drawn with it (fcose takes its random start
 * from `Math.random`): swapping the algorithm would move every node of the first picture.
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
