/**
 * Revision diffs for the change log: two versions of a resource serialised as YAML (v3 wire
 * form, Calico's field order, label and annotation keys sorted) and compared line by line, plus
 * a field-level summary ("spec.order: 100 → 150"). Server bookkeeping that changes on every
 * write (metadata.resourceVersion, generation, creationTimestamp, uid, managedFields) is ignored.
 */
import { stringify } from "yaml";
import type { CalicoResource } from "@/lib/calico/types";
import { RESOURCE_KINDS, toWireObject } from "@/lib/calico";
import type { DiffLine } from "@/lib/board/line-diff";
import { diffLines } from "@/lib/board/line-diff";

const IGNORED_METADATA = new Set(["resourceVersion", "generation", "creationTimestamp", "uid", "managedFields"]);
const USER_MAPS = new Set(["labels", "annotations", "matchLabels"]);

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isResource(value: unknown): value is CalicoResource {
  return (
    isRecord(value) &&
    typeof value["kind"] === "string" &&
    // Safe: widening the literal tuple to string[] only to test membership.
    (RESOURCE_KINDS as readonly string[]).includes(value["kind"]) &&
    isRecord(value["metadata"]) &&
    !("apiVersion" in value)
  );
}

/** Sorts keys of user maps; other objects keep their (already stable) key order. */
function sortUserMaps(value: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => sortUserMaps(v, undefined));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (parentKey !== undefined && USER_MAPS.has(parentKey)) keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) if (value[k] !== undefined) out[k] = sortUserMaps(value[k], k);
  return out;
}

function sortAllKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortAllKeys);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) if (value[k] !== undefined) out[k] = sortAllKeys(value[k]);
  return out;
}

/**
 * The comparable form of one revision: a model resource becomes its v3 wire object; any other
 * object (e.g. a stored wire object) gets its keys sorted; ignored metadata fields are dropped.
 * undefined (no such revision) stays undefined. Never throws.
 */
export function normaliseForDiff(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const wire = isResource(value) ? toWireObject(value) : sortAllKeys(value);
  if (!isRecord(wire)) return wire;
  const meta = wire["metadata"];
  if (!isRecord(meta)) return sortUserMaps(wire, undefined);
  const kept = Object.fromEntries(Object.entries(meta).filter(([k]) => !IGNORED_METADATA.has(k)));
  return sortUserMaps({ ...wire, metadata: kept }, undefined);
}

/** The YAML text of a revision as the diff shows it ("" for no revision). */
export function revisionYaml(value: unknown): string {
  const n = normaliseForDiff(value);
  return n === undefined ? "" : stringify(n, { lineWidth: 0 });
}

function toLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Side-by-side line diff of two revisions (either may be undefined: creation or deletion).
 * Rows: `same`, `del` (left only), `add` (right only), `change` (left replaced by right).
 * Never throws.
 */
export function diffObjects(before: unknown, after: unknown): DiffLine[] {
  return diffLines(toLines(revisionYaml(before)), toLines(revisionYaml(after)));
}

/** One changed leaf field. `before`/`after` are undefined when the field is absent on that side. */
export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

function segment(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (isRecord(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, path === "" ? segment(k).replace(/^\./, "") : `${path}${segment(k)}`, out);
  } else if (value !== undefined) {
    out.set(path, value);
  }
}

/**
 * Leaf-level changes between two revisions, with paths like `spec.order`,
 * `spec.ingress[0].destination.ports[1]`, `metadata.labels["app.kubernetes.io/name"]`; arrays
 * compare by index. Order: fields of `before` in document order, then fields only in `after`.
 * Never throws.
 */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(normaliseForDiff(before), "", a);
  flatten(normaliseForDiff(after), "", b);
  const changes: FieldChange[] = [];
  for (const [path, va] of a) {
    if (!b.has(path)) changes.push({ path, before: va });
    else if (JSON.stringify(va) !== JSON.stringify(b.get(path))) changes.push({ path, before: va, after: b.get(path) });
  }
  for (const [path, vb] of b) if (!a.has(path)) changes.push({ path, after: vb });
  return changes;
}

/** "spec.order: 100 → 150"; an absent side reads "(none)". */
export function formatFieldChange(change: FieldChange): string {
  const show = (v: unknown): string => (v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));
  return `${change.path}: ${show(change.before)} → ${show(change.after)}`;
}
