/**
 * The canonical text of a selector, identical to Calico's `Selector.String()`
 * (libcalico-go/lib/selector/parser/ast.go collectFragments):
 *
 * - `key == "v"`, `key != "v"`, `key contains "v"`, `key starts with "v"`, `key ends with "v"`;
 * - values in double quotes, or single quotes when the value contains a double quote;
 * - `key in {"a", "b"}` / `key not in {"a", "b"}`: sorted, de-duplicated, ", " between, `{}` when empty;
 * - `has(key)`, `all()`, `global()`, `!` glued to its operand (`!has(a)`, `!a == "b"`);
 * - every `&&` / `||` chain wrapped in one pair of parentheses, operands joined by " && " / " || "
 *   (`(a == "b" && c == "d")`, even at top level), nested chains keep their own parentheses.
 *
 * One deliberate difference: Calico prints `!(!x)` as `!!x`, which re-parses as `x` and so does not
 * round-trip. We print a NotNode whose operand is a NotNode as `!(!x)` so that
 * parse(canonical).canonical === canonical always holds.
 */
import type { SelectorNode } from "@/lib/selector/ast";
import { toSortedUniqueValues } from "@/lib/selector/ast";
import { assertNever } from "@/lib/result";

/**
 * Prints a node in Calico's canonical form. Never throws. For nodes built by hand (not by the
 * parser) the output re-parses only if keys are valid label keys, no value contains both quote
 * characters, and and/or nodes have at least two operands.
 */
export function toCanonical(node: SelectorNode): string {
  const out: string[] = [];
  emit(node, out);
  return out.join("");
}

function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function emit(node: SelectorNode, out: string[]): void {
  switch (node.kind) {
    case "all":
      out.push("all()");
      return;
    case "global":
      out.push("global()");
      return;
    case "has":
      out.push("has(", node.key, ")");
      return;
    case "eq":
      out.push(node.key, " == ", quote(node.value));
      return;
    case "ne":
      out.push(node.key, " != ", quote(node.value));
      return;
    case "contains":
      out.push(node.key, " contains ", quote(node.value));
      return;
    case "startsWith":
      out.push(node.key, " starts with ", quote(node.value));
      return;
    case "endsWith":
      out.push(node.key, " ends with ", quote(node.value));
      return;
    case "in":
    case "notIn":
      out.push(node.key, node.kind === "in" ? " in {" : " not in {", toSortedUniqueValues(node.values).map(quote).join(", "), "}");
      return;
    case "not":
      out.push("!");
      if (node.operand.kind === "not") {
        out.push("(");
        emit(node.operand, out);
        out.push(")");
      } else {
        emit(node.operand, out);
      }
      return;
    case "and":
    case "or":
      out.push("(");
      node.operands.forEach((operand, i) => {
        if (i > 0) out.push(node.kind === "and" ? " && " : " || ");
        emit(operand, out);
      });
      out.push(")");
      return;
    default:
      assertNever(node);
  }
}
