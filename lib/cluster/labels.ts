/**
 * Changing only the labels of an object (the Workloads page's label editor): which keys to set
 * and which to remove, checked as Kubernetes checks label keys and values, applied to a label
 * map, and written as a JSON merge patch that carries nothing but those labels (and the
 * resourceVersion precondition). Pure; never throws.
 */
import { labelValueErrors, qualifiedNameErrors } from "@/lib/calico/k8s-names";
import type { FieldError } from "@/lib/errors";

export interface LabelChange {
  /** Keys to add or change, with their new values. */
  readonly set: Readonly<Record<string, string>>;
  /** Keys to remove (absent keys are ignored, as a merge patch ignores them). */
  readonly remove: readonly string[];
}

/** Labels the API server owns: a Namespace's name label is reset on every write. */
const SERVER_OWNED: Readonly<Record<string, readonly string[]>> = { Namespace: ["kubernetes.io/metadata.name"] };

/** Every problem of a change, with the field path `metadata.labels.<key>`; [] when it is valid. */
export function checkLabelChange(kind: string, change: LabelChange): readonly FieldError[] {
  const errors: FieldError[] = [];
  const owned = SERVER_OWNED[kind] ?? [];
  for (const [k, v] of Object.entries(change.set)) {
    const path = `metadata.labels.${k}`;
    for (const e of qualifiedNameErrors(k)) errors.push({ path, message: `invalid label key "${k}": ${e}` });
    for (const e of labelValueErrors(v)) errors.push({ path, message: `invalid label value "${v}": ${e}` });
    if (owned.includes(k)) errors.push({ path, message: `${k} is set by the API server and cannot be changed` });
    if (change.remove.includes(k)) errors.push({ path, message: "the same key cannot be set and removed" });
  }
  for (const k of change.remove) if (owned.includes(k)) errors.push({ path: `metadata.labels.${k}`, message: `${k} is set by the API server and cannot be removed` });
  if (Object.keys(change.set).length === 0 && change.remove.length === 0) errors.push({ path: "metadata.labels", message: "nothing to change: set or remove at least one label" });
  return errors;
}

/** The labels after the change (a new map; the input is not touched). */
export function applyLabelChange(labels: Readonly<Record<string, string>> | undefined, change: LabelChange): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  for (const k of change.remove) delete out[k];
  return { ...out, ...change.set };
}

/** The JSON merge patch (RFC 7386) of the change: removed keys as null, plus the precondition. */
export function toLabelMergePatch(change: LabelChange, resourceVersion?: string): { readonly metadata: Readonly<Record<string, unknown>> } {
  const labels: Record<string, string | null> = {};
  for (const k of change.remove) labels[k] = null;
  Object.assign(labels, change.set);
  return { metadata: { labels, ...(resourceVersion !== undefined && resourceVersion !== "" ? { resourceVersion } : {}) } };
}

/** The change that turns `before` into `after` (for an editor holding the whole map). */
export function diffLabels(before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>>): LabelChange {
  const set: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) if (before?.[k] !== v) set[k] = v;
  return { set, remove: Object.keys(before ?? {}).filter((k) => !(k in after)) };
}
