import "server-only";
import type { DomainErrorCode } from "@/lib/errors";
import { AlreadyExistsError, ConflictError, ForbiddenError, ValidationError, isDomainError, missingToJson } from "@/lib/errors";
import type { Problem } from "@/lib/contracts/problem";
import { PROBLEM_CONTENT_TYPE } from "@/lib/contracts/problem";
import { ApplyRejectedError, DocumentSyntaxError } from "@/lib/server/http/apply-error";

/** What the HTTP layer says for one domain error code. */
export interface ProblemKind {
  readonly status: number;
  readonly title: string;
}

/**
 * The one table from domain error codes to HTTP. `type` URIs are `urn:palisade:problem:<code>`
 * (RFC 9457 allows any URI; a URN promises no dereferenceable page).
 */
export const PROBLEM_TABLE: Readonly<Record<DomainErrorCode | "internal", ProblemKind>> = {
  validation: { status: 422, title: "The resource is invalid" },
  badRequest: { status: 400, title: "Bad request" },
  payloadTooLarge: { status: 413, title: "The request body is too large" },
  unsupportedMediaType: { status: 415, title: "Unsupported media type" },
  notFound: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict: the object has been modified" },
  alreadyExists: { status: 409, title: "The object already exists" },
  unauthenticated: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  gone: { status: 410, title: "The requested resource version is gone" },
  clusterUnavailable: { status: 503, title: "The cluster is unavailable" },
  // A selector that does not parse is a field error of the request.
  "selector.syntax": { status: 422, title: "Invalid selector" },
  "policy.unknownTier": { status: 422, title: "The policy's tier does not exist" },
  internal: { status: 500, title: "Internal server error" },
};

/** The type URI of a problem code. */
export function problemTypeOf(code: string): string {
  return `urn:palisade:problem:${code}`;
}

/** Builds the problem body for a code, without extension members. */
export function buildProblem(code: DomainErrorCode | "internal", detail: string, instance: string, requestId: string): Problem {
  const kind = PROBLEM_TABLE[code];
  return { type: problemTypeOf(code), title: kind.title, status: kind.status, detail, instance, code, requestId };
}

/**
 * The problem body for an error thrown by a handler. Returns undefined for errors that are not
 * DomainErrors: the caller logs those and answers a generic 500.
 */
export function problemFromError(error: unknown, instance: string, requestId: string): Problem | undefined {
  if (!isDomainError(error)) return undefined;
  const base = buildProblem(error.code, error.message, instance, requestId);
  if (error instanceof ApplyRejectedError || error instanceof DocumentSyntaxError) {
    return { ...base, errors: [...error.errors], documents: error.documents.map((d) => ({ ...d, errors: [...d.errors] })) };
  }
  if (error instanceof ValidationError) return { ...base, errors: [...error.errors] };
  if (error instanceof ForbiddenError) {
    return {
      ...base,
      ...(error.missing !== undefined ? { missing: missingToJson(error.missing) } : {}),
      ...(error.documents !== undefined ? { documents: error.documents.map((d) => ({ ...d, errors: [...d.errors] })) } : {}),
    };
  }
  if (error instanceof ConflictError) return { ...base, ...currentOf(error.current) };
  if (error instanceof AlreadyExistsError) return base;
  return base;
}

function currentOf(current: unknown): Pick<Problem, "current" | "currentResourceVersion"> {
  if (current === undefined || current === null || typeof current !== "object") return {};
  const meta: unknown = (current as { metadata?: unknown }).metadata; // narrowed to object above
  const rv =
    meta !== null && typeof meta === "object" && typeof (meta as { resourceVersion?: unknown }).resourceVersion === "string"
      ? (meta as { resourceVersion: string }).resourceVersion // checked to be a string just above
      : undefined;
  return rv === undefined ? { current } : { current, currentResourceVersion: rv };
}

/** A Response carrying a problem body. */
export function problemResponse(problem: Problem, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", PROBLEM_CONTENT_TYPE);
  h.set("cache-control", "no-store");
  return new Response(JSON.stringify(problem), { status: problem.status, headers: h });
}
