import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { BadRequestError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { authenticate } from "@/lib/server/auth/authenticate";
import { isHttpsRequest } from "@/lib/server/auth/cookies";
import { isSameOriginRequest, isUnsafeMethod } from "@/lib/server/auth/csrf";
import type { Principal, Role } from "@/lib/server/auth/principal";
import { hasRole } from "@/lib/server/auth/principal";
import { runAsPrincipal } from "@/lib/server/auth/request-context";
import { env } from "@/lib/server/env";
import { findNulPath, parseJsonText, readCheckedBody } from "@/lib/server/http/body";
import { applySecurityHeaders } from "@/lib/server/http/security-headers";
import { buildProblem, problemFromError, problemResponse } from "@/lib/server/http/problem";
import { log, toErrorFields } from "@/lib/server/log";

/**
 * withRoute(): the one wrapper every route handler export goes through (route-coverage.test.ts
 * enforces it). In order it: assigns a request id; refuses cross-origin cookie-authenticated
 * writes (see auth/csrf.ts); authenticates (a session is required unless `public: true`);
 * checks the role; parses the query and body with the given zod schemas; calls the handler as
 * the caller (request-context.ts: cluster backends and data queries then apply the caller's
 * tier and namespace permissions, lib/auth/permissions.ts);
 * and turns anything thrown into `application/problem+json` (lib/server/http/problem.ts).
 */
export interface RouteOptions {
  /** Reachable without credentials. Only login and health checks may set this. */
  readonly public?: true;
  /** Schema for the dynamic path segments. A mismatch answers 404 (no such resource). */
  readonly params?: z.ZodType;
  /** Minimum role; default `viewer` for GET/HEAD, `editor` for writes. */
  readonly role?: Role;
  /** Schema for the query string (an object of strings). Failures answer 400. */
  readonly query?: z.ZodType;
  /** Schema for a JSON body. Malformed JSON answers 400, schema failures 422 with field paths. */
  readonly body?: z.ZodType;
  /** Read the body as raw text (YAML import). */
  readonly textBody?: true;
  /** Largest body accepted, in bytes; default PALISADE_MAX_BODY_BYTES. Larger ones answer 413. */
  readonly maxBodyBytes?: number;
}

type RouteParams = Record<string, string | string[] | undefined>;

/** What a handler receives. */
export interface RouteInput<O extends RouteOptions> {
  readonly req: Request;
  readonly url: URL;
  readonly params: O["params"] extends z.ZodType<infer P> ? P : Record<string, never>;
  readonly query: O["query"] extends z.ZodType<infer Q> ? Q : undefined;
  readonly body: O["body"] extends z.ZodType<infer B> ? B : O["textBody"] extends true ? string : undefined;
  readonly principal: O["public"] extends true ? Principal | undefined : Principal;
  readonly requestId: string;
}

/** The signature Next calls: `(request, { params })`. */
export type RouteHandler = (req: Request, ctx: { params: Promise<RouteParams> }) => Promise<Response>;

/** Marks functions made by withRoute, for the route-coverage test. */
export const ROUTE_MARK: unique symbol = Symbol.for("palisade.withRoute");

/** A handler may return a Response, or any JSON value (sent as 200). */
export type HandlerResult = Response | object | null;

/** Sends a JSON body with a status (default 200). */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json");
  h.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { status, headers: h });
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Wraps a route handler; see the module comment for what it does. */
export function withRoute<const O extends RouteOptions>(
  options: O,
  handler: (input: RouteInput<O>) => Promise<HandlerResult>,
): RouteHandler {
  const wrapped: RouteHandler = async (req, ctx) => {
    const started = Date.now();
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming !== null && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const url = new URL(req.url);
    let principal: Principal | undefined;
    let response: Response;
    try {
      const caller = await admit(req, options);
      principal = caller;
      // The handler runs as the caller: getClusterBackend and the data queries apply the
      // caller's tier and namespace scopes from this context (lib/server/auth/request-context.ts).
      const result = await runAsPrincipal(caller, async () => {
        const params = parseParams(options.params, await ctx.params);
        const query = options.query === undefined ? undefined : parseQuery(options.query, url);
        const body = await readBody(req, options);
        // The RouteInput conditional types follow `options`; the values above were produced from
        // the same `options`, so the shape matches by construction.
        const input = { req, url, params, query, body, principal: caller, requestId } as RouteInput<O>;
        return handler(input);
      });
      response = result instanceof Response ? result : json(result);
    } catch (error) {
      response = errorResponse(error, url.pathname, requestId);
    }
    response.headers.set("x-request-id", requestId);
    applySecurityHeaders(response.headers, isHttpsRequest(req.url, req.headers));
    log.info("request", {
      requestId,
      method: req.method,
      path: url.pathname,
      status: response.status,
      ms: Date.now() - started,
      user: principal?.username,
    });
    return response;
  };
  Object.defineProperty(wrapped, ROUTE_MARK, { value: true });
  return wrapped;
}

async function admit(req: Request, options: RouteOptions): Promise<Principal | undefined> {
  const bearer = req.headers.has("authorization");
  if (!bearer && !isSameOriginRequest(req, env.PALISADE_TRUSTED_ORIGINS)) {
    throw new ForbiddenError("cross-origin request refused: writes must come from the console's own origin");
  }
  if (options.public === true) {
    // Public routes still learn who is calling when they can, but bad credentials do not block them.
    return authenticate(req).catch(() => undefined);
  }
  const principal = await authenticate(req);
  if (principal === undefined) throw new UnauthenticatedError("log in or send an API token");
  const required = options.role ?? (isUnsafeMethod(req.method) ? "editor" : "viewer");
  if (!hasRole(principal.role, required)) throw new ForbiddenError(`this needs the ${required} role; you have ${principal.role}`);
  return principal;
}

function parseParams(schema: z.ZodType | undefined, raw: RouteParams): unknown {
  if (schema === undefined) return raw;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new NotFoundError(`no such resource: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

function parseQuery(schema: z.ZodType, url: URL): unknown {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in raw)) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new BadRequestError(`invalid query: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(query)"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

async function readBody(req: Request, options: RouteOptions): Promise<unknown> {
  if (options.textBody !== true && options.body === undefined) return undefined;
  const text = await readCheckedBody(req, options.textBody === true ? "text" : "json", options.maxBodyBytes ?? env.PALISADE_MAX_BODY_BYTES);
  if (options.textBody === true || options.body === undefined) return text;
  const value = text.trim() === "" ? {} : parseJsonText(text);
  const nul = findNulPath(value);
  if (nul !== undefined) throw new ValidationError("the request body is invalid", [{ path: nul, message: "must not contain NUL (U+0000) characters" }]);
  const parsed = options.body.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(
      "the request body is invalid",
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  return parsed.data;
}

function errorResponse(error: unknown, instance: string, requestId: string): Response {
  const problem = problemFromError(error, instance, requestId);
  if (problem !== undefined) {
    const headers: HeadersInit = problem.status === 401 ? { "www-authenticate": 'Bearer realm="palisade"' } : {};
    return problemResponse(problem, headers);
  }
  // Unknown errors: everything to the log, nothing about them to the client.
  log.error("unhandled error in route handler", { requestId, path: instance, error: toErrorFields(error) });
  return problemResponse(buildProblem("internal", "An unexpected error occurred. The server log has the details under this request id.", instance, requestId));
}
