/**
 * Users, scopes, tokens and sign-in through the route handlers (the server side of walkthrough
 * W6): an admin adds alice (editor of tier `security` only) and bob (viewer of namespaces `dev`
 * and `default`); alice sees other tiers locked and cannot change them through the board, the
 * resource routes or Apply YAML; bob sees only his namespaces' flows; a revoked token and a
 * disabled user are refused at once; the authentication audit log names who did what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toFlowWire } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();

type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;
const m: Record<string, RouteModule> = {};
let closeDatabase: () => Promise<void>;
let admin = "";
let alice = "";
let bob = "";
const params = { cluster: "embedded" };
const ALICE_PASSWORD = "alice-password-123";
const BOB_PASSWORD = "bob-password-12345";

function h(name: string, method: keyof RouteModule): Handler {
  const fn = m[name]?.[method];
  if (fn === undefined) throw new Error(`no ${method} in ${name}`);
  return fn;
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

async function login(username: string, password: string): Promise<Response> {
  return call(h("session", "POST"), "POST", "/api/v1/session", { json: { username, password } });
}

const gnp = (tier: string, name: string, order: number, rv?: string) => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: ${tier}.${name}${rv === undefined ? "" : `\n  resourceVersion: "${rv}"`}
spec:
  tier: ${tier}
  order: ${order}
  selector: all()
  types: [Ingress]
  ingress:
    - action: Allow
`;

const tier = (name: string, order: number) => `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: ${name}
spec:
  order: ${order}
`;

async function applyAs(cookie: string, yaml: string): Promise<Response> {
  return call(h("apply", "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text: yaml, params });
}

async function listGnps(auth: { cookie?: string; bearer?: string }): Promise<Response> {
  return call(h("collection", "GET"), "GET", "/api/v1/clusters/embedded/globalnetworkpolicies", { ...auth, params: { ...params, resource: "globalnetworkpolicies" } });
}

function names(body: Record<string, unknown>): string[] {
  return (body["items"] as { metadata: { name: string } }[]).map((i) => i.metadata.name).sort();
}

beforeAll(async () => {
  m["session"] = await import("@/app/api/v1/session/route");
  m["users"] = await import("@/app/api/v1/users/route");
  m["user"] = await import("@/app/api/v1/users/[username]/route");
  m["password"] = await import("@/app/api/v1/users/[username]/password/route");
  m["disable"] = await import("@/app/api/v1/users/[username]/disable/route");
  m["tokens"] = await import("@/app/api/v1/tokens/route");
  m["token"] = await import("@/app/api/v1/tokens/[id]/route");
  m["authEvents"] = await import("@/app/api/v1/auth-events/route");
  m["apply"] = await import("@/app/api/v1/clusters/[cluster]/apply/route");
  m["collection"] = await import("@/app/api/v1/clusters/[cluster]/[resource]/route");
  m["object"] = await import("@/app/api/v1/clusters/[cluster]/[resource]/[name]/route");
  m["board"] = await import("@/app/api/v1/clusters/[cluster]/board/route");
  m["boardChanges"] = await import("@/app/api/v1/clusters/[cluster]/board/changes/route");
  m["flows"] = await import("@/app/api/v1/clusters/[cluster]/flows/route");
  m["ingest"] = await import("@/app/api/v1/flowlogs/route");
  m["audit"] = await import("@/app/api/v1/clusters/[cluster]/audit/route");
  m["graph"] = await import("@/app/api/v1/clusters/[cluster]/graph/route");
  m["k8s"] = await import("@/app/k8s/[[...path]]/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const res = await login("admin", TEST_ADMIN_PASSWORD);
  expect(res.status).toBe(200);
  admin = cookieFrom(res);
  const setup = await applyAs(admin, [tier("security", 100), tier("platform", 200), gnp("security", "allow-dns", 10), gnp("platform", "base", 10)].join("---\n"));
  expect(setup.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

describe("user administration", () => {
  it("creates alice and bob with scopes (201) and lists them", async () => {
    const a = await call(h("users", "POST"), "POST", "/api/v1/users", { cookie: admin, json: { username: "alice", password: ALICE_PASSWORD, role: "editor", tiers: ["security"] } });
    expect(a.status).toBe(201);
    expect(await json(a)).toMatchObject({ username: "alice", role: "editor", tiers: ["security"], namespaces: null, disabled: false });
    const b = await call(h("users", "POST"), "POST", "/api/v1/users", { cookie: admin, json: { username: "bob", password: BOB_PASSWORD, role: "viewer", namespaces: ["dev", "default"] } });
    expect(b.status).toBe(201);
    const list = await json(await call(h("users", "GET"), "GET", "/api/v1/users", { cookie: admin }));
    expect((list["items"] as { username: string }[]).map((u) => u.username)).toEqual(["admin", "alice", "bob"]);
    alice = cookieFrom(await login("alice", ALICE_PASSWORD));
    bob = cookieFrom(await login("bob", BOB_PASSWORD));
  });

  it("refuses a duplicate (409), a short password (422 naming the field) and non-admins (403)", async () => {
    const dup = await call(h("users", "POST"), "POST", "/api/v1/users", { cookie: admin, json: { username: "alice", password: ALICE_PASSWORD, role: "viewer" } });
    expect(dup.status).toBe(409);
    const short = await call(h("users", "POST"), "POST", "/api/v1/users", { cookie: admin, json: { username: "carol", password: "short", role: "viewer" } });
    expect(short.status).toBe(422);
    expect(await json(short)).toMatchObject({ errors: [{ path: "password" }] });
    const byAlice = await call(h("users", "GET"), "GET", "/api/v1/users", { cookie: alice });
    expect(byAlice.status).toBe(403);
    expect(await json(byAlice)).toMatchObject({ code: "forbidden" });
  });

  it("never removes or demotes the last enabled admin", async () => {
    const res = await call(h("user", "PATCH"), "PATCH", "/api/v1/users/admin", { cookie: admin, json: { role: "viewer" }, params: { username: "admin" } });
    expect(res.status).toBe(409);
    const del = await call(h("user", "DELETE"), "DELETE", "/api/v1/users/admin", { cookie: admin, params: { username: "admin" } });
    expect(del.status).toBe(409);
  });
});

describe("tier scope (alice, editor of tier security)", () => {
  it("lists only policies of her tiers and shows the others locked on the board", async () => {
    expect(names(await json(await listGnps({ cookie: alice })))).toEqual(["security.allow-dns"]);
    expect(names(await json(await listGnps({ cookie: admin })))).toEqual(expect.arrayContaining(["platform.base", "security.allow-dns"]));
    const board = await json(await call(h("board", "GET"), "GET", "/api/v1/clusters/embedded/board", { cookie: alice, params }));
    expect(board["lockedTiers"]).toEqual(["default", "platform"]);
    const resources = board["resources"] as { kind: string; metadata: { name: string } }[];
    expect(resources.filter((r) => r.kind !== "Tier").map((r) => r.metadata.name)).toEqual(["security.allow-dns"]);
    expect(resources.filter((r) => r.kind === "Tier").map((r) => r.metadata.name).sort()).toEqual(["default", "platform", "security"]);
    const adminBoard = await json(await call(h("board", "GET"), "GET", "/api/v1/clusters/embedded/board", { cookie: admin, params }));
    expect(adminBoard["lockedTiers"]).toBeUndefined();
  });

  it("refuses reading another tier's policy with 403 naming the tier", async () => {
    const res = await call(h("object", "GET"), "GET", "/api/v1/clusters/embedded/globalnetworkpolicies/platform.base", { cookie: alice, params: { ...params, resource: "globalnetworkpolicies", name: "platform.base" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await json(res)).toMatchObject({ code: "forbidden", missing: { tiers: ["platform"] } });
  });

  it("applies YAML document by document: one denied document refuses the whole apply, naming it", async () => {
    const res = await applyAs(alice, [gnp("security", "new-one", 20), gnp("platform", "sneaky", 20)].join("---\n"));
    expect(res.status).toBe(403);
    const body = await json(res);
    expect(body).toMatchObject({ code: "forbidden", missing: { tiers: ["platform"] }, documents: [{ index: 1, kind: "GlobalNetworkPolicy", name: "platform.sneaky" }] });
    expect(String(body["detail"])).toContain('tier "platform"');
    expect(names(await json(await listGnps({ cookie: admin })))).not.toContain("security.new-one");
    const ok = await applyAs(alice, gnp("security", "new-one", 20));
    expect(ok.status).toBe(200);
  });

  it("creates and updates her tier's policies through REST; another tier's create and update are 403 and write nothing", async () => {
    const collection = { ...params, resource: "globalnetworkpolicies" };
    const created = await call(h("collection", "POST"), "POST", "/api/v1/clusters/embedded/globalnetworkpolicies", { cookie: alice, text: gnp("security", "via-rest", 30), params: collection });
    expect(created.status).toBe(201);
    const rv = ((await json(created))["metadata"] as { resourceVersion: string }).resourceVersion;
    const one = { ...collection, name: "security.via-rest" };
    const updated = await call(h("object", "PUT"), "PUT", "/api/v1/clusters/embedded/globalnetworkpolicies/security.via-rest", { cookie: alice, text: gnp("security", "via-rest", 31, rv), params: one });
    expect(updated.status).toBe(200);
    expect(((await json(updated))["spec"] as { order: number }).order).toBe(31);
    const other = await call(h("collection", "POST"), "POST", "/api/v1/clusters/embedded/globalnetworkpolicies", { cookie: alice, text: gnp("platform", "via-rest", 30), params: collection });
    expect(other.status).toBe(403);
    expect(await json(other)).toMatchObject({ code: "forbidden", missing: { tiers: ["platform"] } });
    const list = await json(await listGnps({ cookie: admin }));
    const base = (list["items"] as { metadata: { name: string; resourceVersion: string } }[]).find((i) => i.metadata.name === "platform.base");
    if (base === undefined) throw new Error("platform.base missing");
    const put = await call(h("object", "PUT"), "PUT", "/api/v1/clusters/embedded/globalnetworkpolicies/platform.base", { cookie: alice, text: gnp("platform", "base", 99, base.metadata.resourceVersion), params: { ...collection, name: "platform.base" } });
    expect(put.status).toBe(403);
    expect(names(await json(await listGnps({ cookie: admin })))).not.toContain("platform.via-rest");
    const after = (((await json(await listGnps({ cookie: admin })))["items"]) as { metadata: { name: string }; spec: { order: number } }[]).find((i) => i.metadata.name === "platform.base");
    expect(after?.spec.order).toBe(10);
    const del = await call(h("object", "DELETE"), "DELETE", "/api/v1/clusters/embedded/globalnetworkpolicies/security.via-rest", { cookie: alice, params: one });
    expect(del.status).toBeLessThan(300);
  });

  it("refuses a move out of her tier and a move into it (both tiers needed), and allows reordering her own", async () => {
    const list = await json(await listGnps({ cookie: admin }));
    const items = list["items"] as { metadata: { name: string; resourceVersion: string } }[];
    const own = items.find((i) => i.metadata.name === "security.allow-dns");
    const other = items.find((i) => i.metadata.name === "platform.base");
    if (own === undefined || other === undefined) throw new Error("seeded policies missing");
    const out = await call(h("boardChanges", "POST"), "POST", "/api/v1/clusters/embedded/board/changes", {
      cookie: alice,
      params,
      json: { changes: [{ key: "GlobalNetworkPolicy/security.allow-dns", resourceVersion: own.metadata.resourceVersion, tier: "platform", name: "platform.allow-dns" }] },
    });
    expect(out.status).toBe(403);
    expect(await json(out)).toMatchObject({ missing: { tiers: ["platform"] } });
    const into = await call(h("boardChanges", "POST"), "POST", "/api/v1/clusters/embedded/board/changes", {
      cookie: alice,
      params,
      json: { changes: [{ key: "GlobalNetworkPolicy/platform.base", resourceVersion: other.metadata.resourceVersion, tier: "security", name: "security.base" }] },
    });
    expect(into.status).toBe(403);
    const reorder = await call(h("boardChanges", "POST"), "POST", "/api/v1/clusters/embedded/board/changes", {
      cookie: alice,
      params,
      json: { changes: [{ key: "GlobalNetworkPolicy/security.allow-dns", resourceVersion: own.metadata.resourceVersion, order: 5 }] },
    });
    expect(reorder.status).toBe(200);
    const del = await call(h("object", "DELETE"), "DELETE", "/api/v1/clusters/embedded/globalnetworkpolicies/platform.base", { cookie: alice, params: { ...params, resource: "globalnetworkpolicies", name: "platform.base" } });
    expect(del.status).toBe(403);
  });

  it("refuses her writes that touch every namespace (flow-log shipping) with 403", async () => {
    const res = await call(h("ingest", "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie: alice, text: JSON.stringify(toFlowWire(aFlow())) });
    expect(res.status).toBe(403);
    expect(await json(res)).toMatchObject({ code: "forbidden", missing: { unrestricted: ["tiers"] } });
  });

  it("shows her only audit entries of objects she may see", async () => {
    const res = await json(await call(h("audit", "GET"), "GET", "/api/v1/clusters/embedded/audit?limit=200", { cookie: alice, params }));
    const items = res["items"] as { kind: string; name: string }[];
    expect(items.some((e) => e.name === "security.allow-dns")).toBe(true);
    expect(items.some((e) => e.name === "platform.base")).toBe(false);
  });
});

describe("namespace scope (bob, viewer of dev and default)", () => {
  const T0 = 1_700_000_000;
  it("sees only flows touching his namespaces and cannot write", async () => {
    const flow = (src: string, dst: string, port: number) =>
      JSON.stringify(toFlowWire(aFlow({ startTime: T0, endTime: T0 + 15, source: { ...aFlow().source, namespace: src, port }, dest: { ...aFlow().dest, namespace: dst } })));
    const body = [flow("dev", "default", 41001), flow("storefront", "storefront", 41002), flow("storefront", "dev", 41003), flow("kube-system", "storefront", 41004)].join("\n");
    const ingested = await call(h("ingest", "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie: admin, text: body });
    expect(ingested.status).toBe(200);
    const q = `/api/v1/clusters/embedded/flows?limit=100&from=${T0 - 10}&to=${T0 + 100}`;
    const all = (await json(await call(h("flows", "GET"), "GET", q, { cookie: admin, params })))["items"] as unknown[];
    expect(all).toHaveLength(4);
    const mine = (await json(await call(h("flows", "GET"), "GET", q, { cookie: bob, params })))["items"] as { source: { namespace: string }; dest: { namespace: string } }[];
    expect(mine).toHaveLength(2);
    for (const f of mine) expect(["dev", "default"].some((n) => f.source.namespace === n || f.dest.namespace === n)).toBe(true);
    const write = await applyAs(bob, tier("bobs", 300));
    expect(write.status).toBe(403);
    const gq = `/api/v1/clusters/embedded/graph?from=${T0 - 10}&to=${T0 + 100}`;
    const adminGraph = await json(await call(h("graph", "GET"), "GET", gq, { cookie: admin, params }));
    const bobGraph = await json(await call(h("graph", "GET"), "GET", gq, { cookie: bob, params }));
    expect(adminGraph["groups"]).toBe(4);
    expect(bobGraph["groups"]).toBe(2);
  });

  it("lists only namespaced objects of his namespaces", async () => {
    const res = await call(h("collection", "GET"), "GET", "/api/v1/clusters/embedded/pods", { cookie: bob, params: { ...params, resource: "pods" } });
    expect(res.status).toBe(200);
    const pods = (await json(res))["items"] as { metadata: { namespace: string } }[];
    expect(pods.length).toBeGreaterThan(0);
    expect(new Set(pods.map((p) => p.metadata.namespace))).toEqual(new Set(["dev", "default"].filter((n) => pods.some((p) => p.metadata.namespace === n))));
  });
});

describe("API tokens", () => {
  let aliceToken = "";
  let aliceTokenId = "";

  it("issues a token that never exceeds its creator and acts with her scope", async () => {
    const tooMuch = await call(h("tokens", "POST"), "POST", "/api/v1/tokens", { cookie: alice, json: { name: "ci", role: "admin", tiers: ["platform"] } });
    expect(tooMuch.status).toBe(422);
    expect(await json(tooMuch)).toMatchObject({ errors: [{ path: "role" }, { path: "tiers" }] });
    const longer = await call(h("tokens", "POST"), "POST", "/api/v1/tokens", { cookie: alice, json: { name: "ci", expiresInDays: 400 } });
    expect(longer.status).toBe(422);
    const res = await call(h("tokens", "POST"), "POST", "/api/v1/tokens", { cookie: alice, json: { name: "ci" } });
    expect(res.status).toBe(201);
    const issued = await json(res);
    aliceToken = String(issued["token"]);
    aliceTokenId = String(issued["id"]);
    expect(issued).toMatchObject({ name: "ci", role: "editor", tiers: ["security"], user: "alice" });
    const days = (Date.parse(String(issued["expiresAt"])) - Date.parse(String(issued["createdAt"]))) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    expect(names(await json(await listGnps({ bearer: aliceToken })))).toEqual(["security.allow-dns", "security.new-one"]);
  });

  it("carries her scope to kubectl's API (/k8s): lists filtered, other tiers forbidden", async () => {
    const k8s = async (method: string, path: string[], body?: unknown): Promise<Response> => {
      const handler = m["k8s"]?.[method as keyof RouteModule];
      if (handler === undefined) throw new Error(`no ${method} in /k8s`);
      const headers = new Headers({ authorization: `Bearer ${aliceToken}` });
      if (body !== undefined) headers.set("content-type", "application/json");
      const req = new Request(`http://palisade.test/k8s/${path.join("/")}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return handler(req, { params: Promise.resolve({ path }) });
    };
    const list = await k8s("GET", ["apis", "projectcalico.org", "v3", "globalnetworkpolicies"]);
    expect(list.status).toBe(200);
    expect(names(await json(list))).toEqual(["security.allow-dns", "security.new-one"]);
    const create = await k8s("POST", ["apis", "projectcalico.org", "v3", "globalnetworkpolicies"], {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "platform.via-kubectl" },
      spec: { tier: "platform", order: 1, selector: "all()" },
    });
    expect(create.status).toBe(403);
    expect(await json(create)).toMatchObject({ kind: "Status", reason: "Forbidden" });
  });

  it("lists tokens: your own, an admin everyone's, with the documented fields", async () => {
    const own = await json(await call(h("tokens", "GET"), "GET", "/api/v1/tokens", { cookie: alice }));
    expect(own["items"]).toEqual([expect.objectContaining({ id: aliceTokenId, name: "ci", role: "editor", createdAt: expect.any(String), expiresAt: expect.any(String), lastUsedAt: expect.any(String) })]);
    expect((await json(await call(h("tokens", "GET"), "GET", "/api/v1/tokens", { cookie: bob })))["items"]).toEqual([]);
    const all = await json(await call(h("tokens", "GET"), "GET", "/api/v1/tokens", { cookie: admin }));
    expect((all["items"] as { id: string }[]).map((t) => t.id)).toContain(aliceTokenId);
  });

  it("hides other users' tokens from non-admins; an admin's revoke is refused at once (401)", async () => {
    const byBob = await call(h("token", "DELETE"), "DELETE", `/api/v1/tokens/${aliceTokenId}`, { cookie: bob, params: { id: aliceTokenId } });
    expect(byBob.status).toBe(404);
    const res = await call(h("token", "DELETE"), "DELETE", `/api/v1/tokens/${aliceTokenId}`, { cookie: admin, params: { id: aliceTokenId } });
    expect(res.status).toBe(204);
    expect((await listGnps({ bearer: aliceToken })).status).toBe(401);
  });
});

describe("disabling and passwords", () => {
  it("disabling bob ends his session at once; he cannot sign in again", async () => {
    const res = await call(h("disable", "POST"), "POST", "/api/v1/users/bob/disable", { cookie: admin, params: { username: "bob" } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ username: "bob", disabled: true });
    expect((await call(h("session", "GET"), "GET", "/api/v1/session", { cookie: bob })).status).toBe(401);
    expect((await login("bob", BOB_PASSWORD)).status).toBe(401);
  });

  it("a password reset ends alice's sessions and tokens", async () => {
    const tok = String((await json(await call(h("tokens", "POST"), "POST", "/api/v1/tokens", { cookie: alice, json: { name: "second" } })))["token"]);
    expect((await listGnps({ bearer: tok })).status).toBe(200);
    const res = await call(h("password", "POST"), "POST", "/api/v1/users/alice/password", { cookie: admin, json: { password: "a-brand-new-password" }, params: { username: "alice" } });
    expect(res.status).toBe(204);
    expect((await listGnps({ bearer: tok })).status).toBe(401);
    expect((await call(h("session", "GET"), "GET", "/api/v1/session", { cookie: alice })).status).toBe(401);
    expect((await login("alice", "a-brand-new-password")).status).toBe(200);
  });

  it("the authentication audit log shows who did it", async () => {
    const res = await json(await call(h("authEvents", "GET"), "GET", "/api/v1/auth-events?limit=200", { cookie: admin }));
    const items = res["items"] as { actor: string; action: string; target: string; outcome: string }[];
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: "admin", action: "user.create", target: "user:alice", outcome: "success" }),
        expect.objectContaining({ actor: "admin", action: "user.update", target: "user:bob", outcome: "success" }),
        expect.objectContaining({ actor: "admin", action: "token.revoke", outcome: "success" }),
        expect.objectContaining({ actor: "alice", action: "token.create", outcome: "failure" }),
        expect.objectContaining({ actor: "bob", action: "login", outcome: "failure" }),
        expect.objectContaining({ actor: "alice", action: "login", outcome: "success" }),
      ]),
    );
    const aliceView = await json(await call(h("authEvents", "GET"), "GET", "/api/v1/auth-events?limit=200", { cookie: cookieFrom(await login("alice", "a-brand-new-password")) }));
    for (const e of aliceView["items"] as { actor: string; target: string }[]) expect(e.actor === "alice" || e.target === "user:alice").toBe(true);
  });
});

describe("login throttling", () => {
  it("slows a username down after repeated failures, in the database, without touching other users", async () => {
    for (let i = 0; i < 4; i += 1) expect((await login("admin", "wrong-password-guess")).status).toBe(401);
    const throttled = await login("admin", TEST_ADMIN_PASSWORD);
    expect(throttled.status).toBe(401);
    expect(String((await json(throttled))["detail"])).toMatch(/try again in \d+ s/);
    expect((await login("alice", "a-brand-new-password")).status).toBe(200);
    const { getPrisma } = await import("@/lib/server/db");
    const row = await (await getPrisma()).loginThrottle.findUnique({ where: { key: "user:admin" } });
    expect(row?.failures).toBe(4);
    // The wait is bounded: clearing the block (as time passing would) lets the admin in again.
    await (await getPrisma()).loginThrottle.update({ where: { key: "user:admin" }, data: { blockedUntil: new Date(0) } });
    expect((await login("admin", TEST_ADMIN_PASSWORD)).status).toBe(200);
  });
});
