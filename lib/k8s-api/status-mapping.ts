/**
 * DomainError ↔ Kubernetes Status, both ways:
 *  - `toK8sStatus`: what the /k8s API answers for an error a ClusterBackend threw;
 *  - `toDomainError`: what the Kubernetes backend throws for a Status a real apiserver answered,
 *    with field paths taken from `details.causes`.
 * Pure; never throws (both return values).
 */
import {
  AlreadyExistsError,
  BadRequestError,
  ClusterUnavailableError,
  ConflictError,
  DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from "@/lib/errors";
import type { FieldError } from "@/lib/errors";
import type { K8sStatus, StatusSubject } from "@/lib/k8s-api/status";
import { alreadyExistsStatus, buildFailureStatus, conflictStatus, expiredStatus, forbiddenStatus, invalidStatus, notFoundStatus, unauthorizedStatus } from "@/lib/k8s-api/status";

function withSubject(status: K8sStatus, message: string): K8sStatus {
  return { ...status, message };
}

/**
 * The Status for a DomainError about `subject`. The embedded backend already words its
 * NotFound/AlreadyExists/Conflict/Forbidden messages like the apiserver, so they are kept (a
 * missing namespace on create reads `namespaces "x" not found`, not the object's name); the
 * details always name the subject. Validation errors become Invalid with one cause per field.
 */
export function toK8sStatus(error: DomainError, subject: StatusSubject): K8sStatus {
  switch (error.code) {
    case "validation":
    case "policy.unknownTier": {
      const errors = error instanceof ValidationError ? error.errors : [];
      return errors.length > 0 ? invalidStatus(subject, errors) : withSubject(invalidStatus(subject, []), error.message);
    }
    case "notFound":
      return withSubject(notFoundStatus(subject), error.message);
    case "alreadyExists":
      return withSubject(alreadyExistsStatus(subject), error.message);
    case "conflict":
      return error.message.startsWith("Operation cannot be fulfilled") ? withSubject(conflictStatus(subject), error.message) : conflictStatus(subject, error.message);
    case "forbidden":
      return error.message.includes("is forbidden") ? withSubject(forbiddenStatus(subject, ""), error.message) : forbiddenStatus(subject, error.message);
    case "gone":
      return expiredStatus(error.message);
    case "unauthenticated":
      return unauthorizedStatus();
    case "clusterUnavailable":
      return buildFailureStatus("ServiceUnavailable", error.message);
    case "payloadTooLarge":
      return buildFailureStatus("RequestEntityTooLarge", error.message);
    case "unsupportedMediaType":
      return buildFailureStatus("UnsupportedMediaType", error.message);
    case "badRequest":
    case "selector.syntax":
      return buildFailureStatus("BadRequest", error.message);
    default: {
      const never: never = error.code;
      return buildFailureStatus("InternalError", `unexpected error code ${String(never)}`);
    }
  }
}

function fieldErrorsOf(status: K8sStatus): FieldError[] {
  return (status.details?.causes ?? []).map((c) => ({ path: c.field ?? "", message: c.message ?? c.reason ?? "invalid" }));
}

/**
 * The DomainError for a Status from a real apiserver. `current` is attached to ConflictError
 * when the caller has the stored object. Unknown reasons map by code; 5xx and unknown codes
 * become ClusterUnavailableError.
 */
export function toDomainError(status: K8sStatus, current?: unknown): DomainError {
  const message = status.message ?? status.reason ?? `HTTP ${status.code}`;
  switch (status.reason) {
    case "Invalid":
      return new ValidationError(message, fieldErrorsOf(status));
    case "NotFound":
      return new NotFoundError(message);
    case "AlreadyExists":
      return new AlreadyExistsError(message);
    case "Conflict":
      return new ConflictError(message, current);
    case "Forbidden":
      return new ForbiddenError(message);
    case "Unauthorized":
      return new UnauthenticatedError(message);
    case "Gone":
    case "Expired":
      return new GoneError(message);
    case "BadRequest":
    case "MethodNotAllowed":
    case "UnsupportedMediaType":
    case "NotAcceptable":
      return new BadRequestError(message);
    default:
      break;
  }
  switch (status.code) {
    case 400:
      return new BadRequestError(message);
    case 401:
      return new UnauthenticatedError(message);
    case 403:
      return new ForbiddenError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message, current);
    case 410:
      return new GoneError(message);
    case 422:
      return new ValidationError(message, fieldErrorsOf(status));
    default:
      return new ClusterUnavailableError(message);
  }
}
