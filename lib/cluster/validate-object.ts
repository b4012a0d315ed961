/**
 * One entry point to validate any object a ClusterBackend stores: Calico and Kubernetes policy
 * kinds go to the Calico engine's validator (lib/calico), core kinds to core-validate.ts.
 * Pure; never throws.
 */
import type { ClusterObject, CoreObject } from "@/lib/cluster/backend";
import { validateCoreObject } from "@/lib/cluster/core-validate";
import { CORE_KINDS } from "@/lib/cluster/kinds";
import { toStoredSecret } from "@/lib/cluster/config-data";
import { validateResource } from "@/lib/calico/validate";
import type { FieldError } from "@/lib/errors";

export interface ObjectValidation {
  /** The object to store (normalised by the validator) when there are no errors. */
  readonly object?: ClusterObject;
  readonly errors: readonly FieldError[];
}

function isCoreShaped(raw: unknown): raw is CoreObject {
  return (
    typeof raw === "object" &&
    raw !== null &&
    "kind" in raw &&
    // "kind" in raw was checked; widening the list for includes() is safe.
    (CORE_KINDS as readonly unknown[]).includes((raw as { kind: unknown }).kind)
  );
}

/**
 * Validates `raw` (model form: `kind` + `metadata` + `spec`; Calico wire forms with apiVersion
 * are accepted too). Returns the object to store, or every field error with its path.
 */
export function validateClusterObject(raw: unknown): ObjectValidation {
  if (isCoreShaped(raw)) {
    const errors = validateCoreObject(raw);
    if (errors.length) return { errors };
    return { object: raw.kind === "Secret" ? toStoredSecret(raw) : raw, errors: [] };
  }
  const r = validateResource(raw);
  return r.resource ? { object: r.resource, errors: [] } : { errors: r.errors };
}

/** Prefixes every path with a document index, for multi-document applies: `[2].spec.order`. */
export function prefixFieldErrors(index: number, errors: readonly FieldError[]): readonly FieldError[] {
  return errors.map((e) => ({ path: e.path ? `[${index}].${e.path}` : `[${index}]`, message: e.message }));
}
