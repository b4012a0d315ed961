/**
 * Stored graph node positions through the route handlers, on a throwaway data folder: empty at
 * first, PUT merges (nodes not sent keep their place), per user, per saved view (another
 * user's view is 404; the positions go when the view is deleted), viewers may store theirs,
 * tokens without a user cannot, validation (422 with field paths), unknown cluster (404),
 * DELETE forgets them, and the rows live in the shared database.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphPositionsReply } from "@/lib/contracts/graph-positions";
import type { SavedGraphView } from "@/lib/contracts/saved-views";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "DELETE", Handler>>;
let positions: RouteModule;
let views: RouteModule;
let view: RouteModule;
let closeDatabase: () => Promise<void>;
let admin = "";
let viewer = "";
let unowned = "";

const h = (m: RouteModule, k: keyof RouteModule): Handler => {
  const fn = m[k];
  if (fn === undefined) throw new Error(`no ${k}`);
  return fn;
};
const params = { cluster: "embedded" };
const PATH = "/api/v1/clusters/embedded/graph/positions";

beforeAll(async () => {
  const session: RouteModule = await import("@/app/api/v1/session/route");
  positions = await import("@/app/api/v1/clusters/[cluster]/graph/positions/route");
  views = await import("@/app/api/v1/clusters/[cluster]/graph/views/route");
  view = await import("@/app/api/v1/clusters/[cluster]/graph/views/[id]/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const { getSql } = await import("@/lib/server/db");
  const { createSession } = await import("@/lib/server/auth/sessions");
  const { issueApiToken } = await import("@/lib/server/kube/api-tokens");
  admin = cookieFrom(await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } }));
  const viewerId = randomUUID();
  const sql = await getSql();
  await sql.query(`INSERT INTO "User" (id, username, "passwordHash", role) VALUES ($1, 'vic', 'x', 'viewer')`, [viewerId]);
  viewer = `palisade-session=${(await createSession(viewerId)).token}`;
  unowned = (await issueApiToken("ci-positions", undefined)).token;
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

const get = async (cookie: string, q = ""): Promise<GraphPositionsReply> => {
  const res = await call(h(positions, "GET"), "GET", `${PATH}${q}`, { cookie, params });
  expect(res.status).toBe(200);
  return (await res.json()) as GraphPositionsReply;
};
const put = (cookie: string, body: unknown, q = "") => call(h(positions, "PUT"), "PUT", `${PATH}${q}`, { cookie, params, json: body });

describe("graph positions", () => {
  it("starts empty, then stores and merges positions (nodes not sent keep theirs)", async () => {
    expect(await get(admin)).toEqual({ positions: {} });
    const first = await put(admin, { positions: { "ns:default": { x: 10, y: 20 }, "wl:default/a-*": { x: -5.5, y: 3 } } });
    expect(first.status).toBe(200);
    const second = await put(admin, { positions: { "ns:default": { x: 100, y: 200 } } });
    expect(((await second.json()) as GraphPositionsReply).positions).toEqual({ "ns:default": { x: 100, y: 200 }, "wl:default/a-*": { x: -5.5, y: 3 } });
    const got = await get(admin);
    expect(got.positions).toEqual({ "ns:default": { x: 100, y: 200 }, "wl:default/a-*": { x: -5.5, y: 3 } });
    expect(typeof got.updatedAt).toBe("string");
  });

  it("keeps positions per user: a viewer may store theirs and does not see the admin's", async () => {
    expect(await get(viewer)).toEqual({ positions: {} });
    expect((await put(viewer, { positions: { "ns:dev": { x: 1, y: 1 } } })).status).toBe(200);
    expect((await get(viewer)).positions).toEqual({ "ns:dev": { x: 1, y: 1 } });
    expect(Object.keys((await get(admin)).positions)).not.toContain("ns:dev");
  });

  it("keeps positions per saved view, refuses another user's view (404), and drops them with the view", async () => {
    const res = await call(h(views, "POST"), "POST", "/api/v1/clusters/embedded/graph/views", { cookie: admin, params, json: { name: "zones", state: { range: { kind: "preset", preset: "1h" } } } });
    const saved = (await res.json()) as SavedGraphView;
    const q = `?view=${saved.id}`;
    expect((await put(admin, { positions: { "grp:zone=dmz": { x: 0, y: 0 }, "ns:dmz": { x: 7, y: 8 } } }, q)).status).toBe(200);
    expect((await get(admin, q)).positions).toEqual({ "grp:zone=dmz": { x: 0, y: 0 }, "ns:dmz": { x: 7, y: 8 } });
    expect(Object.keys((await get(admin)).positions)).not.toContain("ns:dmz");
    const other = await call(h(positions, "GET"), "GET", `${PATH}${q}`, { cookie: viewer, params });
    expect(other.status).toBe(404);
    expect((await put(viewer, { positions: { a: { x: 1, y: 1 } } }, q)).status).toBe(404);
    expect((await call(h(view, "DELETE"), "DELETE", `/api/v1/clusters/embedded/graph/views/${saved.id}`, { cookie: admin, params: { ...params, id: saved.id } })).status).toBe(204);
    const { getSql } = await import("@/lib/server/db");
    const { rows } = await (await getSql()).query<{ n: number }>(`SELECT count(*)::int AS n FROM "GraphPositions" WHERE "viewId" = $1`, [saved.id]);
    expect(rows[0]?.n).toBe(0);
  });

  it("answers 422 with field paths for bad positions, 400 for a malformed view id, 403 for a token without a user, 401 without credentials", async () => {
    const bad = await put(admin, { positions: { "ns:a": { x: "left", y: 1 }, "ns:b": { x: 1, y: 1e9 } } });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["positions.ns:a.x", "positions.ns:b.y"]);
    const badView = await call(h(positions, "GET"), "GET", `${PATH}?view=nope`, { cookie: admin, params });
    // A malformed query parameter is a bad request (400), as on every route.
    expect(badView.status).toBe(400);
    const token = await call(h(positions, "PUT"), "PUT", PATH, { bearer: unowned, params, json: { positions: { a: { x: 1, y: 1 } } } });
    expect(token.status).toBe(403);
    const anon = await call(h(positions, "GET"), "GET", PATH, { params });
    expect(anon.status).toBe(401);
  });

  it("answers 404 for an unknown cluster", async () => {
    const res = await call(h(positions, "GET"), "GET", "/api/v1/clusters/nope/graph/positions", { cookie: admin, params: { cluster: "nope" } });
    expect(res.status).toBe(404);
  });

  it("forgets the positions on DELETE (204)", async () => {
    const res = await call(h(positions, "DELETE"), "DELETE", PATH, { cookie: admin, params });
    expect(res.status).toBe(204);
    expect(await get(admin)).toEqual({ positions: {} });
  });
});
