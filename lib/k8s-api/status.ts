/**
 * Kubernetes `Status` objects (meta/v1), the error body of every non-2xx answer of the /k8s API,
 * built with the same reasons, codes and messages as k8s.io/apimachinery/pkg/api/errors:
 *
 *   NotFound 404   `tiers.projectcalico.org "x" not found`
 *   AlreadyExists 409  `tiers.projectcalico.org "x" already exists`
 *   Conflict 409   `Operation cannot be fulfilled on tiers.projectcalico.org "x": <why>`
 *   Invalid 422    `Tier.projectcalico.org "x" is invalid: spec.order: Invalid value…`, causes per field
 *   Expired 410    too old resource version / expired continue token (NewResourceExpired)
 *   Gone 410, Forbidden 403, Unauthorized 401, BadRequest 400, MethodNotAllowed 405,
 *   UnsupportedMediaType 415, ServiceUnavailable 503, InternalError 500
 *
 * Pure; no HTTP. lib/server/kube maps DomainErrors onto these builders.
 */
import type { FieldError } from "@/lib/errors";

export const STATUS_REASONS = [
  "NotFound",
  "AlreadyExists",
  "Conflict",
  "Invalid",
  "Forbidden",
  "Unauthorized",
  "Gone",
  "Expired",
  "BadRequest",
  "MethodNotAllowed",
  "UnsupportedMediaType",
  "RequestEntityTooLarge",
  "NotAcceptable",
  "ServiceUnavailable",
  "InternalError",
  "TooManyRequests",
  "Timeout",
  "ServerTimeout",
  "Unknown",
] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export interface StatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: readonly StatusCause[];
  readonly retryAfterSeconds?: number;
}

export interface K8sStatus {
  readonly kind: "Status";
  readonly apiVersion: "v1";
  readonly metadata: Readonly<Record<string, never>>;
  readonly status: "Failure" | "Success";
  readonly message?: string;
  readonly reason?: StatusReason;
  readonly details?: StatusDetails;
  readonly code: number;
}

/** The HTTP code of each reason, as apimachinery assigns them. */
export const STATUS_CODES: Readonly<Record<StatusReason, number>> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  Forbidden: 403,
  Unauthorized: 401,
  Gone: 410,
  Expired: 410,
  BadRequest: 400,
  MethodNotAllowed: 405,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  NotAcceptable: 406,
  ServiceUnavailable: 503,
  InternalError: 500,
  TooManyRequests: 429,
  Timeout: 504,
  ServerTimeout: 500,
  Unknown: 500,
};

/** A Failure Status with a reason, message and optional details. */
export function buildFailureStatus(reason: StatusReason, message: string, details?: StatusDetails): K8sStatus {
  const hasDetails = details !== undefined && Object.keys(details).length > 0;
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(hasDetails ? { details } : {}), code: STATUS_CODES[reason] };
}

/** What an error is about: the group, the plural (resource) or Kind, and the object name. */
export interface StatusSubject {
  readonly group: string;
  /** The resource plural (`tiers`). */
  readonly resource: string;
  /** The Kind (`Tier`), used by Invalid. */
  readonly kind: string;
  readonly name?: string;
}

function qualified(group: string, base: string): string {
  return group === "" ? base : `${base}.${group}`;
}

function subjectDetails(s: StatusSubject, useKind: boolean): StatusDetails {
  return { ...(s.name !== undefined ? { name: s.name } : {}), group: s.group, kind: useKind ? s.kind : s.resource };
}

/** 404 NotFound for one object. */
export function notFoundStatus(s: StatusSubject): K8sStatus {
  return buildFailureStatus("NotFound", `${qualified(s.group, s.resource)} "${s.name ?? ""}" not found`, subjectDetails(s, false));
}

/** 409 AlreadyExists. */
export function alreadyExistsStatus(s: StatusSubject): K8sStatus {
  return buildFailureStatus("AlreadyExists", `${qualified(s.group, s.resource)} "${s.name ?? ""}" already exists`, subjectDetails(s, false));
}

/** The reason text Kubernetes gives for an update with a stale resourceVersion. */
export const OPTIMISTIC_LOCK_MESSAGE = "the object has been modified; please apply your changes to the latest version and try again";

/** 409 Conflict (`Operation cannot be fulfilled on …`). */
export function conflictStatus(s: StatusSubject, why: string = OPTIMISTIC_LOCK_MESSAGE): K8sStatus {
  return buildFailureStatus("Conflict", `Operation cannot be fulfilled on ${qualified(s.group, s.resource)} "${s.name ?? ""}": ${why}`, subjectDetails(s, false));
}

/** 403 Forbidden for one object. */
export function forbiddenStatus(s: StatusSubject, why: string): K8sStatus {
  return buildFailureStatus("Forbidden", `${qualified(s.group, s.resource)} "${s.name ?? ""}" is forbidden: ${why}`, subjectDetails(s, false));
}

/**
 * 422 Invalid with one cause per field error (reason FieldValueInvalid; Kubernetes uses more
 * specific reasons such as FieldValueRequired when it knows them — we derive those from the
 * message prefix our validators share with apimachinery: "Required value", "Unsupported value",
 * "Duplicate value", "Forbidden", "Too long"/"Too many").
 */
export function invalidStatus(s: StatusSubject, errors: readonly FieldError[]): K8sStatus {
  const worded = errors.map((e) => ({ path: e.path, message: apimachineryMessage(e.path, e.message) }));
  const causes = worded.map((e) => ({ reason: causeReason(e.message), message: e.message, field: e.path }));
  const list = worded.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  const body = list.length === 1 ? (list[0] ?? "") : `[${list.join(", ")}]`;
  return buildFailureStatus("Invalid", `${qualified(s.group, s.kind)} "${s.name ?? ""}" is invalid: ${body}`, { ...subjectDetails(s, true), causes });
}

/**
 * The validators' own wordings (shared with the console and `palisade validate`, lib/calico) in
 * apimachinery's field.Error form, so /k8s answers like an API server:
 *   `unsupported value "X": supported values are "A", "B"` → `Unsupported value: "X": supported values: "A", "B"`
 *   `name is required` (the field's own name) → `Required value`; `<x> is required…` → `Required value: <x> is required…`
 *   `must be a number, got string` keeps its wording, with field.TypeInvalid's reason
 * Anything else is kept as written.
 */
export function apimachineryMessage(path: string, message: string): string {
  const notSupported = /^unsupported value (".*?"): supported values are (.*)$/.exec(message);
  if (notSupported !== null) return `Unsupported value: ${notSupported[1] ?? ""}: supported values: ${notSupported[2] ?? ""}`;
  if (path === "metadata.name" && /^(Required value: )?name is required$/.test(message)) return "Required value: name or generateName is required";
  const leaf = path.split(".").pop()?.replace(/\[\d+\]$/, "") ?? "";
  if (message === `${leaf} is required` || message === "Required value") return "Required value";
  if (/ is required\b/.test(message) && !message.startsWith("Required value")) return `Required value: ${message}`;
  return message;
}

/** The apimachinery field.ErrorType reason for a field error message. */
export function causeReason(message: string): string {
  if (message.startsWith("Required value")) return "FieldValueRequired";
  if (message.startsWith("Unsupported value")) return "FieldValueNotSupported";
  if (message.startsWith("Duplicate value")) return "FieldValueDuplicate";
  if (message.startsWith("Forbidden")) return "FieldValueForbidden";
  if (message.startsWith("Too long")) return "FieldValueTooLong";
  if (message.startsWith("Too many")) return "FieldValueTooMany";
  if (/^must be an? \w+, got \w+$/.test(message)) return "FieldValueTypeInvalid";
  return "FieldValueInvalid";
}

/** 410 Expired: a watch or continue token from before the compaction horizon. */
export function expiredStatus(message: string): K8sStatus {
  return buildFailureStatus("Expired", message);
}

/** 504 Timeout for a list or watch asking for a version the store has not reached (storage.NewTooLargeResourceVersionError). */
export function tooLargeResourceVersionStatus(asked: string, current: string): K8sStatus {
  return buildFailureStatus("Timeout", `Too large resource version: ${asked}, current: ${current}`, { causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }], retryAfterSeconds: 1 });
}

/** 401 Unauthorized, with the apiserver's fixed message. */
export function unauthorizedStatus(): K8sStatus {
  return buildFailureStatus("Unauthorized", "Unauthorized");
}

/** 405 MethodNotAllowed for a verb the resource does not serve. */
export function methodNotAllowedStatus(verb: string, s: Pick<StatusSubject, "group" | "resource">): K8sStatus {
  return buildFailureStatus("MethodNotAllowed", `the server does not allow this method on the requested resource`, { group: s.group, kind: s.resource, causes: [{ message: `verb ${verb} is not supported` }] });
}

/** Whether a decoded JSON value is a Kubernetes Status object. */
export function isK8sStatus(value: unknown): value is K8sStatus {
  if (typeof value !== "object" || value === null) return false;
  // A property read on a non-null object.
  const v = value as { kind?: unknown; code?: unknown };
  return v.kind === "Status" && typeof v.code === "number";
}
