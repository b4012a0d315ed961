/**
 * Route-handler tests against the embedded demo cluster on a throwaway data folder: the exported
 * GET/POST/PUT/DELETE are called with a Request, as Next would call them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();

type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "DELETE", Handler>>;
let session: RouteModule;
let clusters: RouteModule;
let cluster: RouteModule;
let reset: RouteModule;
let apply: RouteModule;
let collection: RouteModule;
let object: RouteModule;
let nsCollection: RouteModule;
let nsObject: RouteModule;
let namespaces: RouteModule;
let healthz: RouteModule;
let closeDatabase: () => Promise<void>;
let cookie = "";

function h(mod: RouteModule, method: keyof RouteModule): Handler {
  const fn = mod[method];
  if (fn === undefined) throw new Error(`no ${method} export`);
  return fn;
}

async function body(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

const TIER_YAML = (name: string, order: number, rv?: string) =>
  `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: ${name}${rv === undefined ? "" : `\n  resourceVersion: "${rv}"`}
spec:
  order: ${order}
`;

beforeAll(async () => {
  healthz = await import("@/app/api/v1/healthz/route");
  session = await import("@/app/api/v1/session/route");
  clusters = await import("@/app/api/v1/clusters/route");
  cluster = await import("@/app/api/v1/clusters/[cluster]/route");
  reset = await import("@/app/api/v1/clusters/[cluster]/reset/route");
  apply = await import("@/app/api/v1/clusters/[cluster]/apply/route");
  collection = await import("@/app/api/v1/clusters/[cluster]/[resource]/route");
  object = await import("@/app/api/v1/clusters/[cluster]/[resource]/[name]/route");
  namespaces = await import("@/app/api/v1/clusters/[cluster]/namespaces/route");
  nsCollection = await import("@/app/api/v1/clusters/[cluster]/namespaces/[namespace]/[resource]/route");
  nsObject = await import("@/app/api/v1/clusters/[cluster]/namespaces/[namespace]/[resource]/[name]/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const res = await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
  expect(res.status).toBe(200);
  cookie = cookieFrom(res);
});

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

describe("health and authentication", () => {
  it("answers healthz without a session", async () => {
    const res = await call(h(healthz, "GET"), "GET", "/api/v1/healthz");
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ status: "ok" });
  });

  it("refuses an unauthenticated call with 401 problem JSON", async () => {
    const res = await call(h(clusters, "GET"), "GET", "/api/v1/clusters");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await body(res)).toMatchObject({ status: 401, code: "unauthenticated", type: "urn:palisade:problem:unauthenticated", instance: "/api/v1/clusters" });
  });

  it("refuses a wrong password with 401 and sets no cookie", async () => {
    const res = await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: "nope-nope" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("logs in with an HttpOnly SameSite=Lax cookie and says who is signed in", async () => {
    const res = await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
    const set = res.headers.get("set-cookie") ?? "";
    expect(set).toMatch(/^palisade-session=[A-Za-z0-9_-]{43};/);
    expect(set).toContain("HttpOnly");
    expect(set).toContain("SameSite=Lax");
    expect(set).not.toContain("Secure");
    const me = await call(h(session, "GET"), "GET", "/api/v1/session", { cookie: cookieFrom(res) });
    expect(me.status).toBe(200);
    expect(await body(me)).toMatchObject({ user: { username: "admin", role: "admin" }, via: "session" });
  });

  it("marks the cookie Secure with the __Host- prefix behind https", async () => {
    const res = await call(h(session, "POST"), "POST", "/api/v1/session", {
      json: { username: "admin", password: TEST_ADMIN_PASSWORD },
      headers: { "x-forwarded-proto": "https" },
    });
    const set = res.headers.get("set-cookie") ?? "";
    expect(set).toMatch(/^__Host-palisade-session=/);
    expect(set).toContain("Secure");
  });

  it("rejects a login body without a password as 422 with the field path", async () => {
    const res = await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin" } });
    expect(res.status).toBe(422);
    expect((await body(res)).errors).toEqual([expect.objectContaining({ path: "password" })]);
  });

  it("logs out: the session ends server-side and the cookie is cleared", async () => {
    const login = await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
    const mine = cookieFrom(login);
    const out = await call(h(session, "DELETE"), "DELETE", "/api/v1/session", { cookie: mine });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    const after = await call(h(session, "GET"), "GET", "/api/v1/session", { cookie: mine });
    expect(after.status).toBe(401);
  });

  it("refuses cross-origin cookie writes (CSRF) and allows same-origin ones", async () => {
    const yaml = TIER_YAML("csrf-probe", 10);
    const params = { cluster: "embedded", resource: "tiers" };
    const cross = await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers?dryRun=All", {
      cookie,
      text: yaml,
      params,
      headers: { origin: "http://evil.example" },
    });
    expect(cross.status).toBe(403);
    const site = await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers?dryRun=All", {
      cookie,
      text: yaml,
      params,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(site.status).toBe(403);
    const same = await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers?dryRun=All", {
      cookie,
      text: yaml,
      params,
      headers: { origin: "http://palisade.test", "sec-fetch-site": "same-origin" },
    });
    expect(same.status).toBe(201);
  });

  it("accepts an API token as Authorization: Bearer and refuses an unknown one", async () => {
    const { getPrisma } = await import("@/lib/server/db");
    const { hashToken } = await import("@/lib/server/auth/tokens");
    const prisma = await getPrisma();
    const admin = await prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    await prisma.apiToken.create({ data: { id: "t1", name: "ci", tokenHash: hashToken("secret-token-value"), userId: admin.id } });
    const ok = await call(h(clusters, "GET"), "GET", "/api/v1/clusters", { bearer: "secret-token-value" });
    expect(ok.status).toBe(200);
    const bad = await call(h(clusters, "GET"), "GET", "/api/v1/clusters", { bearer: "not-a-token", cookie });
    expect(bad.status).toBe(401);
  });
});

describe("roles and session expiry", () => {
  it("lets a viewer token read but not write (403)", async () => {
    const { getPrisma } = await import("@/lib/server/db");
    const { hashToken } = await import("@/lib/server/auth/tokens");
    const prisma = await getPrisma();
    await prisma.apiToken.create({ data: { id: "t-viewer", name: "dashboards", tokenHash: hashToken("viewer-token-value") } });
    const read = await call(h(collection, "GET"), "GET", "/api/v1/clusters/embedded/tiers", { bearer: "viewer-token-value", params: { cluster: "embedded", resource: "tiers" } });
    expect(read.status).toBe(200);
    const write = await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers", {
      bearer: "viewer-token-value",
      text: TIER_YAML("viewer-tier", 5),
      params: { cluster: "embedded", resource: "tiers" },
    });
    expect(write.status).toBe(403);
    expect(await body(write)).toMatchObject({ code: "forbidden" });
  });

  it("ends a session after the idle timeout and at the absolute lifetime, extending it on use", async () => {
    const { getPrisma } = await import("@/lib/server/db");
    const { createSession, resolveSessionToken } = await import("@/lib/server/auth/sessions");
    const prisma = await getPrisma();
    const admin = await prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    // In the past, so the expired-session cleanup createSession runs leaves the other tests' sessions alone.
    const t0 = new Date("2020-01-01T00:00:00Z");
    const minutes = (m: number) => new Date(t0.getTime() + m * 60_000);

    const idle = await createSession(admin.id, t0);
    expect(await resolveSessionToken(idle.token, minutes(29))).toMatchObject({ username: "admin" });
    // Used at 29 min, so it now lasts until 59 min.
    expect(await resolveSessionToken(idle.token, minutes(58))).toMatchObject({ username: "admin" });
    expect(await resolveSessionToken(idle.token, minutes(58 + 31))).toBeUndefined();

    const busy = await createSession(admin.id, t0);
    for (let m = 20; m < 12 * 60; m += 20) expect(await resolveSessionToken(busy.token, minutes(m)), `at ${m} min`).toBeDefined();
    expect(await resolveSessionToken(busy.token, minutes(12 * 60 + 1))).toBeUndefined();
  });
});

describe("listing the embedded cluster", () => {
  it("lists namespaces", async () => {
    const res = await call(h(namespaces, "GET"), "GET", "/api/v1/clusters/embedded/namespaces", { cookie, params: { cluster: "embedded" } });
    expect(res.status).toBe(200);
    const list = await body(res);
    expect(list).toMatchObject({ apiVersion: "v1", kind: "NamespaceList" });
    const names = (list.items as { metadata: { name: string } }[]).map((n) => n.metadata.name);
    expect(names).toEqual(expect.arrayContaining(["default", "dev", "kube-system"]));
  });

  it("lists pods across namespaces and in one namespace", async () => {
    const all = await body(await call(h(collection, "GET"), "GET", "/api/v1/clusters/embedded/pods", { cookie, params: { cluster: "embedded", resource: "pods" } }));
    const allPods = all.items as { apiVersion: string; kind: string; metadata: { namespace: string } }[];
    expect(new Set(allPods.map((p) => p.metadata.namespace)).size).toBeGreaterThan(2);
    expect(allPods[0]).toMatchObject({ apiVersion: "v1", kind: "Pod" });
    const dev = await body(
      await call(h(nsCollection, "GET"), "GET", "/api/v1/clusters/embedded/namespaces/dev/pods", { cookie, params: { cluster: "embedded", namespace: "dev", resource: "pods" } }),
    );
    const devPods = dev.items as { metadata: { namespace: string } }[];
    expect(devPods.length).toBeGreaterThan(0);
    expect(devPods.every((p) => p.metadata.namespace === "dev")).toBe(true);
  });

  it("filters by label selector and pages with limit/continue", async () => {
    const params = { cluster: "embedded", resource: "pods" };
    const page1 = await body(await call(h(collection, "GET"), "GET", "/api/v1/clusters/embedded/pods?limit=2", { cookie, params }));
    expect((page1.items as unknown[]).length).toBe(2);
    const token = (page1.metadata as { continue?: string }).continue;
    expect(token).toBeTypeOf("string");
    const page2 = await body(await call(h(collection, "GET"), "GET", `/api/v1/clusters/embedded/pods?limit=2&continue=${encodeURIComponent(token ?? "")}`, { cookie, params }));
    expect((page2.items as unknown[]).length).toBeGreaterThan(0);
    const selected = await body(await call(h(collection, "GET"), "GET", "/api/v1/clusters/embedded/pods?labelSelector=app%3Dnginx", { cookie, params }));
    const labels = (selected.items as { metadata: { labels?: Record<string, string> } }[]).map((p) => p.metadata.labels?.app);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((a) => a === "nginx")).toBe(true);
  });

  it("answers 404 problem JSON for an unknown resource plural", async () => {
    const res = await call(h(collection, "GET"), "GET", "/api/v1/clusters/embedded/widgets", { cookie, params: { cluster: "embedded", resource: "widgets" } });
    expect(res.status).toBe(404);
    expect(await body(res)).toMatchObject({ code: "notFound" });
  });

  it("answers 404 for an unknown cluster", async () => {
    const res = await call(h(collection, "GET"), "GET", "/api/v1/clusters/nope/tiers", { cookie, params: { cluster: "nope", resource: "tiers" } });
    expect(res.status).toBe(404);
  });

  it("refuses a bad limit with 400", async () => {
    const res = await call(h(collection, "GET"), "GET", "/api/v1/clusters/embedded/pods?limit=abc", { cookie, params: { cluster: "embedded", resource: "pods" } });
    expect(res.status).toBe(400);
  });
});

describe("writing objects", () => {
  const tiers = { cluster: "embedded", resource: "tiers" };

  it("creates, reads and updates with resourceVersion; a stale update is 409 with the current object", async () => {
    const created = await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers", { cookie, text: TIER_YAML("security", 300), params: tiers });
    expect(created.status).toBe(201);
    const obj = await body(created);
    expect(obj).toMatchObject({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "security" }, spec: { order: 300 } });
    const rv1 = (obj.metadata as { resourceVersion: string }).resourceVersion;
    expect(rv1).toMatch(/^\d+$/);

    const got = await body(await call(h(object, "GET"), "GET", "/api/v1/clusters/embedded/tiers/security", { cookie, params: { ...tiers, name: "security" } }));
    expect((got.metadata as { resourceVersion: string }).resourceVersion).toBe(rv1);

    const updated = await call(h(object, "PUT"), "PUT", "/api/v1/clusters/embedded/tiers/security", { cookie, text: TIER_YAML("security", 350, rv1), params: { ...tiers, name: "security" } });
    expect(updated.status).toBe(200);
    const after = await body(updated);
    const rv2 = (after.metadata as { resourceVersion: string }).resourceVersion;
    expect(rv2).not.toBe(rv1);
    expect(after.spec).toMatchObject({ order: 350 });

    const stale = await call(h(object, "PUT"), "PUT", "/api/v1/clusters/embedded/tiers/security", { cookie, text: TIER_YAML("security", 999, rv1), params: { ...tiers, name: "security" } });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("content-type")).toBe("application/problem+json");
    const problem = await body(stale);
    expect(problem).toMatchObject({ code: "conflict", currentResourceVersion: rv2, current: { kind: "Tier", metadata: { name: "security" }, spec: { order: 350 } } });
  });

  it("requires metadata.resourceVersion on PUT (422)", async () => {
    const res = await call(h(object, "PUT"), "PUT", "/api/v1/clusters/embedded/tiers/security", { cookie, text: TIER_YAML("security", 360), params: { ...tiers, name: "security" } });
    expect(res.status).toBe(422);
    expect((await body(res)).errors).toEqual([expect.objectContaining({ path: "metadata.resourceVersion" })]);
  });

  it("refuses a body whose name differs from the URL (400)", async () => {
    const res = await call(h(object, "PUT"), "PUT", "/api/v1/clusters/embedded/tiers/security", { cookie, text: TIER_YAML("other", 1, "1"), params: { ...tiers, name: "security" } });
    expect(res.status).toBe(400);
  });

  it("rejects an invalid policy with 422 field paths and writes nothing", async () => {
    const yaml = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: broken
  namespace: dev
spec:
  selector: app == "centos
  ingress:
    - action: Teleport
`;
    const params = { cluster: "embedded", namespace: "dev", resource: "networkpolicies" };
    const res = await call(h(nsCollection, "POST"), "POST", "/api/v1/clusters/embedded/namespaces/dev/networkpolicies", { cookie, text: yaml, params });
    expect(res.status).toBe(422);
    const problem = await body(res);
    const paths = (problem.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["spec.selector", "spec.ingress[0].action"]));
    const got = await call(h(nsObject, "GET"), "GET", "/api/v1/clusters/embedded/namespaces/dev/networkpolicies/broken", { cookie, params: { ...params, name: "broken" } });
    expect(got.status).toBe(404);
  });

  it("refuses a namespace in the body that differs from the URL (400)", async () => {
    const yaml = `apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata:
  name: ns-mismatch
  namespace: default
spec:
  nets: ["10.0.0.0/8"]
`;
    const res = await call(h(nsCollection, "POST"), "POST", "/api/v1/clusters/embedded/namespaces/dev/networksets", {
      cookie,
      text: yaml,
      params: { cluster: "embedded", namespace: "dev", resource: "networksets" },
    });
    expect(res.status).toBe(400);
  });

  it("dryRun=All validates and answers without writing", async () => {
    const res = await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers?dryRun=All", { cookie, text: TIER_YAML("dry-tier", 50), params: tiers });
    expect(res.status).toBe(201);
    expect(await body(res)).toMatchObject({ metadata: { name: "dry-tier" } });
    const got = await call(h(object, "GET"), "GET", "/api/v1/clusters/embedded/tiers/dry-tier", { cookie, params: { ...tiers, name: "dry-tier" } });
    expect(got.status).toBe(404);
    const bad = await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers?dryRun=Yes", { cookie, text: TIER_YAML("dry-tier", 50), params: tiers });
    expect(bad.status).toBe(400);
  });

  it("deletes with a resourceVersion precondition: stale is 409, current deletes", async () => {
    const created = await body(await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers", { cookie, text: TIER_YAML("doomed", 42), params: tiers }));
    const rv = (created.metadata as { resourceVersion: string }).resourceVersion;
    const stale = await call(h(object, "DELETE"), "DELETE", "/api/v1/clusters/embedded/tiers/doomed?resourceVersion=1", { cookie, params: { ...tiers, name: "doomed" } });
    expect(stale.status).toBe(409);
    const gone = await call(h(object, "DELETE"), "DELETE", "/api/v1/clusters/embedded/tiers/doomed", {
      cookie,
      json: { preconditions: { resourceVersion: rv } },
      params: { ...tiers, name: "doomed" },
    });
    expect(gone.status).toBe(200);
    const got = await call(h(object, "GET"), "GET", "/api/v1/clusters/embedded/tiers/doomed", { cookie, params: { ...tiers, name: "doomed" } });
    expect(got.status).toBe(404);
  });
});

describe("apply", () => {
  const params = { cluster: "embedded" };
  const GOOD = `${TIER_YAML("platform", 400)}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata:
  name: allowed-dns
  labels:
    type: allowed-dns
spec:
  allowedEgressDomains: ["*.twilio.com"]
`;

  it("is all-or-nothing: one invalid document rejects every document, per-document errors", async () => {
    const text = `${GOOD}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: default.bad-order
spec:
  order: "high"
  selector: all()
`;
    const res = await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text, params });
    expect(res.status).toBe(422);
    const problem = await body(res);
    expect(problem.documents).toEqual([expect.objectContaining({ index: 2, kind: "GlobalNetworkPolicy", errors: [expect.objectContaining({ path: "spec.order" })] })]);
    expect((problem.errors as { path: string }[])[0]?.path).toBe("[2].spec.order");
    const tier = await call(h(object, "GET"), "GET", "/api/v1/clusters/embedded/tiers/platform", { cookie, params: { cluster: "embedded", resource: "tiers", name: "platform" } });
    expect(tier.status).toBe(404);
  });

  it("answers 400 for text that is not YAML", async () => {
    const res = await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text: "kind: Tier\nmetadata: [unclosed", params });
    expect(res.status).toBe(400);
    expect((await body(res)).documents).toEqual([expect.objectContaining({ index: 0 })]);
  });

  it("dry-runs without writing, then applies: created, then unchanged, then configured", async () => {
    const dry = await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply?dryRun=All", { cookie, text: GOOD, params });
    expect(dry.status).toBe(200);
    expect(await body(dry)).toMatchObject({ dryRun: true, results: [{ index: 0, kind: "Tier", name: "platform", outcome: "created" }, { index: 1, kind: "GlobalNetworkSet", outcome: "created" }] });
    const notYet = await call(h(object, "GET"), "GET", "/api/v1/clusters/embedded/tiers/platform", { cookie, params: { cluster: "embedded", resource: "tiers", name: "platform" } });
    expect(notYet.status).toBe(404);

    const first = await body(await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text: GOOD, params }));
    expect((first.results as { outcome: string }[]).map((r) => r.outcome)).toEqual(["created", "created"]);
    const again = await body(await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text: GOOD, params }));
    expect((again.results as { outcome: string }[]).map((r) => r.outcome)).toEqual(["unchanged", "unchanged"]);
    const changed = await body(await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text: GOOD.replace("order: 400", "order: 410"), params }));
    expect((changed.results as { outcome: string }[]).map((r) => r.outcome)).toEqual(["configured", "unchanged"]);
  });
});

describe("apply with kubectl apply's semantics (W7.2)", () => {
  const params = { cluster: "embedded" };
  const podParams = { cluster: "embedded", namespace: "default", resource: "pods", name: "frontend-7d8f9c6b5-x2k4p" };
  const POD = `apiVersion: v1
kind: Pod
metadata:
  name: frontend-7d8f9c6b5-x2k4p
  namespace: default
  labels:
    app: frontend
    reviewed: "yes"
spec:
  containers:
  - name: server
`;

  it("a Pod applied with one extra label keeps its IP, status, node and other labels; re-apply is unchanged", async () => {
    const before = await body(await call(h(nsObject, "GET"), "GET", "/api/v1/clusters/embedded/namespaces/default/pods/frontend-7d8f9c6b5-x2k4p", { cookie, params: podParams }));
    const dry = await body(await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply?dryRun=All", { cookie, text: POD, params }));
    expect(dry, JSON.stringify(dry)).toMatchObject({ dryRun: true });
    const changes = (dry.results as { changes: { path: string; before?: unknown; after?: unknown }[] }[])[0]?.changes ?? [];
    expect(changes.map((c) => c.path)).toEqual(['metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]', "metadata.labels.reviewed"]);
    expect(changes[1]).toEqual({ path: "metadata.labels.reviewed", after: "yes" });

    const res = await body(await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text: POD, params }));
    expect((res.results as { outcome: string }[])[0]?.outcome).toBe("configured");
    const after = await body(await call(h(nsObject, "GET"), "GET", "/api/v1/clusters/embedded/namespaces/default/pods/frontend-7d8f9c6b5-x2k4p", { cookie, params: podParams }));
    expect(after.status).toEqual(before.status);
    expect(after.spec).toEqual(before.spec);
    const labels = (after.metadata as { labels: Record<string, string> }).labels;
    expect(labels).toEqual({ ...(before.metadata as { labels: Record<string, string> }).labels, reviewed: "yes" });

    const again = await body(await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text: POD, params }));
    expect(again.results).toEqual([expect.objectContaining({ outcome: "unchanged", changes: [] })]);

    // Removing the label from the document removes it from the Pod (it was applied last time).
    const removed = await body(await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text: POD.replace('    reviewed: "yes"\n', ""), params }));
    expect((removed.results as { changes: { path: string }[] }[])[0]?.changes.map((c) => c.path)).toContain("metadata.labels.reviewed");
    const final = await body(await call(h(nsObject, "GET"), "GET", "/api/v1/clusters/embedded/namespaces/default/pods/frontend-7d8f9c6b5-x2k4p", { cookie, params: podParams }));
    expect((final.metadata as { labels: Record<string, string> }).labels).toEqual((before.metadata as { labels: Record<string, string> }).labels);
    expect(final.status).toEqual(before.status);
  });

  it("a Namespace applied with an annotation keeps its labels", async () => {
    const nsParams = { cluster: "embedded", resource: "namespaces", name: "dmz" };
    const before = await body(await call(h(object, "GET"), "GET", "/api/v1/clusters/embedded/namespaces/dmz", { cookie, params: nsParams }));
    const text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dmz\n  annotations:\n    owner: team-a\n";
    const res = await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply", { cookie, text, params });
    expect(res.status).toBe(200);
    const after = await body(await call(h(object, "GET"), "GET", "/api/v1/clusters/embedded/namespaces/dmz", { cookie, params: nsParams }));
    expect((after.metadata as { labels: unknown }).labels).toEqual((before.metadata as { labels: unknown }).labels);
    expect((after.metadata as { annotations: Record<string, string> }).annotations.owner).toBe("team-a");
  });
});

describe("clusters", () => {
  it("lists, adds a second embedded cluster, refuses to remove the demo, removes the new one", async () => {
    const list = await body(await call(h(clusters, "GET"), "GET", "/api/v1/clusters", { cookie }));
    expect((list.items as { id: string }[])[0]).toMatchObject({ id: "embedded", kind: "embedded" });
    expect(JSON.stringify(list)).not.toContain("config");

    const added = await call(h(clusters, "POST"), "POST", "/api/v1/clusters", { cookie, json: { name: "Second Demo" } });
    expect(added.status).toBe(201);
    expect(await body(added)).toMatchObject({ id: "second-demo", name: "Second Demo", kind: "embedded" });
    const pods = await body(await call(h(collection, "GET"), "GET", "/api/v1/clusters/second-demo/pods", { cookie, params: { cluster: "second-demo", resource: "pods" } }));
    expect((pods.items as unknown[]).length).toBeGreaterThan(0);

    const dup = await call(h(clusters, "POST"), "POST", "/api/v1/clusters", { cookie, json: { name: "Second Demo" } });
    expect(dup.status).toBe(409);

    const demo = await call(h(cluster, "DELETE"), "DELETE", "/api/v1/clusters/embedded", { cookie, params: { cluster: "embedded" } });
    expect(demo.status).toBe(400);
    const removed = await call(h(cluster, "DELETE"), "DELETE", "/api/v1/clusters/second-demo", { cookie, params: { cluster: "second-demo" } });
    expect(removed.status).toBe(204);
    const gone = await call(h(cluster, "GET"), "GET", "/api/v1/clusters/second-demo", { cookie, params: { cluster: "second-demo" } });
    expect(gone.status).toBe(404);
  });

  it("resets the demo cluster: objects created since are gone", async () => {
    const tiers = { cluster: "embedded", resource: "tiers" };
    await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers", { cookie, text: TIER_YAML("before-reset", 77), params: tiers });
    const res = await call(h(reset, "POST"), "POST", "/api/v1/clusters/embedded/reset", { cookie, params: { cluster: "embedded" } });
    expect(res.status).toBe(200);
    const got = await call(h(object, "GET"), "GET", "/api/v1/clusters/embedded/tiers/before-reset", { cookie, params: { ...tiers, name: "before-reset" } });
    expect(got.status).toBe(404);
  });
});
