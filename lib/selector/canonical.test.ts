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

/**
 * Calico's selector semantics, evaluated straight from the AST: `==`, `contains`, `starts with`,
 * `ends with`, `in` and `has` need the label; `!=` and `not in` also match when the label is
 * absent; `all()` and `global()` match everything.
 */
function reference(node: SelectorNode, labels: Labels): boolean {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(labels, k);
  switch (node.kind) {
    case "all":
    case "global":
      return true;
    case "has":
      return has(node.key);
    case "eq":
      return has(node.key) && labels[node.key] === node.value;
    case "ne":
      return !has(node.key) || labels[node.key] !== node.value;
    case "contains":
      return has(node.key) && (labels[node.key] ?? "").includes(node.value);
    case "startsWith":
      return has(node.key) && (labels[node.key] ?? "").startsWith(node.value);
    case "endsWith":
      return has(node.key) && (labels[node.key] ?? "").endsWith(node.value);
    case "in":
      return has(node.key) && node.values.includes(labels[node.key] ?? "");
    case "notIn":
      return !has(node.key) || !node.values.includes(labels[node.key] ?? "");
    case "not":
      return !reference(node.operand, labels);
    case "and":
      return node.operands.every((o) => reference(o, labels));
    case "or":
      return node.operands.some((o) => reference(o, labels));
  }
}

describe("canonical form of generated selectors", () => {
  it("re-parses to the same AST, prints the same text and matches as Calico's semantics say", () => {
    const rand = mulberry32(42);
    for (let i = 0; i < 500; i++) {
      const ast = randomNode(rand, 4);
      const text = toCanonical(ast);
      const parsed = parseSelector(text);
      expect(parsed.ok, text).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.ast).toEqual(ast);
      expect(parsed.value.canonical).toBe(text);
      // The parsed selector's matcher and compileMatcher on the generated AST must both agree
      // with the reference semantics below (written from Calico's selector docs, not from
      // lib/selector), on random labels: a wrong operator or a lost operand fails here.
      const direct = compileMatcher(ast);
      for (let j = 0; j < 5; j++) {
        const labels = randomLabels(rand);
        const expected = reference(ast, labels);
        expect(parsed.value.matches(labels), `${text} on ${JSON.stringify(labels)}`).toBe(expected);
        expect(direct(labels), `${text} on ${JSON.stringify(labels)}`).toBe(expected);
      }
    }
  });

  it("the reference itself: an absent label matches != and not in, never ==, contains or the like", () => {
    expect(reference({ kind: "ne", key: "a", value: "v" }, {})).toBe(true);
    expect(reference({ kind: "notIn", key: "a", values: ["v"] }, {})).toBe(true);
    expect(reference({ kind: "eq", key: "a", value: "" }, {})).toBe(false);
    expect(reference({ kind: "contains", key: "a", value: "" }, {})).toBe(false);
    expect(compileMatcher({ kind: "eq", key: "a", value: "" })({})).toBe(false);
    expect(compileMatcher({ kind: "ne", key: "a", value: "v" })({})).toBe(true);
  });

  it("sorts and de-duplicates set values even on hand-built nodes", () => {
    expect(toCanonical({ kind: "in", key: "a", values: ["b", "a", "b"] })).toBe('a in {"a", "b"}');
  });
});
