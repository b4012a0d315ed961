/**
 * Kubernetes label requirements (k8s.io/apimachinery/pkg/labels.Requirement): validation as in
 * NewRequirement, matching as in Requirement.Matches, printing as in Requirement.String, and the
 * translation of one requirement into a Calico AST node.
 */
import type { Labels, SelectorNode } from "@/lib/selector/ast";
import { compareCodePoints, toSortedUniqueValues } from "@/lib/selector/ast";
import { assertNever } from "@/lib/result";

/** Operators of labels.Requirement (selection.Operator values). */
export type K8sOperator = "in" | "notin" | "=" | "==" | "!=" | "exists" | "!" | "gt" | "lt";

/** One requirement; all requirements of a selector must hold. `values` as written (not sorted). */
export interface K8sRequirement {
  readonly key: string;
  readonly operator: K8sOperator;
  readonly values: readonly string[];
}

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `key` is not a valid Kubernetes label key (qualified name), or null when it is. */
export function k8sLabelKeyProblem(key: string): string | null {
  const parts = key.split("/");
  let name = key;
  if (parts.length === 2) {
    const [prefix = "", rest = ""] = parts;
    if (prefix.length === 0) return "prefix part must be non-empty";
    if (prefix.length > 253) return "prefix part must be no more than 253 characters";
    if (!DNS1123_SUBDOMAIN_RE.test(prefix)) return "prefix part must be a lowercase RFC 1123 subdomain";
    name = rest;
  } else if (parts.length > 2) {
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  }
  if (name.length === 0) return "name part must be non-empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  if (!NAME_RE.test(name)) return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return null;
}

/** Why `value` is not a valid Kubernetes label value, or null when it is ("" is valid). */
export function k8sLabelValueProblem(value: string): string | null {
  if (value.length > 63) return "must be no more than 63 characters";
  if (!LABEL_VALUE_RE.test(value)) {
    return "a valid label value must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return null;
}

const INT64_RE = /^[+-]?[0-9]+$/;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** strconv.ParseInt(s, 10, 64): null when `s` is not a base-10 int64. */
export function parseInt64(s: string): bigint | null {
  if (!INT64_RE.test(s)) return null;
  const n = BigInt(s);
  return n > INT64_MAX || n < INT64_MIN ? null : n;
}

/** NewRequirement's checks: null when valid, else the first problem found. */
export function k8sRequirementProblem(r: K8sRequirement): string | null {
  const keyProblem = k8sLabelKeyProblem(r.key);
  if (keyProblem !== null) return `invalid label key ${JSON.stringify(r.key)}: ${keyProblem}`;
  switch (r.operator) {
    case "in":
    case "notin":
      if (r.values.length === 0) return "for 'in', 'notin' operators, values set can't be empty";
      break;
    case "=":
    case "==":
    case "!=":
      if (r.values.length !== 1) return "exact-match compatibility requires one single value";
      break;
    case "exists":
    case "!":
      if (r.values.length !== 0) return "values set must be empty for exists and does not exist";
      break;
    case "gt":
    case "lt":
      if (r.values.length !== 1) return "for 'Gt', 'Lt' operators, exactly one value is required";
      if (r.values.some((v) => parseInt64(v) === null)) return "for 'Gt', 'Lt' operators, the value must be an integer";
      break;
    default:
      return assertNever(r.operator);
  }
  for (const v of r.values) {
    const valueProblem = k8sLabelValueProblem(v);
    if (valueProblem !== null) return `invalid label value ${JSON.stringify(v)}: ${valueProblem}`;
  }
  return null;
}

function lookup(labels: Labels, key: string): string | undefined {
  const v = labels[key];
  return typeof v === "string" ? v : undefined;
}

/** Requirement.Matches. Assumes the requirement passed k8sRequirementProblem. Never throws. */
export function matchesK8sRequirement(r: K8sRequirement, labels: Labels): boolean {
  const v = lookup(labels, r.key);
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return v !== undefined && r.values.includes(v);
    case "notin":
    case "!=":
      return v === undefined || !r.values.includes(v);
    case "exists":
      return v !== undefined;
    case "!":
      return v === undefined;
    case "gt":
    case "lt": {
      if (v === undefined) return false;
      const actual = parseInt64(v);
      const bound = r.values.length === 1 ? parseInt64(r.values[0] ?? "") : null;
      if (actual === null || bound === null) return false;
      return r.operator === "gt" ? actual > bound : actual < bound;
    }
    default:
      return assertNever(r.operator);
  }
}

/** Requirement.String(): `!k`, `k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k>1`, `k<1`. */
export function k8sRequirementToString(r: K8sRequirement): string {
  const sorted = [...r.values].sort(compareCodePoints).join(",");
  switch (r.operator) {
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
    case "in":
      return `${r.key} in (${sorted})`;
    case "notin":
      return `${r.key} notin (${sorted})`;
    case "gt":
      return `${r.key}>${sorted}`;
    case "lt":
      return `${r.key}<${sorted}`;
    case "=":
    case "==":
    case "!=":
      return `${r.key}${r.operator}${sorted}`;
    default:
      return assertNever(r.operator);
  }
}

/** The Calico node with the same meaning, or null for `gt` / `lt` (Calico has no numeric comparison). */
export function k8sRequirementToNode(r: K8sRequirement): SelectorNode | null {
  const key = r.key;
  switch (r.operator) {
    case "exists":
      return { kind: "has", key };
    case "!":
      return { kind: "not", operand: { kind: "has", key } };
    case "=":
    case "==":
      return { kind: "eq", key, value: r.values[0] ?? "" };
    case "!=":
      return { kind: "ne", key, value: r.values[0] ?? "" };
    case "in":
      return { kind: "in", key, values: toSortedUniqueValues(r.values) };
    case "notin":
      return { kind: "notIn", key, values: toSortedUniqueValues(r.values) };
    case "gt":
    case "lt":
      return null;
    default:
      return assertNever(r.operator);
  }
}
