/**
 * The recommendation endpoints against the embedded demo cluster on a throwaway data folder:
 * the workload wizard on simulated flows, run-now refused while disabled, settings validation,
 * a namespace-isolation run (tier created, one Learn policy per namespace in scope, audited
 * writes), detail, add to board / dismiss, and a dismissed namespace left alone by later runs.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
type RouteModule = Partial<Record<"GET" | "POST" | "PUT", Handler>>;
const mods: Record<string, RouteModule> = {};
let closeDatabase: () => Promise<void>;
let cookie = "";
const params = { cluster: "embedded" };
const h = (m: string, k: keyof RouteModule): Handler => {
  const fn = mods[m]?.[k];
  if (fn === undefined) throw new Error(`no ${m} ${k}`);
  return fn;
};
const BASE = "/api/v1/clusters/embedded/recommendations";

beforeAll(async () => {
  mods.session = await import("@/app/api/v1/session/route");
  mods.list = await import("@/app/api/v1/clusters/[cluster]/recommendations/route");
  mods.settings = await import("@/app/api/v1/clusters/[cluster]/recommendations/settings/route");
  mods.run = await import("@/app/api/v1/clusters/[cluster]/recommendations/run/route");
  mods.actions = await import("@/app/api/v1/clusters/[cluster]/recommendations/actions/route");
  mods.detail = await import("@/app/api/v1/clusters/[cluster]/recommendations/namespaces/[namespace]/route");
  mods.workload = await import("@/app/api/v1/clusters/[cluster]/recommendations/workload/route");
  mods.check = await import("@/app/api/v1/clusters/[cluster]/recommendations/check/route");
  mods.workloads = await import("@/app/api/v1/clusters/[cluster]/recommendations/workloads/route");
  mods.simulator = await import("@/app/api/v1/clusters/[cluster]/simulator/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const res = await call(h("session", "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
  cookie = cookieFrom(res);
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

let from = 0;
let to = 0;

describe("recommendations API", () => {
  it("simulates traffic", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await call(h("simulator", "POST"), "POST", "/api/v1/clusters/embedded/simulator", { cookie, params });
      expect(res.status).toBe(200);
      const run = (await res.json()) as { start: number; end: number };
      from = from === 0 ? run.start - 1 : Math.min(from, run.start - 1);
      to = Math.max(to, run.end + 1);
      await sleep(1100);
    }
  }, 60_000);

  it("recommends a policy for default/frontend with nothing newly denied", async () => {
    const res = await call(h("workload", "POST"), "POST", `${BASE}/workload`, { cookie, params, json: { namespace: "default", workload: "frontend", from, to, order: 1500 } });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { policy: { metadata: { name: string }; spec: { order: number; selector: string } }; yaml: string; evidence: { scope: string }[]; impact: { newlyDenied: number; judged: number }; shadowed: unknown[] };
    expect(body.policy.metadata.name).toBe("default.frontend-recommendation");
    expect(body.policy.spec).toMatchObject({ order: 1500, selector: 'app == "frontend"' });
    expect(body.yaml).toContain("kind: NetworkPolicy");
    expect(body.evidence.some((e) => e.scope === "Service")).toBe(true);
    expect(body.impact.judged).toBeGreaterThan(0);
    expect(body.impact.newlyDenied).toBe(0);
    expect(body.shadowed).toEqual([]);

    const check = await call(h("check", "POST"), "POST", `${BASE}/check`, { cookie, params, json: { namespace: "default", workload: "frontend", from, to, policy: { ...body.policy, apiVersion: "projectcalico.org/v3", spec: { ...body.policy.spec, ingress: [], egress: [] } } } });
    expect(check.status, await check.clone().text()).toBe(200);
    expect(((await check.json()) as { impact: { newlyDenied: number } }).impact.newlyDenied).toBeGreaterThan(0);
  }, 60_000);

  it("answers 400 for an empty range and lists workloads", async () => {
    const bad = await call(h("workload", "POST"), "POST", `${BASE}/workload`, { cookie, params, json: { namespace: "default", workload: "frontend", from: to, to: from } });
    expect(bad.status).toBe(400);
    const wl = await call(h("workloads", "GET"), "GET", `${BASE}/workloads`, { cookie, params });
    expect(((await wl.json()) as { items: { namespace: string; workload: string }[] }).items).toContainEqual(expect.objectContaining({ namespace: "default", workload: "frontend" }));
  }, 60_000);

  it("refuses run-now while disabled and invalid selectors in settings", async () => {
    expect((await call(h("run", "POST"), "POST", `${BASE}/run`, { cookie, params })).status).toBe(400);
    const s = (await (await call(h("settings", "GET"), "GET", `${BASE}/settings`, { cookie, params })).json()) as Record<string, unknown>;
    expect(s).toMatchObject({ enabled: false, intervalSeconds: 150, initialLookbackSeconds: 86_400, stabilizationSeconds: 600 });
    const bad = await call(h("settings", "PUT"), "PUT", `${BASE}/settings`, { cookie, params, json: { ...s, namespaceSelector: "a ==" } });
    expect(bad.status).toBe(400);
    const ok = await call(h("settings", "PUT"), "PUT", `${BASE}/settings`, { cookie, params, json: { ...s, lastRun: undefined, enabled: true } });
    expect(ok.status).toBe(200);
  });

  it("runs namespace isolation: a Learn policy per namespace in scope, system namespaces left out", async () => {
    const run = await call(h("run", "POST"), "POST", `${BASE}/run`, { cookie, params });
    expect(run.status, await run.clone().text()).toBe(200);
    const list = (await (await call(h("list", "GET"), "GET", BASE, { cookie, params })).json()) as { items: { namespace: string; stagedAction: string; state: string; egressRules: number }[] };
    const namespaces = list.items.map((i) => i.namespace);
    expect(namespaces).toContain("dev");
    expect(namespaces).not.toContain("kube-system");
    const dev = list.items.find((i) => i.namespace === "dev");
    expect(dev).toMatchObject({ stagedAction: "Learn", state: "Learning" });
    expect(dev?.egressRules).toBeGreaterThan(0);
    const detail = await call(h("detail", "GET"), "GET", `${BASE}/namespaces/dev`, { cookie, params: { ...params, namespace: "dev" } });
    const d = (await detail.json()) as { yaml: string; evidence: { peers: string[] }[]; impact: { newlyDenied: number } };
    expect(d.yaml).toContain("tier: namespace-isolation");
    expect(d.evidence.flatMap((e) => e.peers)).toContain("dev/nginx");
    expect(d.impact.newlyDenied).toBe(0);
    expect((await call(h("detail", "GET"), "GET", `${BASE}/namespaces/nope`, { cookie, params: { ...params, namespace: "nope" } })).status).toBe(404);
  }, 60_000);

  it("adds to the board, dismisses, and leaves both alone on the next run", async () => {
    expect((await call(h("actions", "POST"), "POST", `${BASE}/actions`, { cookie, params, json: { action: "activate", namespaces: ["dev"] } })).status).toBe(200);
    expect((await call(h("actions", "POST"), "POST", `${BASE}/actions`, { cookie, params, json: { action: "dismiss", namespaces: ["app1", "app2"] } })).status).toBe(200);
    expect((await call(h("actions", "POST"), "POST", `${BASE}/actions`, { cookie, params, json: { action: "dismiss", namespaces: ["nope"] } })).status).toBe(404);
    const rerun = (await (await call(h("run", "POST"), "POST", `${BASE}/run`, { cookie, params })).json()) as { written: number };
    expect(rerun.written).toBe(0);
    const list = (await (await call(h("list", "GET"), "GET", BASE, { cookie, params })).json()) as { items: { namespace: string; stagedAction: string }[] };
    expect(list.items.find((i) => i.namespace === "dev")?.stagedAction).toBe("Set");
    expect(list.items.find((i) => i.namespace === "app1")?.stagedAction).toBe("Ignore");
  }, 60_000);
});
