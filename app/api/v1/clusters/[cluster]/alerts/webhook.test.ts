/**
 * GlobalAlert webhooks against the embedded demo cluster: blocked-ips (W1.14) names a local
 * webhook in its alerts.palisade.dev/webhook-url annotation; each fired event is POSTed there
 * as JSON and shows `delivered`; a webhook answering 500 leaves the delivery pending with the
 * reason and a backed-off next attempt; a metadata URL is refused, never fetched.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { AddressInfo } from "node:net";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertEvaluateResponse, AlertEventPage } from "@/lib/contracts/alerts";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
process.env.PALISADE_OUTBOUND_ALLOW = "127.0.0.1";
type RouteModule = Partial<Record<"GET" | "POST", Handler>>;
const mods: Record<string, RouteModule> = {};
let closeDatabase: () => Promise<void>;
let deliver: () => Promise<number>;
let cookie = "";
const params = { cluster: "embedded" };
const BASE = "/api/v1/clusters/embedded";
const h = (m: string, k: keyof RouteModule): Handler => {
  const fn = mods[m]?.[k];
  if (fn === undefined) throw new Error(`no ${m} ${k}`);
  return fn;
};
const received: Record<string, unknown>[] = [];
let hookStatus = 200;
let server: http.Server;
let port = 0;

const yaml = (alert: string, url: string): string => `
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 300}
---
kind: GlobalNetworkSet
apiVersion: projectcalico.org/v3
metadata: {name: ip-address-list, labels: {type: blocked-ips}}
spec: {nets: [198.51.100.23/32]}
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
    - {action: Deny, source: {selector: type == "blocked-ips"}, destination: {}}
    - {action: Pass, source: {}, destination: {}}
---
apiVersion: projectcalico.org/v3
kind: GlobalAlert
metadata:
  name: ${alert}
  annotations: {alerts.palisade.dev/webhook-url: "${url}"}
spec:
  description: "blocked ip"
  summary: "[blocked-ip] \${source_ip}"
  severity: 100
  dataSet: flows
  period: 1m
  lookback: 1m
  query: '(source_name = "ip-address-list")'
  aggregateBy: [source_ip]
  field: num_flows
  metric: sum
  condition: gt
  threshold: 0
`;

async function fireUntilEvent(alert: string): Promise<void> {
  for (let i = 0; i < 8; i++) {
    if (i > 0) await sleep(1100);
    expect((await call(h("simulator", "POST"), "POST", `${BASE}/simulator`, { cookie, params })).status).toBe(200);
    const ev = await call(h("evaluate", "POST"), "POST", `${BASE}/alerts/evaluate`, { cookie, params, json: { name: alert } });
    const results = ((await ev.json()) as AlertEvaluateResponse).results;
    if (results[0]?.state === "firing") return;
  }
  throw new Error(`${alert} never fired`);
}

async function events(alert: string): Promise<AlertEventPage> {
  return (await (await call(h("events", "GET"), "GET", `${BASE}/alerts/events?alert=${alert}`, { cookie, params })).json()) as AlertEventPage;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.statusCode = hookStatus;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  mods.session = await import("@/app/api/v1/session/route");
  mods.apply = await import("@/app/api/v1/clusters/[cluster]/apply/route");
  mods.simulator = await import("@/app/api/v1/clusters/[cluster]/simulator/route");
  mods.events = await import("@/app/api/v1/clusters/[cluster]/alerts/events/route");
  mods.evaluate = await import("@/app/api/v1/clusters/[cluster]/alerts/evaluate/route");
  const db = await import("@/lib/server/db");
  closeDatabase = db.closeDatabase;
  const { deliverDueWebhooks } = await import("@/lib/server/alerts/webhooks");
  deliver = async () => deliverDueWebhooks(await db.getPrisma(), new Date(Date.now() + 3_600_000));
  cookie = cookieFrom(await call(h("session", "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } }));
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeDatabase();
  data.cleanup();
});

describe("alert webhooks", () => {
  it("posts each fired event to the alert's webhook and shows it delivered", async () => {
    const applied = await call(h("apply", "POST"), "POST", `${BASE}/apply`, { cookie, params, text: yaml("blocked-ips", `http://127.0.0.1:${port}/hook`) });
    expect(applied.status, await applied.clone().text()).toBe(200);
    await fireUntilEvent("blocked-ips");
    expect((await events("blocked-ips")).items[0]?.delivery).toMatchObject({ state: "pending", attempts: 0 });
    expect(await deliver()).toBeGreaterThan(0);
    expect(received[0]).toMatchObject({ type: "global_alert", alert: "blocked-ips", cluster: "embedded", severity: 100, summary: "[blocked-ip] 198.51.100.23", record: { source_ip: "198.51.100.23" } });
    expect((await events("blocked-ips")).items[0]?.delivery).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 200 });
  }, 60_000);

  it("keeps a failed delivery pending with the reason and a later next attempt", async () => {
    hookStatus = 500;
    await fireUntilEvent("blocked-ips");
    await deliver();
    const d = (await events("blocked-ips")).items[0]?.delivery;
    expect(d).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500, lastError: "the webhook answered HTTP 500" });
    expect(Date.parse(d?.nextAttemptAt ?? "")).toBeGreaterThan(Date.now());
    hookStatus = 200;
  }, 60_000);

  it("refuses a metadata address with the reason", async () => {
    const applied = await call(h("apply", "POST"), "POST", `${BASE}/apply`, { cookie, params, text: yaml("metadata-hook", "http://169.254.169.254/latest") });
    expect(applied.status, await applied.clone().text()).toBe(200);
    await fireUntilEvent("metadata-hook");
    await deliver();
    expect((await events("metadata-hook")).items[0]?.delivery?.lastError).toContain("link-local");
  }, 60_000);
});
