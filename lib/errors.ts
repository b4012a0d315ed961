/**
 * Domain errors. Each carries a literal `code` that lib/server/http maps to an HTTP status.
 * Nothing here knows about HTTP.
 */

/** One problem with one field of a resource, named by its path (`spec.ingress[0].destination.ports[1]`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export type DomainErrorCode =
  | "validation"
  | "notFound"
  | "conflict"
  | "alreadyExists"
  | "forbidden"
  | "unauthenticated"
  | "gone"
  | "clusterUnavailable"
  | "badRequest"
  | "payloadTooLarge"
  | "unsupportedMediaType"
  | "selector.syntax"
  | "policy.unknownTier";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is well-formed but breaks the resource rules; `errors` lists every field at fault. */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super("validation", message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super("notFound", message);
  }
}

/** A write carried a stale resourceVersion, or the object changed under it. */
export class ConflictError extends DomainError {
  constructor(
    message: string,
    readonly current?: unknown,
  ) {
    super("conflict", message);
  }
}

export class AlreadyExistsError extends DomainError {
  constructor(message: string) {
    super("alreadyExists", message);
  }
}

/** A watch asked for a resourceVersion older than what is kept. */
export class GoneError extends DomainError {
  constructor(message: string) {
    super("gone", message);
  }
}

export class BadRequestError extends DomainError {
  constructor(message: string) {
    super("badRequest", message);
  }
}

/** The request body is larger than the configured limit (or holds too many documents). */
export class PayloadTooLargeError extends DomainError {
  constructor(message: string) {
    super("payloadTooLarge", message);
  }
}

/** The request body's Content-Type is not one this endpoint reads. */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: string) {
    super("unsupportedMediaType", message);
  }
}

/** What a permission denial is missing (lib/auth/permissions.ts Missing), sent as `missing`. */
export interface MissingPermission {
  readonly role?: string;
  readonly tiers?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly unrestricted?: readonly string[];
}

/** A mutable copy of a MissingPermission, for JSON bodies. */
export function missingToJson(m: MissingPermission): { role?: string; tiers?: string[]; namespaces?: string[]; unrestricted?: string[] } {
  return {
    ...(m.role !== undefined ? { role: m.role } : {}),
    ...(m.tiers !== undefined ? { tiers: [...m.tiers] } : {}),
    ...(m.namespaces !== undefined ? { namespaces: [...m.namespaces] } : {}),
    ...(m.unrestricted !== undefined ? { unrestricted: [...m.unrestricted] } : {}),
  };
}

/** One denied document of a multi-document write, sent in `documents`. */
export interface DeniedDocument {
  readonly index: number;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly errors: readonly FieldError[];
}

export class ForbiddenError extends DomainError {
  constructor(
    message: string,
    readonly missing?: MissingPermission,
    readonly documents?: readonly DeniedDocument[],
  ) {
    super("forbidden", message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message: string) {
    super("unauthenticated", message);
  }
}

export class ClusterUnavailableError extends DomainError {
  constructor(message: string) {
    super("clusterUnavailable", message);
  }
}

/** Guard for DomainError and its subclasses. */
export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
