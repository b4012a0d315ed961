import { describe, expect, it } from "vitest";
import type { Labels, SelectorNode } from "@/lib/selector";
import { compileMatcher, parseSelector, toCanonical } from "@/lib/selector";
import { mulberry32 } from "@/lib/random";

const KEYS = ["a", "b", "app.kubernetes.io/name", "k8s-app", "x_y"];
const VALUES = ["", "v", "w", 'say "hi"', "it's", "a b"];

function pick<T>(rand: () => number, xs: readonly T[]): T {
  const x = xs[Math.floor(rand() * xs.length)];
  if (x === undefined) throw new Error("empty choice");
  return x;
}

/** Random ASTs in the shape the parser produces: n-ary and/or with ≥ 2 operands, sorted sets. */
function randomNode(rand: () => number, depth: number): SelectorNode {
  const r = rand();
  if (depth > 0 && r < 0.3) {
    const operands = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => randomNode(rand, depth - 1));
    return { kind: rand() < 0.5 ? "and" : "or", operands };
  }
  if (depth > 0 && r < 0.4) return { kind: "not", operand: randomNode(rand, depth - 1) };
  const key = pick(rand, KEYS);
  const value = pick(rand, VALUES);
  switch (Math.floor(rand() * 10)) {
    case 0:
      return { kind: "has", key };
    case 1:
      return { kind: rand() < 0.5 ? "all" : "global" };
    case 2:
      return { kind: "ne", key, value };
    case 3:
      return { kind: "contains", key, value };
    case 4:
      return { kind: "startsWith", key, value };
    case 5:
      return { kind: "endsWith", key, value };
    case 6:
    case 7: {
      const values = [...new Set(Array.from({ length: Math.floor(rand() * 4) }, () => pick(rand, VALUES)))].sort();
      return { kind: rand() < 0.5 ? "in" : "notIn", key, values };
    }
    default:
      return { kind: "eq", key, value };
  }
}

function randomLabels(rand: () => number): Labels {
  const out: Record<string, string> = {};
  for (const k of KEYS) if (rand() < 0.5) out[k] = pick(rand, VALUES);
  return out;
}

describe("canonical form of generated selectors", () => {
  it("re-parses to the same AST, prints the same text and matches the same labels", () => {
    const rand = mulberry32(42);
    for (let i = 0; i < 500; i++) {
      const ast = randomNode(rand, 4);
      const text = toCanonical(ast);
      const parsed = parseSelector(text);
      expect(parsed.ok, text).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.ast).toEqual(ast);
      expect(parsed.value.canonical).toBe(text);
      const direct = compileMatcher(ast);
      for (let j = 0; j < 5; j++) {
        const labels = randomLabels(rand);
        expect(parsed.value.matches(labels)).toBe(direct(labels));
      }
    }
  });

  it("sorts and de-duplicates set values even on hand-built nodes", () => {
    expect(toCanonical({ kind: "in", key: "a", values: ["b", "a", "b"] })).toBe('a in {"a", "b"}');
  });
});
