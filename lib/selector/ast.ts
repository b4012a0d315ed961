/**
 * The selector AST: one variant per Calico node type (libcalico-go parser/ast.go), discriminated
 * on `kind`. Nodes produced by the parser are frozen; treat every node as immutable.
 */

/** Labels of an endpoint, namespace or network set: key → value. Absent key = label not set. */
export type Labels = Readonly<Record<string, string>>;

/** `all()`: matches everything. Also what an empty or whitespace-only selector parses to. */
export interface AllNode {
  readonly kind: "all";
}

/**
 * `global()`: as a label expression it matches everything, exactly like Calico's GlobalNode.
 * Its meaning comes from where it is used: in a rule's `namespaceSelector` Calico rewrites it
 * to `!has(projectcalico.org/namespace)`, so it selects only non-namespaced endpoints (host
 * endpoints and GlobalNetworkSets). That rewrite is policy semantics and lives in lib/policy.
 */
export interface GlobalNode {
  readonly kind: "global";
}

/** `has(key)`: the label is present, with any value (including ""). */
export interface HasNode {
  readonly kind: "has";
  readonly key: string;
}

/** `key == "value"`: present and equal. */
export interface LabelEqNode {
  readonly kind: "eq";
  readonly key: string;
  readonly value: string;
}

/** `key != "value"`: absent, or present with a different value (Calico: absent matches). */
export interface LabelNeNode {
  readonly kind: "ne";
  readonly key: string;
  readonly value: string;
}

/** `key contains "s"`: present and the value contains the substring. */
export interface LabelContainsNode {
  readonly kind: "contains";
  readonly key: string;
  readonly value: string;
}

/** `key starts with "s"`: present and the value has the prefix. */
export interface LabelStartsWithNode {
  readonly kind: "startsWith";
  readonly key: string;
  readonly value: string;
}

/** `key ends with "s"`: present and the value has the suffix. */
export interface LabelEndsWithNode {
  readonly kind: "endsWith";
  readonly key: string;
  readonly value: string;
}

/** `key in {"a", "b"}`: present and the value is in the set. `values` is sorted and de-duplicated. */
export interface LabelInNode {
  readonly kind: "in";
  readonly key: string;
  readonly values: readonly string[];
}

/** `key not in {"a", "b"}`: absent, or present with a value outside the set. `values` sorted, unique. */
export interface LabelNotInNode {
  readonly kind: "notIn";
  readonly key: string;
  readonly values: readonly string[];
}

/** `!operand`. Runs of `!` collapse at parse time, so a parsed NotNode never wraps a NotNode. */
export interface NotNode {
  readonly kind: "not";
  readonly operand: SelectorNode;
}

/** `a && b && c`: at least two operands, evaluated left to right, short-circuiting. */
export interface AndNode {
  readonly kind: "and";
  readonly operands: readonly SelectorNode[];
}

/** `a || b || c`: at least two operands, evaluated left to right, short-circuiting. */
export interface OrNode {
  readonly kind: "or";
  readonly operands: readonly SelectorNode[];
}

/** Any selector expression. */
export type SelectorNode =
  | AllNode
  | GlobalNode
  | HasNode
  | LabelEqNode
  | LabelNeNode
  | LabelContainsNode
  | LabelStartsWithNode
  | LabelEndsWithNode
  | LabelInNode
  | LabelNotInNode
  | NotNode
  | AndNode
  | OrNode;

/** The `kind` tags of SelectorNode. */
export type SelectorNodeKind = SelectorNode["kind"];

/**
 * Orders strings by Unicode code point, which is the same order as Go's byte-wise comparison of
 * their UTF-8 encodings (Calico sorts set literals that way). Plain `<` on JS strings compares
 * UTF-16 code units and differs for characters above U+FFFF versus U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const surrogateA = ca >= 0xd800 && ca <= 0xdfff;
    const surrogateB = cb >= 0xd800 && cb <= 0xdfff;
    if (surrogateA === surrogateB) return ca - cb;
    // A surrogate encodes a code point above U+FFFF, which sorts after every BMP character.
    return surrogateA ? 1 : -1;
  }
  return a.length - b.length;
}

/** Sorts and de-duplicates set-literal values the way Calico's StringSet does. Never mutates `values`. */
export function toSortedUniqueValues(values: readonly string[]): readonly string[] {
  const sorted = [...values].sort(compareCodePoints);
  const out: string[] = [];
  for (const v of sorted) {
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return out;
}
