/**
 * Small typed accessors for walking untrusted wire objects while collecting FieldErrors. Each
 * accessor reports a type error at the field's path and returns undefined instead of throwing,
 * so a validator can keep going and report every problem in a document.
 */
import type { FieldError } from "@/lib/errors";
import { labelValueErrors, qualifiedNameErrors } from "@/lib/calico/k8s-names";

/** Collects errors for one document. */
export class Issues {
  readonly list: FieldError[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

export type WireObject = Readonly<Record<string, unknown>>;

/** `spec` + `order` → `spec.order`. */
export function child(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** `spec.ingress` + 0 → `spec.ingress[0]`. */
export function item(path: string, index: number): string {
  return `${path}[${index}]`;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  return typeof value === "object" ? "object" : typeof value;
}

/** Guard for plain objects (not arrays, not null). */
export function isWireObject(value: unknown): value is WireObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns the value as an object, or reports `must be an object`. */
export function asObject(issues: Issues, value: unknown, path: string): WireObject | undefined {
  if (isWireObject(value)) return value;
  issues.add(path, `must be an object, got ${typeName(value)}`);
  return undefined;
}

/** Reports every key of `obj` not in `allowed` the way strict field validation does. */
export function checkKnownFields(issues: Issues, obj: WireObject, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) issues.add(child(path, key), `unknown field "${child(path, key)}"`);
  }
}

/** An optional string field (null counts as absent, as in Go's JSON decoding). */
export function optString(issues: Issues, obj: WireObject, key: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  issues.add(child(path, key), `must be a string, got ${typeName(v)}`);
  return undefined;
}

/** An optional boolean field. */
export function optBool(issues: Issues, obj: WireObject, key: string, path: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  issues.add(child(path, key), `must be a boolean, got ${typeName(v)}`);
  return undefined;
}

/** An optional finite number field. */
export function optNumber(issues: Issues, obj: WireObject, key: string, path: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  issues.add(child(path, key), `must be a number, got ${typeName(v)}`);
  return undefined;
}

/** An optional integer field. */
export function optInteger(issues: Issues, obj: WireObject, key: string, path: string): number | undefined {
  const v = optNumber(issues, obj, key, path);
  if (v === undefined) return undefined;
  if (Number.isInteger(v)) return v;
  issues.add(child(path, key), `must be an integer, got ${v}`);
  return undefined;
}

/** An optional list field; returns the raw items. */
export function optList(issues: Issues, obj: WireObject, key: string, path: string): readonly unknown[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v;
  issues.add(child(path, key), `must be a list, got ${typeName(v)}`);
  return undefined;
}

/** An optional list of strings; reports each non-string item at its index. */
export function optStringList(issues: Issues, obj: WireObject, key: string, path: string): readonly string[] | undefined {
  const list = optList(issues, obj, key, path);
  if (list === undefined) return undefined;
  const out: string[] = [];
  list.forEach((v, i) => {
    if (typeof v === "string") out.push(v);
    else issues.add(item(child(path, key), i), `must be a string, got ${typeName(v)}`);
  });
  return out;
}

/** An optional optional object field. */
export function optObject(issues: Issues, obj: WireObject, key: string, path: string): WireObject | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  return asObject(issues, v, child(path, key));
}

/** An optional map of strings to strings (labels, annotations, matchLabels). */
export function optStringMap(issues: Issues, obj: WireObject, key: string, path: string): Readonly<Record<string, string>> | undefined {
  const m = optObject(issues, obj, key, path);
  if (m === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === "string") out[k] = v;
    else issues.add(child(child(path, key), k), `must be a string, got ${typeName(v)}`);
  }
  return out;
}

/** Checks a label map: qualified-name keys and valid label values. */
export function checkLabels(issues: Issues, labels: Readonly<Record<string, string>>, path: string): void {
  for (const [k, v] of Object.entries(labels)) {
    for (const e of qualifiedNameErrors(k)) issues.add(child(path, k), `invalid label key "${k}": ${e}`);
    for (const e of labelValueErrors(v)) issues.add(child(path, k), `invalid label value "${v}": ${e}`);
  }
}

const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Checks an annotation map: qualified-name keys (case-insensitive) and a 256 KiB total size. */
export function checkAnnotations(issues: Issues, annotations: Readonly<Record<string, string>>, path: string): void {
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const e of qualifiedNameErrors(k.toLowerCase())) issues.add(child(path, k), `invalid annotation key "${k}": ${e}`);
    total += k.length + v.length;
  }
  if (total > ANNOTATIONS_MAX_BYTES) {
    issues.add(path, `total size of annotations is too large by ${total - ANNOTATIONS_MAX_BYTES} bytes`);
  }
}

/** Reports a value outside an enumeration with the Kubernetes "Unsupported value" wording. */
export function checkEnum(issues: Issues, value: string | undefined, path: string, allowed: readonly string[]): void {
  if (value === undefined || allowed.includes(value)) return;
  issues.add(path, `unsupported value "${value}": supported values are ${allowed.map((a) => `"${a}"`).join(", ")}`);
}
