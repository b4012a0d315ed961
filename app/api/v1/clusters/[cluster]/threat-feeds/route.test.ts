/**
 * GlobalThreatFeed end to end against the embedded demo cluster on a throwaway data folder and a
 * local feed server on 127.0.0.1 (allowed through PALISADE_OUTBOUND_ALLOW): seed 002's W3.7 feed
 * fills threatfeed.<name> with its labels and status.lastSuccessfulSync; "sync now" re-pulls; a
 * failed pull is an error condition and the set keeps its last good content; a metadata URL is
 * refused; removing the feed removes the set, never a set the feed did not write.
 */
import type { AddressInfo } from "node:net";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GlobalNetworkSet, GlobalThreatFeed } from "@/lib/calico/types";
import type { ThreatFeedsOverview } from "@/lib/contracts/threat-feeds";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
process.env.PALISADE_OUTBOUND_ALLOW = "127.0.0.1";
type RouteModule = Partial<Record<"GET" | "POST" | "DELETE", Handler>>;
const mods: Record<string, RouteModule> = {};
let closeDatabase: () => Promise<void>;
let sync: (clusterId: string) => Promise<unknown>;
let getSet: (name: string) => Promise<GlobalNetworkSet | undefined>;
let getFeed: (name: string) => Promise<GlobalThreatFeed>;
let cookie = "";
const params = { cluster: "embedded" };
const BASE = "/api/v1/clusters/embedded";
const h = (m: string, k: keyof RouteModule): Handler => {
  const fn = mods[m]?.[k];
  if (fn === undefined) throw new Error(`no ${m} ${k}`);
  return fn;
};

let feedBody = "# Feodo Tracker test list\n203.0.113.41\n\n198.51.100.0/24\n";
let feedStatus = 200;
let server: http.Server;
let port = 0;

const FEED = (url: string) => `
apiVersion: projectcalico.org/v3
kind: GlobalThreatFeed
metadata:
  name: global.threatfeed.ipfeodo
spec:
  pull:
    http:
      url: ${url}
  globalNetworkSet:
    labels:
      feed: feodo
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: default.deny-feodo}
spec:
  tier: default
  order: 10
  selector: all()
  types: [Egress]
  egress:
    - action: Deny
      destination: {selector: feed == "feodo"}
`;

async function overview(): Promise<ThreatFeedsOverview> {
  const res = await call(h("overview", "GET"), "GET", `${BASE}/threat-feeds`, { cookie, params });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ThreatFeedsOverview;
}

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.statusCode = feedStatus;
    res.end(feedBody);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  mods.session = await import("@/app/api/v1/session/route");
  mods.apply = await import("@/app/api/v1/clusters/[cluster]/apply/route");
  mods.overview = await import("@/app/api/v1/clusters/[cluster]/threat-feeds/route");
  mods.sync = await import("@/app/api/v1/clusters/[cluster]/threat-feeds/sync/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const { syncClusterFeeds } = await import("@/lib/server/threat-feeds/sync");
  sync = (id) => syncClusterFeeds(id);
  const { getClusterBackend } = await import("@/lib/server/cluster/registry");
  getSet = async (name) => {
    const b = await getClusterBackend("embedded");
    return (await b.list("GlobalNetworkSet")).items.find((s) => s.metadata.name === name);
  };
  getFeed = async (name) => (await getClusterBackend("embedded")).get("GlobalThreatFeed", name);
  cookie = cookieFrom(await call(h("session", "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } }));
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeDatabase();
  data.cleanup();
});

describe("threat feeds", () => {
  it("lists a new feed as pending, with the policy that selects its set", async () => {
    const applied = await call(h("apply", "POST"), "POST", `${BASE}/apply`, { cookie, params, text: FEED(`http://127.0.0.1:${port}/ipblocklist.txt`) });
    expect(applied.status, await applied.clone().text()).toBe(200);
    const o = await overview();
    expect(o.items).toHaveLength(1);
    expect(o.items[0]).toMatchObject({ name: "global.threatfeed.ipfeodo", state: "pending", content: "IPSet", period: "24h", setName: "threatfeed.global.threatfeed.ipfeodo", setExists: false });
    expect(o.items[0]?.policies.map((p) => [p.name, p.direction, p.side, p.action])).toEqual([["default.deny-feodo", "egress", "destination", "Deny"]]);
  });

  it("fills threatfeed.<name> with the feed's labels and sets status.lastSuccessfulSync", async () => {
    await sync("embedded");
    const set = await getSet("threatfeed.global.threatfeed.ipfeodo");
    expect(set?.metadata.labels).toEqual({ feed: "feodo" });
    expect(set?.spec.nets).toEqual(["198.51.100.0/24", "203.0.113.41/32"]);
    const feed = await getFeed("global.threatfeed.ipfeodo");
    expect(feed.status?.lastSuccessfulSync).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(feed.status?.errorConditions).toEqual([]);
    const o = await overview();
    expect(o.items[0]).toMatchObject({ state: "ok", entryCount: 2, setExists: true, sampleEntries: ["198.51.100.0/24", "203.0.113.41/32"] });
    // Not due again: a second round pulls nothing and writes nothing.
    const before = (await getSet("threatfeed.global.threatfeed.ipfeodo"))?.metadata.resourceVersion;
    await sync("embedded");
    expect((await getSet("threatfeed.global.threatfeed.ipfeodo"))?.metadata.resourceVersion).toBe(before);
  });

  it("re-pulls on sync now", async () => {
    feedBody = "203.0.113.41\n203.0.113.99\n";
    const res = await call(h("sync", "POST"), "POST", `${BASE}/threat-feeds/sync`, { cookie, params, json: { name: "global.threatfeed.ipfeodo" } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await overview()).items[0]?.syncRequested).toBe(true);
    await sync("embedded");
    expect((await getSet("threatfeed.global.threatfeed.ipfeodo"))?.spec.nets).toEqual(["203.0.113.41/32", "203.0.113.99/32"]);
    expect((await overview()).items[0]?.syncRequested).toBe(false);
  });

  it("records a failed pull as an error condition and keeps the last good set", async () => {
    feedStatus = 500;
    await call(h("sync", "POST"), "POST", `${BASE}/threat-feeds/sync`, { cookie, params, json: { name: "global.threatfeed.ipfeodo" } });
    await sync("embedded");
    const o = await overview();
    expect(o.items[0]?.state).toBe("error");
    expect(o.items[0]?.errorConditions).toEqual([{ type: "PullFailed", message: expect.stringContaining("HTTP 500") }]);
    expect(o.items[0]?.entryCount).toBe(2);
    expect((await getSet("threatfeed.global.threatfeed.ipfeodo"))?.spec.nets).toEqual(["203.0.113.41/32", "203.0.113.99/32"]);
    expect((await getFeed("global.threatfeed.ipfeodo")).status?.errorConditions?.[0]?.type).toBe("PullFailed");
    feedStatus = 200;
  });

  it("refuses a metadata URL with a message, without crashing the round", async () => {
    const yaml = `apiVersion: projectcalico.org/v3
kind: GlobalThreatFeed
metadata: {name: metadata-probe}
spec:
  pull: {http: {url: "http://169.254.169.254/latest/meta-data/"}}
  globalNetworkSet: {labels: {feed: probe}}
`;
    expect((await call(h("apply", "POST"), "POST", `${BASE}/apply`, { cookie, params, text: yaml })).status).toBe(200);
    await sync("embedded");
    const item = (await overview()).items.find((i) => i.name === "metadata-probe");
    expect(item?.state).toBe("error");
    expect(item?.errorConditions[0]?.message).toContain("link-local");
    expect(await getSet("threatfeed.metadata-probe")).toBeUndefined();
  });

  it("removes the set with the feed, and leaves sets it did not write", async () => {
    const { getClusterBackend } = await import("@/lib/server/cluster/registry");
    const b = await getClusterBackend("embedded");
    await b.create({ kind: "GlobalNetworkSet", metadata: { name: "threatfeed.hand-made", labels: { feed: "mine" } }, spec: { nets: ["192.0.2.1/32"] } }, { actor: "test" });
    await b.delete("GlobalThreatFeed", "global.threatfeed.ipfeodo", undefined, { actor: "test" });
    await sync("embedded");
    expect(await getSet("threatfeed.global.threatfeed.ipfeodo")).toBeUndefined();
    expect(await getSet("threatfeed.hand-made")).toBeDefined();
  });

  it("answers 404 for an unknown feed, 422 for a bad body, 401 without a session", async () => {
    expect((await call(h("sync", "POST"), "POST", `${BASE}/threat-feeds/sync`, { cookie, params, json: { name: "nope" } })).status).toBe(404);
    expect((await call(h("sync", "POST"), "POST", `${BASE}/threat-feeds/sync`, { cookie, params, json: {} })).status).toBe(422);
    expect((await call(h("overview", "GET"), "GET", `${BASE}/threat-feeds`, { params })).status).toBe(401);
  });
});
