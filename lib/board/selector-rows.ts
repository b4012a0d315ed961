/**
 * The editor's key/operator/value selector rows ↔ Calico selector text. Rows express only the
 * conjunctive case: terms joined by `&&`, each a single label test. Anything else (`||`, a
 * negated expression other than `!has()`, `global()`, set values that contain a comma or
 * surrounding spaces) is not expressible and keeps the editor in raw text mode.
 */
import type { SelectorNode } from "@/lib/selector";
import { parseSelector } from "@/lib/selector";

/** Operators a row can use, in the order the editor offers them. */
export const SELECTOR_OPERATORS = ["==", "!=", "in", "not in", "has", "!has", "contains", "starts with", "ends with"] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

/** One term of a conjunctive selector. `value` is unused for has/!has; comma-separated for in/not in. */
export interface SelectorRow {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly value: string;
}

function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function splitValues(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function rowToTerm(row: SelectorRow): string {
  const key = row.key.trim();
  switch (row.operator) {
    case "has":
      return `has(${key})`;
    case "!has":
      return `!has(${key})`;
    case "in":
    case "not in":
      return `${key} ${row.operator} {${splitValues(row.value).map(quote).join(", ")}}`;
    case "==":
    case "!=":
    case "contains":
    case "starts with":
    case "ends with":
      return `${key} ${row.operator} ${quote(row.value)}`;
    default: {
      const never: never = row.operator;
      return never;
    }
  }
}

/**
 * Selector text for rows: terms joined by ` && `; blank rows (no key and no value) are skipped;
 * no rows → "" (which Calico reads as `all()`). Values are double-quoted, or single-quoted when
 * they contain a double quote. The text is not validated here: parse it to report bad keys.
 */
export function selectorRowsToText(rows: readonly SelectorRow[]): string {
  return rows
    .filter((r) => r.key.trim() !== "" || r.value.trim() !== "")
    .map(rowToTerm)
    .join(" && ");
}

function isListable(values: readonly string[]): boolean {
  return values.length > 0 && values.every((v) => v !== "" && !v.includes(",") && v.trim() === v);
}

function nodeToRow(node: SelectorNode): SelectorRow | null {
  switch (node.kind) {
    case "eq":
      return { key: node.key, operator: "==", value: node.value };
    case "ne":
      return { key: node.key, operator: "!=", value: node.value };
    case "contains":
      return { key: node.key, operator: "contains", value: node.value };
    case "startsWith":
      return { key: node.key, operator: "starts with", value: node.value };
    case "endsWith":
      return { key: node.key, operator: "ends with", value: node.value };
    case "has":
      return { key: node.key, operator: "has", value: "" };
    case "in":
    case "notIn":
      return isListable(node.values) ? { key: node.key, operator: node.kind === "in" ? "in" : "not in", value: node.values.join(", ") } : null;
    case "not":
      return node.operand.kind === "has" ? { key: node.operand.key, operator: "!has", value: "" } : null;
    default:
      return null;
  }
}

function collect(node: SelectorNode, out: SelectorRow[]): boolean {
  if (node.kind === "and") return node.operands.every((o) => collect(o, out));
  const row = nodeToRow(node);
  if (row === null) return false;
  out.push(row);
  return true;
}

/**
 * Rows for selector text, or null when the text does not parse or is not a conjunction of
 * single-label terms. "" and `all()` give no rows. Never throws.
 */
export function textToSelectorRows(text: string): SelectorRow[] | null {
  const parsed = parseSelector(text);
  if (!parsed.ok) return null;
  const ast = parsed.value.ast;
  if (ast.kind === "all") return [];
  const rows: SelectorRow[] = [];
  return collect(ast, rows) ? rows : null;
}

/** True when both texts parse to the same canonical selector. */
export function sameSelector(a: string, b: string): boolean {
  const pa = parseSelector(a);
  const pb = parseSelector(b);
  return pa.ok && pb.ok && pa.value.canonical === pb.value.canonical;
}
