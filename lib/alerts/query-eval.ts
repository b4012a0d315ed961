/**
 * Evaluates a parsed GlobalAlert query against one record, with the semantics of the Elastic
 * queries Calico Enterprise translates it to:
 *  - `=` is an exact term match (case-sensitive); on a numeric field the value compares as a
 *    number, so `dest_port = 443` and `dest_port = "443"` both match 443;
 *  - `!=` is the negation of `=` (a must_not term): it matches records without the field;
 *  - `<`, `<=`, `>`, `>=` are range queries: numeric on numeric fields, lexicographic on text;
 *    a record without the field never matches them;
 *  - multi-valued fields (labels as `key=value`, dest_domains, policies) match when any
 *    element matches; `!=` / NOTIN when no element does;
 *  - IN / NOTIN values may contain `*` (any run of characters) and `?` (one character), as the
 *    docs allow for set expressions; `=` compares literally.
 * Pure; never throws.
 */
import type { QueryNode, QueryValue } from "@/lib/alerts/query-parser";
import { assertNever } from "@/lib/result";

/** A record field: text, number, a list of texts, or null when the record has no value. */
export type AlertFieldValue = string | number | readonly string[] | null;

/** One log record as the alert engine sees it: data-set field name → value. */
export type AlertRecord = Readonly<Record<string, AlertFieldValue>>;

function fieldOf(record: AlertRecord, key: string): AlertFieldValue {
  return Object.prototype.hasOwnProperty.call(record, key) ? (record[key] ?? null) : null;
}

function scalarEquals(field: string | number, value: QueryValue): boolean {
  if (typeof field === "number") {
    const n = Number(value.text);
    return value.text.trim() !== "" && !Number.isNaN(n) && n === field;
  }
  return field === value.text;
}

function scalarCompare(field: string | number, value: QueryValue): number | undefined {
  if (typeof field === "number") {
    const n = Number(value.text);
    if (value.text.trim() === "" || Number.isNaN(n)) return undefined;
    return field - n;
  }
  return field < value.text ? -1 : field > value.text ? 1 : 0;
}

const wildcardCache = new Map<string, RegExp>();

/** `*` / `?` pattern as an anchored RegExp (cached; other characters literal). */
function wildcard(pattern: string): RegExp {
  let re = wildcardCache.get(pattern);
  if (re === undefined) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "s");
    if (wildcardCache.size > 1000) wildcardCache.clear();
    wildcardCache.set(pattern, re);
  }
  return re;
}

function elements(field: AlertFieldValue): readonly (string | number)[] {
  if (field === null) return [];
  return typeof field === "object" ? field : [field];
}

function inSet(field: AlertFieldValue, values: readonly string[]): boolean {
  return elements(field).some((el) => {
    const text = String(el);
    return values.some((v) => (v.includes("*") || v.includes("?") ? wildcard(v).test(text) : typeof el === "number" ? scalarEquals(el, { type: "string", text: v }) : v === text));
  });
}

function compare(node: Extract<QueryNode, { kind: "compare" }>, record: AlertRecord): boolean {
  const els = elements(fieldOf(record, node.key));
  switch (node.op) {
    case "=":
      return els.some((el) => scalarEquals(el, node.value));
    case "!=":
      return !els.some((el) => scalarEquals(el, node.value));
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const op = node.op;
      return els.some((el) => {
        const c = scalarCompare(el, node.value);
        if (c === undefined) return false;
        return op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0;
      });
    }
    default:
      return assertNever(node.op);
  }
}

/** Whether `record` satisfies the query. Never throws. */
export function matchesQuery(node: QueryNode, record: AlertRecord): boolean {
  switch (node.kind) {
    case "all":
      return true;
    case "compare":
      return compare(node, record);
    case "set":
      return inSet(fieldOf(record, node.key), node.values) !== node.negated;
    case "not":
      return !matchesQuery(node.operand, record);
    case "and":
      return node.operands.every((o) => matchesQuery(o, record));
    case "or":
      return node.operands.some((o) => matchesQuery(o, record));
    default:
      return assertNever(node);
  }
}
