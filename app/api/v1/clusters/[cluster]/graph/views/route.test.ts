/**
 * Saved graph views through the route handlers, on a throwaway data folder: save (201), replace
 * by name (200), list by name, per-user isolation (another user neither lists nor deletes
 * them), viewers may save, tokens without a user cannot, validation (422 with field paths),
 * unknown cluster (404), delete (204, then 404), and that the rows live in the shared database
 * (what a second console process would read).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphViewState, SavedGraphView, SavedGraphViewList } from "@/lib/contracts/saved-views";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
type RouteModule = Partial<Record<"GET" | "POST" | "DELETE", Handler>>;
let views: RouteModule;
let view: RouteModule;
let closeDatabase: () => Promise<void>;
let admin = "";
let viewer = "";
let unowned = "";
let viewerId = "";

const h = (m: RouteModule, k: keyof RouteModule): Handler => {
  const fn = m[k];
  if (fn === undefined) throw new Error(`no ${k}`);
  return fn;
};
const params = { cluster: "embedded" };
const PATH = "/api/v1/clusters/embedded/graph/views";

const STATE: GraphViewState = {
  range: { kind: "preset", preset: "6h" },
  namespaces: ["default", "dev"],
  actions: ["denied"],
  search: "api",
  expanded: ["default"],
  groupBy: "zone",
  focus: { nodeId: "wl:default/api-*", hideUnrelated: true },
  viewport: { zoom: 1.5, pan: { x: -120, y: 40.5 } },
};

beforeAll(async () => {
  const session: RouteModule = await import("@/app/api/v1/session/route");
  views = await import("@/app/api/v1/clusters/[cluster]/graph/views/route");
  view = await import("@/app/api/v1/clusters/[cluster]/graph/views/[id]/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const { getSql } = await import("@/lib/server/db");
  const { createSession } = await import("@/lib/server/auth/sessions");
  const { issueApiToken } = await import("@/lib/server/kube/api-tokens");
  admin = cookieFrom(await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } }));
  viewerId = randomUUID();
  const sql = await getSql();
  await sql.query(`INSERT INTO "User" (id, username, "passwordHash", role) VALUES ($1, 'vera', 'x', 'viewer')`, [viewerId]);
  viewer = `palisade-session=${(await createSession(viewerId)).token}`;
  unowned = (await issueApiToken("ci", undefined)).token;
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

const list = async (cookie: string): Promise<SavedGraphView[]> => {
  const res = await call(h(views, "GET"), "GET", PATH, { cookie, params });
  expect(res.status).toBe(200);
  return [...((await res.json()) as SavedGraphViewList).items];
};

describe("saved graph views", () => {
  let saved: SavedGraphView;

  it("saves a view (201) and lists it with its whole state", async () => {
    const res = await call(h(views, "POST"), "POST", PATH, { cookie: admin, params, json: { name: "  denied in dev ", state: STATE } });
    expect(res.status).toBe(201);
    saved = (await res.json()) as SavedGraphView;
    expect(saved).toMatchObject({ name: "denied in dev", state: STATE });
    expect(await list(admin)).toEqual([saved]);
  });

  it("replaces the view of the same name (200, same id) and lists views by name", async () => {
    const next: GraphViewState = { ...STATE, actions: [], viewport: undefined, range: { kind: "absolute", from: 1_700_000_000, to: 1_700_003_600 } };
    const res = await call(h(views, "POST"), "POST", PATH, { cookie: admin, params, json: { name: "denied in dev", state: next } });
    expect(res.status).toBe(200);
    const replaced = (await res.json()) as SavedGraphView;
    expect(replaced.id).toBe(saved.id);
    expect(replaced.state.actions).toEqual([]);
    expect(replaced.state.viewport).toBeUndefined();
    expect(replaced.state.range).toEqual({ kind: "absolute", from: 1_700_000_000, to: 1_700_003_600 });
    await call(h(views, "POST"), "POST", PATH, { cookie: admin, params, json: { name: "all traffic", state: { range: { kind: "preset", preset: "1h" } } } });
    expect((await list(admin)).map((v) => v.name)).toEqual(["all traffic", "denied in dev"]);
  });

  it("fills defaults for omitted parts of the state", async () => {
    const all = (await list(admin)).find((v) => v.name === "all traffic");
    expect(all?.state).toEqual({ range: { kind: "preset", preset: "1h" }, namespaces: [], actions: [], search: "", expanded: [], groupBy: "" });
  });

  it("keeps views per user: a viewer may save their own and sees only those", async () => {
    expect(await list(viewer)).toEqual([]);
    const res = await call(h(views, "POST"), "POST", PATH, { cookie: viewer, params, json: { name: "denied in dev", state: STATE } });
    expect(res.status).toBe(201);
    expect((await list(viewer)).map((v) => v.name)).toEqual(["denied in dev"]);
    expect((await list(admin)).map((v) => v.name)).toEqual(["all traffic", "denied in dev"]);
  });

  it("does not let another user delete a view (404, still there)", async () => {
    const res = await call(h(view, "DELETE"), "DELETE", `${PATH}/${saved.id}`, { cookie: viewer, params: { ...params, id: saved.id } });
    expect(res.status).toBe(404);
    expect((await list(admin)).some((v) => v.id === saved.id)).toBe(true);
  });

  it("refuses a token without a user (403) and lists nothing for it", async () => {
    const res = await call(h(views, "POST"), "POST", PATH, { bearer: unowned, params, json: { name: "x", state: STATE } });
    expect(res.status).toBe(403);
    const got = await call(h(views, "GET"), "GET", PATH, { bearer: unowned, params });
    expect(await got.json()).toEqual({ items: [] });
  });

  it("answers 422 with field paths for a bad state and 401 without credentials", async () => {
    const bad = await call(h(views, "POST"), "POST", PATH, { cookie: admin, params, json: { name: "", state: { ...STATE, actions: ["maybe"], viewport: { zoom: -1, pan: { x: 0, y: 0 } } } } });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["name", "state.actions.0", "state.viewport.zoom"]);
    const anon = await call(h(views, "GET"), "GET", PATH, { params });
    expect(anon.status).toBe(401);
  });

  it("answers 404 for an unknown cluster and for a malformed id", async () => {
    const res = await call(h(views, "GET"), "GET", "/api/v1/clusters/nope/graph/views", { cookie: admin, params: { cluster: "nope" } });
    expect(res.status).toBe(404);
    const del = await call(h(view, "DELETE"), "DELETE", `${PATH}/not-a-uuid`, { cookie: admin, params: { ...params, id: "not-a-uuid" } });
    expect(del.status).toBe(404);
  });

  it("stores views in the shared database, and deletes them (204, then 404)", async () => {
    const { getSql } = await import("@/lib/server/db");
    const sql = await getSql();
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "SavedView" WHERE "userId" = $1`, [viewerId]);
    expect(rows[0]?.n).toBe(1);
    const del = await call(h(view, "DELETE"), "DELETE", `${PATH}/${saved.id}`, { cookie: admin, params: { ...params, id: saved.id } });
    expect(del.status).toBe(204);
    expect((await list(admin)).map((v) => v.name)).toEqual(["all traffic"]);
    const again = await call(h(view, "DELETE"), "DELETE", `${PATH}/${saved.id}`, { cookie: admin, params: { ...params, id: saved.id } });
    expect(again.status).toBe(404);
  });
});
