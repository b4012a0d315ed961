/**
 * Compiles an AST into a tree of closures so that matching does no dispatch on `kind`, no
 * allocation and no recursion through a generic evaluator. Set literals become a `Set` (or a
 * plain comparison when they hold one value).
 *
 * Label lookup is `labels[key]` checked with `typeof === "string"`: inherited Object.prototype
 * members (a label called `constructor`) are never strings, so they count as absent.
 */
import type { Labels, SelectorNode } from "@/lib/selector/ast";
import { assertNever } from "@/lib/result";

/** A compiled selector: true when the labels match. Never throws for any Labels object. */
export type LabelMatcher = (labels: Labels) => boolean;

const always: LabelMatcher = () => true;

/**
 * Compiles a selector AST into a matcher with Calico's evaluation semantics: `!=` and `not in`
 * match when the label is absent; `==`, `in`, `contains`, `starts with`, `ends with` need it
 * present; `all()` and `global()` match everything. Never throws.
 */
export function compileMatcher(node: SelectorNode): LabelMatcher {
  switch (node.kind) {
    case "all":
    case "global":
      return always;
    case "has": {
      const key = node.key;
      return (labels) => typeof labels[key] === "string";
    }
    case "eq": {
      const { key, value } = node;
      return (labels) => labels[key] === value;
    }
    case "ne": {
      const { key, value } = node;
      return (labels) => labels[key] !== value;
    }
    case "contains": {
      const { key, value } = node;
      return (labels) => {
        const v = labels[key];
        return typeof v === "string" && v.includes(value);
      };
    }
    case "startsWith": {
      const { key, value } = node;
      return (labels) => {
        const v = labels[key];
        return typeof v === "string" && v.startsWith(value);
      };
    }
    case "endsWith": {
      const { key, value } = node;
      return (labels) => {
        const v = labels[key];
        return typeof v === "string" && v.endsWith(value);
      };
    }
    case "in":
      return compileIn(node.key, node.values);
    case "notIn": {
      const inSet = compileIn(node.key, node.values);
      return (labels) => !inSet(labels);
    }
    case "not": {
      const operand = compileMatcher(node.operand);
      return (labels) => !operand(labels);
    }
    case "and":
      return compileAnd(node.operands.map(compileMatcher));
    case "or":
      return compileOr(node.operands.map(compileMatcher));
    default:
      return assertNever(node);
  }
}

function compileIn(key: string, values: readonly string[]): LabelMatcher {
  if (values.length === 0) return () => false;
  if (values.length === 1) {
    const only = values[0];
    return (labels) => labels[key] === only;
  }
  const set = new Set(values);
  return (labels) => {
    const v = labels[key];
    return typeof v === "string" && set.has(v);
  };
}

function compileAnd(ms: readonly LabelMatcher[]): LabelMatcher {
  const [a, b, c] = ms;
  if (ms.length === 0) return always;
  if (a !== undefined && ms.length === 1) return a;
  if (a !== undefined && b !== undefined && ms.length === 2) return (l) => a(l) && b(l);
  if (a !== undefined && b !== undefined && c !== undefined && ms.length === 3) return (l) => a(l) && b(l) && c(l);
  return (l) => {
    for (const m of ms) if (!m(l)) return false;
    return true;
  };
}

function compileOr(ms: readonly LabelMatcher[]): LabelMatcher {
  const [a, b, c] = ms;
  if (ms.length === 0) return () => false;
  if (a !== undefined && ms.length === 1) return a;
  if (a !== undefined && b !== undefined && ms.length === 2) return (l) => a(l) || b(l);
  if (a !== undefined && b !== undefined && c !== undefined && ms.length === 3) return (l) => a(l) || b(l) || c(l);
  return (l) => {
    for (const m of ms) if (m(l)) return true;
    return false;
  };
}
