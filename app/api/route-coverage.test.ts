/**
 * No route can be reached around the authentication gate: every app/api/**\/route.ts export is
 * a `withRoute(...)` handler (checked in the source and at run time), only the allow-listed
 * exports are public, and every other export answers 401 problem JSON without credentials.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { Handler } from "@/lib/server/http/route-test-kit";

const API_DIR = path.resolve(__dirname);
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
/** The only exports reachable without credentials: health checks and login (password or OIDC). */
const PUBLIC = new Set(["v1/healthz/route.ts GET", "v1/session/route.ts POST", "v1/oidc/login/route.ts GET", "v1/oidc/callback/route.ts GET"]);
/**
 * Unsafe-method exports a viewer may call: computations that write nothing to a cluster, the
 * viewer's own saved views and graph positions, logout, and the viewer's own API tokens. Every other write export
 * must refuse a viewer with 403 (checked below), so a new write route is protected by default.
 */
const VIEWER_WRITES = new Set([
  "v1/clusters/[cluster]/graph/views/route.ts POST",
  "v1/clusters/[cluster]/graph/views/[id]/route.ts DELETE",
  "v1/clusters/[cluster]/graph/positions/route.ts PUT",
  "v1/clusters/[cluster]/graph/positions/route.ts DELETE",
  "v1/clusters/[cluster]/policies-ops/what-if/route.ts POST",
  "v1/clusters/[cluster]/policies-ops/impact/route.ts POST",
  "v1/clusters/[cluster]/policies-ops/selects/route.ts POST",
  "v1/clusters/[cluster]/recommendations/workload/route.ts POST",
  "v1/clusters/[cluster]/recommendations/check/route.ts POST",
  "v1/session/route.ts DELETE",
  "v1/tokens/route.ts POST",
  "v1/tokens/[id]/route.ts DELETE",
]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" || e.name === "route.tsx" || e.name === "route.js" ? [full] : [];
  });
}

const files = routeFiles(API_DIR).map((f) => ({ file: f, rel: path.relative(API_DIR, f).split(path.sep).join("/") }));
const data = useThrowawayDataDir();
let closeDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ closeDatabase } = await import("@/lib/server/db"));
});
afterAll(async () => {
  await closeDatabase?.();
  data.cleanup();
});

describe("route coverage", () => {
  it("finds the API routes", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)("$rel: every export is `export const <METHOD> = withRoute(`", ({ file }) => {
    const source = readFileSync(file, "utf8");
    // No function, class, default or re-exports: those could bypass the wrapper.
    expect(source).not.toMatch(/export\s+(async\s+)?function\b/);
    expect(source).not.toMatch(/export\s+default\b/);
    expect(source).not.toMatch(/export\s*\{/);
    expect(source).not.toMatch(/export\s+\*/);
    const exports = [...source.matchAll(/export\s+(const|let|var)\s+(\w+)\s*=\s*([\w.]+)/g)];
    expect(exports.length).toBeGreaterThan(0);
    for (const [, , name, init] of exports) {
      expect(HTTP_METHODS as readonly string[], `${name} is not an HTTP method export`).toContain(name);
      expect(init, `${name} must be created by withRoute`).toBe("withRoute");
    }
    const publicOptions = [...source.matchAll(/public:\s*true/g)].length;
    const allowed = [...PUBLIC].filter((p) => p.startsWith(path.relative(API_DIR, file).split(path.sep).join("/") + " ")).length;
    expect(publicOptions, "only allow-listed exports may be public").toBeLessThanOrEqual(allowed);
  });

  it.each(files)("$rel: every export carries the withRoute mark at run time", async ({ file }) => {
    const { ROUTE_MARK } = await import("@/lib/server/http/with-route");
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      expect(HTTP_METHODS as readonly string[]).toContain(name);
      expect((value as Record<symbol, unknown>)[ROUTE_MARK], `${name} lacks the withRoute mark`).toBe(true);
    }
  });

  it.each(files)("$rel: every non-public export answers 401 problem JSON without credentials", async ({ file, rel }) => {
    const mod = (await import(file)) as Record<string, Handler>;
    const params = { cluster: "embedded", resource: "tiers", name: "default", namespace: "default" };
    for (const [method, handler] of Object.entries(mod)) {
      if (PUBLIC.has(`${rel} ${method}`)) continue;
      const res = await call(handler, method, "/api/v1/probe", { params, text: method === "GET" || method === "HEAD" ? undefined : "{}" });
      expect(res.status, `${method} ${rel}`).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 401, code: "unauthenticated" });
    }
  });
});

describe("permissions on every route", () => {
  const VIEWER_PASSWORD = "viewer-password-123";
  let viewer = "";

  beforeAll(async () => {
    // A viewer whose scope holds no tier and no namespace: the least anyone can have.
    const { getPrisma } = await import("@/lib/server/db");
    const { hashPassword } = await import("@/lib/server/auth/password");
    const prisma = await getPrisma();
    await prisma.user.create({ data: { id: "00000000-0000-4000-8000-00000000beef", username: "nobody", passwordHash: await hashPassword(VIEWER_PASSWORD), role: "viewer", tiers: [], namespaces: [] } });
    const session = (await import("@/app/api/v1/session/route")) as Record<string, Handler>;
    const login = session["POST"];
    if (login === undefined) throw new Error("no login export");
    viewer = cookieFrom(await call(login, "POST", "/api/v1/session", { json: { username: "nobody", password: VIEWER_PASSWORD } }));
  }, 60_000);

  it.each(files)("$rel: a viewer is refused every write that is not allow-listed (403 problem JSON)", async ({ file, rel }) => {
    const mod = (await import(file)) as Record<string, Handler>;
    const params = { cluster: "embedded", resource: "tiers", name: "default", namespace: "default", username: "admin", id: "00000000-0000-4000-8000-000000000000" };
    for (const [method, handler] of Object.entries(mod)) {
      if (method === "GET" || method === "HEAD" || PUBLIC.has(`${rel} ${method}`) || VIEWER_WRITES.has(`${rel} ${method}`)) continue;
      const res = await call(handler, method, "/api/v1/probe", { cookie: viewer, params, text: "{}" });
      expect(res.status, `${method} ${rel}`).toBe(403);
      expect(await res.json()).toMatchObject({ status: 403, code: "forbidden" });
    }
  });

  it.each(files)("$rel: every read answers a viewer with an empty scope without a server error", async ({ file, rel }) => {
    const mod = (await import(file)) as Record<string, Handler>;
    const params = { cluster: "embedded", resource: "globalnetworkpolicies", name: "default.x", namespace: "default", username: "admin", id: "00000000-0000-4000-8000-000000000000" };
    const handler = mod["GET"];
    if (handler === undefined || PUBLIC.has(`${rel} GET`)) return;
    const res = await call(handler, "GET", "/api/v1/probe", { cookie: viewer, params });
    expect(res.status, `GET ${rel}`).toBeLessThan(500);
    await res.body?.cancel();
  });
});
