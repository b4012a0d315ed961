import "server-only";
/**
 * The fieldValidation hook of /k8s writes (create, update, patch): unknown fields (per the
 * kind's schema, lib/k8s-api/schemas.ts) and duplicate JSON keys are refused (Strict), dropped
 * with a Warning header each (Warn, the default) or dropped silently (Ignore), before the
 * object is validated. See lib/k8s-api/field-validation.ts.
 */
import type { FieldValidation } from "@/lib/k8s-api/field-validation";
import { dropUnknownFields, strictDecodingMessage, strictFieldErrors, warningHeaderValue } from "@/lib/k8s-api/field-validation";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import { ref } from "@/lib/k8s-api/schema";
import { DEFINITIONS, definitionNameOf } from "@/lib/k8s-api/schemas";
import type { ApiResource } from "@/lib/k8s-api/api-resources";
import { buildFailureStatus } from "@/lib/k8s-api/status";
import { K8sStatusError } from "@/lib/server/kube/k8s-response";

/** Per-request field validation state: the mode, the body's duplicate keys, the warnings to send. */
export interface FieldCheck {
  readonly mode: FieldValidation;
  duplicates: readonly string[];
  warnings: readonly string[];
}

export function newFieldCheck(mode: FieldValidation): FieldCheck {
  return { mode, duplicates: [], warnings: [] };
}

/**
 * Applies the request's fieldValidation mode to a body about to be written. Returns the body
 * without unknown fields (Warn, Ignore) or throws 400 (Strict). `patch` words the Strict error
 * as the patch handler does (no "cannot be handled as" prefix).
 */
export function checkFields(check: FieldCheck, resource: ApiResource, body: JsonObject, patch: boolean): JsonObject {
  const name = definitionNameOf(resource.group, resource.version, resource.wireKind);
  const found = name === undefined ? { value: body, unknown: [] } : dropUnknownFields(body, ref(name), DEFINITIONS);
  const errors = strictFieldErrors(found.unknown, check.duplicates);
  // A patch retried after a conflict checks again: the warnings are those of the last attempt.
  check.warnings = [];
  if (errors.length === 0) return body;
  if (check.mode === "Strict") {
    const message = strictDecodingMessage(errors);
    throw new K8sStatusError(buildFailureStatus("BadRequest", patch ? message : `${resource.wireKind} in version "${resource.version}" cannot be handled as a ${resource.wireKind}: ${message}`));
  }
  if (check.mode === "Warn") check.warnings = errors;
  return isJsonObject(found.value) ? found.value : body;
}

/** Adds one `Warning` header per warning of the request (a Response built here has mutable headers). */
export function withWarnings(res: Response, check: FieldCheck): Response {
  for (const w of check.warnings) res.headers.append("warning", warningHeaderValue(w));
  return res;
}
