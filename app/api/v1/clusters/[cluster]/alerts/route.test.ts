/**
 * The GlobalAlert endpoints against the embedded demo cluster on a throwaway data folder: seed
 * 000's W1.13–14 (ip-address-list, security.blockep-ips, GlobalAlert blocked-ips), one simulated
 * interval, evaluate now → firing with the summary filled in, events listed; an alert with a bad
 * query is in error; unknown alert 404, bad cursor 400, unauthenticated 401.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertEvaluateResponse, AlertEventPage, AlertsOverview } from "@/lib/contracts/alerts";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
type RouteModule = Partial<Record<"GET" | "POST", Handler>>;
const mods: Record<string, RouteModule> = {};
let closeDatabase: () => Promise<void>;
let cookie = "";
const params = { cluster: "embedded" };
const BASE = "/api/v1/clusters/embedded";
const h = (m: string, k: keyof RouteModule): Handler => {
  const fn = mods[m]?.[k];
  if (fn === undefined) throw new Error(`no ${m} ${k}`);
  return fn;
};

const W1_13_14 = `
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 300}
---
kind: GlobalNetworkSet
apiVersion: projectcalico.org/v3
metadata:
  name: ip-address-list
  labels: {type: blocked-ips}
spec:
  nets: [198.51.100.23/32]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.blockep-ips}
spec:
  tier: security
  selector: app == "frontend"
  order: 300
  types: [Ingress]
  ingress:
    - action: Deny
      source: {selector: type == "blocked-ips"}
      destination: {}
    - action: Pass
      source: {}
      destination: {}
---
apiVersion: projectcalico.org/v3
kind: GlobalAlert
metadata: {name: blocked-ips}
spec:
  description: "A connection attempt from a blocked ip address just happened."
  summary: "[blocked-ip] \${source_ip} from \${source_name_aggr} networkset attempted to access \${dest_namespace}/\${dest_name_aggr}"
  severity: 100
  dataSet: flows
  period: 1m
  lookback: 1m
  query: '(source_name = "ip-address-list")'
  aggregateBy: [dest_namespace, dest_name_aggr, source_name_aggr, source_ip]
  field: num_flows
  metric: sum
  condition: gt
  threshold: 0
---
apiVersion: projectcalico.org/v3
kind: GlobalAlert
metadata: {name: broken-query}
spec:
  description: "never evaluates"
  severity: 10
  dataSet: flows
  query: 'no_such_field = 1'
`;

beforeAll(async () => {
  mods.session = await import("@/app/api/v1/session/route");
  mods.apply = await import("@/app/api/v1/clusters/[cluster]/apply/route");
  mods.simulator = await import("@/app/api/v1/clusters/[cluster]/simulator/route");
  mods.overview = await import("@/app/api/v1/clusters/[cluster]/alerts/route");
  mods.events = await import("@/app/api/v1/clusters/[cluster]/alerts/events/route");
  mods.evaluate = await import("@/app/api/v1/clusters/[cluster]/alerts/evaluate/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  cookie = cookieFrom(await call(h("session", "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } }));
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

describe("alerts API", () => {
  it("lists a new alert as pending", async () => {
    const applied = await call(h("apply", "POST"), "POST", `${BASE}/apply`, { cookie, params, text: W1_13_14 });
    expect(applied.status, await applied.clone().text()).toBe(200);
    const res = await call(h("overview", "GET"), "GET", `${BASE}/alerts`, { cookie, params });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AlertsOverview;
    expect(body.items.map((a) => [a.name, a.state])).toEqual([["blocked-ips", "pending"], ["broken-query", "pending"]]);
    expect(body.items[0]).toMatchObject({ severity: 100, dataSet: "flows", period: "1m", lookback: "1m", metric: "sum", field: "num_flows", condition: "gt", threshold: 0 });
  });

  it("fires blocked-ips after the workstation is denied, with the summary filled in (W1.14)", async () => {
    // The workstation connects about once per 15 s interval (a random count, possibly 0): run
    // intervals (each in its own second, so each is new traffic) until one has its attempt.
    let results: AlertEvaluateResponse["results"] = [];
    for (let i = 0; i < 6 && results.find((r) => r.name === "blocked-ips")?.state !== "firing"; i++) {
      if (i > 0) await sleep(1100);
      const run = await call(h("simulator", "POST"), "POST", `${BASE}/simulator`, { cookie, params });
      expect(run.status, await run.clone().text()).toBe(200);
      const ev = await call(h("evaluate", "POST"), "POST", `${BASE}/alerts/evaluate`, { cookie, params, json: {} });
      expect(ev.status, await ev.clone().text()).toBe(200);
      results = ((await ev.json()) as AlertEvaluateResponse).results;
    }
    expect(results.find((r) => r.name === "blocked-ips")).toMatchObject({ state: "firing", events: 1 });
    expect(results.find((r) => r.name === "broken-query")).toMatchObject({ state: "error" });
    expect(results.find((r) => r.name === "broken-query")?.error).toContain('unknown field "no_such_field"');

    const overview = (await (await call(h("overview", "GET"), "GET", `${BASE}/alerts`, { cookie, params })).json()) as AlertsOverview;
    const alert = overview.items.find((a) => a.name === "blocked-ips");
    expect(alert).toMatchObject({ state: "firing", eventCount: 1, lastSummary: "[blocked-ip] 198.51.100.23 from ip-address-list networkset attempted to access default/frontend-7d8f9c6b5-*" });
    expect(alert?.lastFiredAt).toBeDefined();

    const events = (await (await call(h("events", "GET"), "GET", `${BASE}/alerts/events?alert=blocked-ips`, { cookie, params })).json()) as AlertEventPage;
    expect(events.items.length).toBeGreaterThanOrEqual(1);
    expect(events.items[0]).toMatchObject({ alertName: "blocked-ips", severity: 100, dataSet: "flows", record: { source_ip: "198.51.100.23", source_name_aggr: "ip-address-list", dest_namespace: "default" } });
    expect(events.items[0]?.value).toBeGreaterThan(0);
  }, 60_000);

  it("answers 404 for an unknown alert, 400 for a bad cursor, 401 without a session", async () => {
    expect((await call(h("evaluate", "POST"), "POST", `${BASE}/alerts/evaluate`, { cookie, params, json: { name: "nope" } })).status).toBe(404);
    expect((await call(h("events", "GET"), "GET", `${BASE}/alerts/events?cursor=zzz`, { cookie, params })).status).toBe(400);
    expect((await call(h("overview", "GET"), "GET", `${BASE}/alerts`, { params })).status).toBe(401);
  });
});
