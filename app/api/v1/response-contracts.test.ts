/**
 * The browser parses these answers with their zod contracts (lib/hooks/fetcher.ts `schema`), so
 * a handler whose body drifts from its contract would break the page that reads it. Each route
 * here is called as Next would call it, on a throwaway data folder, and its body must parse with
 * the schema the hook passes.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { AlertEvaluateResponseSchema, AlertEventPageSchema, AlertsOverviewSchema } from "@/lib/contracts/alerts";
import { ApplyResultSchema } from "@/lib/contracts/apply";
import {
  AuditPageViewSchema,
  BoardSnapshotSchema,
  BoardTrafficSchema,
  ImpactResponseSchema,
  SelectsResponseSchema,
  WhatIfResponseSchema,
  WriteSummarySchema,
} from "@/lib/contracts/board";
import { ClusterListSchema, ClusterSummarySchema } from "@/lib/contracts/clusters";
import { FlowCountSchema, FlowPageSchema, FlowSuggestionsSchema, GraphReplySchema, SimulatorRunSchema, SimulatorStateSchema } from "@/lib/contracts/flows";
import { GraphPositionsReplySchema } from "@/lib/contracts/graph-positions";
import { IpPoolsOverviewSchema } from "@/lib/contracts/ip-pools";
import { ClusterHealthSchema } from "@/lib/contracts/kube-clusters";
import { LabelPatchResponseSchema } from "@/lib/contracts/labels";
import { LintResponseSchema } from "@/lib/contracts/lint";
import { NoContentSchema } from "@/lib/contracts/no-content";
import { ObjectListSchema, WireObjectSchema } from "@/lib/contracts/objects";
import {
  NamespaceRecommendationDetailViewSchema,
  RecommendationActionResultSchema,
  RecommendationCheckViewSchema,
  RecommendationListViewSchema,
  RecommendationRunViewSchema,
  RecommendationSettingsViewSchema,
  WorkloadRecommendationViewSchema,
  WorkloadRefListSchema,
} from "@/lib/contracts/recommendations";
import { SavedGraphViewListSchema, SavedGraphViewSchema } from "@/lib/contracts/saved-views";
import { SessionInfoSchema } from "@/lib/contracts/session";
import { ThreatFeedSyncResponseSchema, ThreatFeedsOverviewSchema } from "@/lib/contracts/threat-feeds";
import { AuthEventPageSchema, IssuedTokenSchema, OidcSettingsViewSchema, TokenListSchema, UserListSchema, UserViewSchema } from "@/lib/contracts/users";
import { policyKeyOf } from "@/lib/policy";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();

type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;
const mods: Record<string, RouteModule> = {};
let closeDatabase: () => Promise<void>;
let cookie = "";
const params = { cluster: "embedded" };

function h(name: string, method: keyof RouteModule): Handler {
  const fn = mods[name]?.[method];
  if (fn === undefined) throw new Error(`no ${method} export in ${name}`);
  return fn;
}

/** The body of a 2xx answer parsed by `schema` (a 204 as `undefined`, as the fetcher reads it); fails naming the first field at fault. */
async function parsed<S extends z.ZodType>(res: Response, schema: S): Promise<z.output<S>> {
  const text = await res.text();
  expect(res.status, text).toBeLessThan(300);
  const result = schema.safeParse(res.status === 204 ? undefined : JSON.parse(text));
  if (!result.success) {
    const issue = result.error.issues[0];
    expect.fail(`${issue?.path.join(".") ?? "(body)"}: ${issue?.message ?? ""} in ${text.slice(0, 300)}`);
  }
  return result.data;
}

beforeAll(async () => {
  mods.session = await import("@/app/api/v1/session/route");
  mods.clusters = await import("@/app/api/v1/clusters/route");
  mods.health = await import("@/app/api/v1/clusters/[cluster]/health/route");
  mods.apply = await import("@/app/api/v1/clusters/[cluster]/apply/route");
  mods.object = await import("@/app/api/v1/clusters/[cluster]/[resource]/[name]/route");
  mods.users = await import("@/app/api/v1/users/route");
  mods.user = await import("@/app/api/v1/users/[username]/route");
  mods.tokens = await import("@/app/api/v1/tokens/route");
  mods.authEvents = await import("@/app/api/v1/auth-events/route");
  mods.oidc = await import("@/app/api/v1/settings/oidc/route");
  mods.cluster = await import("@/app/api/v1/clusters/[cluster]/route");
  mods.token = await import("@/app/api/v1/tokens/[id]/route");
  mods.password = await import("@/app/api/v1/users/[username]/password/route");
  mods.collection = await import("@/app/api/v1/clusters/[cluster]/[resource]/route");
  mods.simulator = await import("@/app/api/v1/clusters/[cluster]/simulator/route");
  mods.flows = await import("@/app/api/v1/clusters/[cluster]/flows/route");
  mods.count = await import("@/app/api/v1/clusters/[cluster]/flows/count/route");
  mods.suggestions = await import("@/app/api/v1/clusters/[cluster]/flows/suggestions/route");
  mods.graph = await import("@/app/api/v1/clusters/[cluster]/graph/route");
  mods.views = await import("@/app/api/v1/clusters/[cluster]/graph/views/route");
  mods.view = await import("@/app/api/v1/clusters/[cluster]/graph/views/[id]/route");
  mods.positions = await import("@/app/api/v1/clusters/[cluster]/graph/positions/route");
  mods.board = await import("@/app/api/v1/clusters/[cluster]/board/route");
  mods.traffic = await import("@/app/api/v1/clusters/[cluster]/board/traffic/route");
  mods.changes = await import("@/app/api/v1/clusters/[cluster]/board/changes/route");
  mods.enforce = await import("@/app/api/v1/clusters/[cluster]/policies-ops/enforce/route");
  mods.history = await import("@/app/api/v1/clusters/[cluster]/policies-ops/history/route");
  mods.restore = await import("@/app/api/v1/clusters/[cluster]/policies-ops/restore/route");
  mods.selects = await import("@/app/api/v1/clusters/[cluster]/policies-ops/selects/route");
  mods.impact = await import("@/app/api/v1/clusters/[cluster]/policies-ops/impact/route");
  mods.whatIf = await import("@/app/api/v1/clusters/[cluster]/policies-ops/what-if/route");
  mods.lint = await import("@/app/api/v1/clusters/[cluster]/policies-ops/lint/route");
  mods.audit = await import("@/app/api/v1/clusters/[cluster]/audit/route");
  mods.alerts = await import("@/app/api/v1/clusters/[cluster]/alerts/route");
  mods.alertEvents = await import("@/app/api/v1/clusters/[cluster]/alerts/events/route");
  mods.alertEvaluate = await import("@/app/api/v1/clusters/[cluster]/alerts/evaluate/route");
  mods.feeds = await import("@/app/api/v1/clusters/[cluster]/threat-feeds/route");
  mods.feedSync = await import("@/app/api/v1/clusters/[cluster]/threat-feeds/sync/route");
  mods.ipPools = await import("@/app/api/v1/clusters/[cluster]/ip-pools/route");
  mods.labels = await import("@/app/api/v1/clusters/[cluster]/labels/route");
  mods.recs = await import("@/app/api/v1/clusters/[cluster]/recommendations/route");
  mods.recSettings = await import("@/app/api/v1/clusters/[cluster]/recommendations/settings/route");
  mods.recRun = await import("@/app/api/v1/clusters/[cluster]/recommendations/run/route");
  mods.recActions = await import("@/app/api/v1/clusters/[cluster]/recommendations/actions/route");
  mods.recNamespace = await import("@/app/api/v1/clusters/[cluster]/recommendations/namespaces/[namespace]/route");
  mods.recWorkload = await import("@/app/api/v1/clusters/[cluster]/recommendations/workload/route");
  mods.recCheck = await import("@/app/api/v1/clusters/[cluster]/recommendations/check/route");
  mods.recWorkloads = await import("@/app/api/v1/clusters/[cluster]/recommendations/workloads/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const login = await call(h("session", "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
  await parsed(login.clone(), SessionInfoSchema);
  cookie = cookieFrom(login);
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

describe("answers match the contracts the browser parses them with", () => {
  it("session", async () => {
    const me = await parsed(await call(h("session", "GET"), "GET", "/api/v1/session", { cookie }), SessionInfoSchema);
    expect(me.user.username).toBe("admin");
  });

  it("clusters, a new cluster, cluster health", async () => {
    const list = await parsed(await call(h("clusters", "GET"), "GET", "/api/v1/clusters", { cookie }), ClusterListSchema);
    expect(list.items.map((c) => c.id)).toContain("embedded");
    const added = await parsed(await call(h("clusters", "POST"), "POST", "/api/v1/clusters", { cookie, json: { name: "Contract check" } }), ClusterSummarySchema);
    expect(added.kind).toBe("embedded");
    await parsed(await call(h("health", "GET"), "GET", "/api/v1/clusters/embedded/health", { cookie, params }), ClusterHealthSchema);
  }, 60_000);

  it("apply (dry run) and one object", async () => {
    const yaml = "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: contracts\nspec:\n  order: 321\n";
    const applied = await parsed(await call(h("apply", "POST"), "POST", "/api/v1/clusters/embedded/apply?dryRun=All", { cookie, params, text: yaml }), ApplyResultSchema);
    expect(applied.dryRun).toBe(true);
    const tier = await parsed(await call(h("object", "GET"), "GET", "/api/v1/clusters/embedded/tiers/default", { cookie, params: { ...params, resource: "tiers", name: "default" } }), WireObjectSchema);
    expect(tier.kind).toBe("Tier");
  });

  it("users, tokens, auth events, OIDC settings", async () => {
    const created = await parsed(await call(h("users", "POST"), "POST", "/api/v1/users", { cookie, json: { username: "carol", password: "a-long-enough-password", role: "viewer" } }), UserViewSchema);
    expect(created.username).toBe("carol");
    await parsed(await call(h("user", "PATCH"), "PATCH", "/api/v1/users/carol", { cookie, params: { username: "carol" }, json: { role: "editor" } }), UserViewSchema);
    expect((await parsed(await call(h("users", "GET"), "GET", "/api/v1/users", { cookie }), UserListSchema)).items.length).toBeGreaterThanOrEqual(2);
    const issued = await parsed(await call(h("tokens", "POST"), "POST", "/api/v1/tokens", { cookie, json: { name: "contract" } }), IssuedTokenSchema);
    expect(issued.token.length).toBeGreaterThan(20);
    expect((await parsed(await call(h("tokens", "GET"), "GET", "/api/v1/tokens", { cookie }), TokenListSchema)).items.map((t) => t.name)).toContain("contract");
    expect((await parsed(await call(h("authEvents", "GET"), "GET", "/api/v1/auth-events?limit=50", { cookie }), AuthEventPageSchema)).items.length).toBeGreaterThan(0);
    const mapping = { mappings: [{ group: "ops", role: "editor" }] };
    expect((await parsed(await call(h("oidc", "PUT"), "PUT", "/api/v1/settings/oidc", { cookie, json: mapping }), OidcSettingsViewSchema)).mappings).toHaveLength(1);
    await parsed(await call(h("oidc", "GET"), "GET", "/api/v1/settings/oidc", { cookie }), OidcSettingsViewSchema);
  });

  it("204 answers (token revoke, password reset, user delete, cluster delete) parse as no content", async () => {
    const issued = await parsed(await call(h("tokens", "POST"), "POST", "/api/v1/tokens", { cookie, json: { name: "revoked" } }), IssuedTokenSchema);
    await parsed(await call(h("token", "DELETE"), "DELETE", `/api/v1/tokens/${issued.id}`, { cookie, params: { id: issued.id } }), NoContentSchema);
    await parsed(await call(h("users", "POST"), "POST", "/api/v1/users", { cookie, json: { username: "dave", password: "a-long-enough-password", role: "viewer" } }), UserViewSchema);
    await parsed(await call(h("password", "POST"), "POST", "/api/v1/users/dave/password", { cookie, params: { username: "dave" }, json: { password: "another-long-password" } }), NoContentSchema);
    await parsed(await call(h("user", "DELETE"), "DELETE", "/api/v1/users/dave", { cookie, params: { username: "dave" } }), NoContentSchema);
    const extra = await parsed(await call(h("clusters", "POST"), "POST", "/api/v1/clusters", { cookie, json: { name: "Short lived" } }), ClusterSummarySchema);
    await parsed(await call(h("cluster", "DELETE"), "DELETE", `/api/v1/clusters/${extra.id}`, { cookie, params: { cluster: extra.id } }), NoContentSchema);
  }, 60_000);
});

const BASE = "/api/v1/clusters/embedded";
/** A staged policy to enforce, a GlobalAlert on flows and a push-mode threat feed with a policy using its set. */
const FIXTURES = `
apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: default.contract-staged, namespace: default}
spec:
  tier: default
  order: 900
  selector: app == "frontend"
  types: [Ingress]
  ingress:
    - action: Allow
      protocol: TCP
      destination: {ports: [8080]}
---
apiVersion: projectcalico.org/v3
kind: GlobalAlert
metadata: {name: contract-flows}
spec:
  description: "Any flow at all"
  summary: "flows to \${dest_namespace}"
  severity: 50
  dataSet: flows
  period: 1m
  lookback: 10m
  query: 'action = "allow"'
  aggregateBy: [dest_namespace]
  field: num_flows
  metric: sum
  condition: gt
  threshold: 0
---
apiVersion: projectcalico.org/v3
kind: GlobalThreatFeed
metadata: {name: contract-feed}
spec:
  content: IPSet
  globalNetworkSet:
    labels: {feed: contract}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: default.deny-contract-feed}
spec:
  tier: default
  order: 20
  selector: all()
  types: [Egress]
  egress:
    - action: Deny
      destination: {selector: feed == "contract"}
`;

describe("answers of the console's cluster pages match their contracts", () => {
  let from = 0;
  let to = 0;

  it("fixtures and simulated traffic (simulator state and runs)", async () => {
    expect((await parsed(await call(h("apply", "POST"), "POST", `${BASE}/apply`, { cookie, params, text: FIXTURES }), ApplyResultSchema)).dryRun).toBe(false);
    await parsed(await call(h("simulator", "PUT"), "PUT", `${BASE}/simulator`, { cookie, params, json: { paused: false } }), SimulatorStateSchema);
    for (let i = 0; i < 2; i++) {
      const run = await parsed(await call(h("simulator", "POST"), "POST", `${BASE}/simulator`, { cookie, params }), SimulatorRunSchema);
      from = from === 0 ? run.start - 1 : Math.min(from, run.start - 1);
      to = Math.max(to, run.end + 1);
      if (i === 0) await sleep(1100);
    }
    const state = await parsed(await call(h("simulator", "GET"), "GET", `${BASE}/simulator`, { cookie, params }), SimulatorStateSchema);
    expect(state.lastRun?.flows).toBeGreaterThan(0);
  }, 90_000);

  it("flows page with count, count, suggestions, graph", async () => {
    const page = await parsed(await call(h("flows", "GET"), "GET", `${BASE}/flows?from=${from}&to=${to}&limit=50&withCount=true`, { cookie, params }), FlowPageSchema);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.count?.count).toBeGreaterThan(0);
    await parsed(await call(h("count", "GET"), "GET", `${BASE}/flows/count?from=${from}&to=${to}`, { cookie, params }), FlowCountSchema);
    expect((await parsed(await call(h("suggestions", "GET"), "GET", `${BASE}/flows/suggestions?field=namespace&from=${from}&to=${to}`, { cookie, params }), FlowSuggestionsSchema)).values.length).toBeGreaterThan(0);
    const graph = await parsed(await call(h("graph", "GET"), "GET", `${BASE}/graph?from=${from}&to=${to}&level=workload`, { cookie, params }), GraphReplySchema);
    expect(graph.edges.length).toBeGreaterThan(0);
    // Without a range the server picks one ending now, and folds namespaces.
    await parsed(await call(h("graph", "GET"), "GET", `${BASE}/graph`, { cookie, params }), GraphReplySchema);
    await parsed(await call(h("flows", "GET"), "GET", `${BASE}/flows?limit=5`, { cookie, params }), FlowPageSchema);
  }, 60_000);

  it("saved views and graph positions", async () => {
    const state = { range: { kind: "preset", preset: "1h" }, namespaces: ["default"], expanded: [], search: "", actions: [], groupBy: "" };
    const view = await parsed(await call(h("views", "POST"), "POST", `${BASE}/graph/views`, { cookie, params, json: { name: "contract", state } }), SavedGraphViewSchema);
    expect((await parsed(await call(h("views", "GET"), "GET", `${BASE}/graph/views`, { cookie, params }), SavedGraphViewListSchema)).items.map((v) => v.id)).toContain(view.id);
    const positions = { positions: { "ns:default": { x: 10, y: -20 } } };
    expect((await parsed(await call(h("positions", "PUT"), "PUT", `${BASE}/graph/positions`, { cookie, params, json: positions }), GraphPositionsReplySchema)).positions["ns:default"]).toEqual({ x: 10, y: -20 });
    await parsed(await call(h("positions", "GET"), "GET", `${BASE}/graph/positions`, { cookie, params }), GraphPositionsReplySchema);
    await parsed(await call(h("positions", "DELETE"), "DELETE", `${BASE}/graph/positions`, { cookie, params }), NoContentSchema);
    await parsed(await call(h("view", "DELETE"), "DELETE", `${BASE}/graph/views/${view.id}`, { cookie, params: { ...params, id: view.id } }), NoContentSchema);
  });

  it("board, traffic, changes, enforce, history, restore, audit", async () => {
    const board = await parsed(await call(h("board", "GET"), "GET", `${BASE}/board`, { cookie, params }), BoardSnapshotSchema);
    expect(board.resources.length).toBeGreaterThan(0);
    expect(board.workloads.length).toBeGreaterThan(0);
    await parsed(await call(h("traffic", "GET"), "GET", `${BASE}/board/traffic?minutes=120`, { cookie, params }), BoardTrafficSchema);
    const feedPolicy = board.resources.find((r) => r.kind === "GlobalNetworkPolicy" && r.metadata.name === "default.deny-contract-feed");
    if (feedPolicy === undefined || feedPolicy.kind !== "GlobalNetworkPolicy") throw new Error("fixture policy missing from the board");
    const key = policyKeyOf(feedPolicy);
    const moved = await parsed(await call(h("changes", "POST"), "POST", `${BASE}/board/changes`, { cookie, params, json: { changes: [{ key, resourceVersion: feedPolicy.metadata.resourceVersion, order: 25 }] } }), WriteSummarySchema);
    expect(moved.written.map((w) => w.key)).toContain(key);
    const staged = board.resources.find((r) => r.kind === "StagedNetworkPolicy" && r.metadata.name === "default.contract-staged");
    if (staged === undefined || staged.kind !== "StagedNetworkPolicy") throw new Error("fixture staged policy missing from the board");
    await parsed(await call(h("enforce", "POST"), "POST", `${BASE}/policies-ops/enforce`, { cookie, params, json: { key: policyKeyOf(staged), resourceVersion: staged.metadata.resourceVersion } }), WriteSummarySchema);
    const history = await parsed(await call(h("history", "GET"), "GET", `${BASE}/policies-ops/history?kind=GlobalNetworkPolicy&name=default.deny-contract-feed`, { cookie, params }), AuditPageViewSchema);
    expect(history.items.length).toBeGreaterThanOrEqual(2);
    const [latest] = history.items;
    const first = history.items.at(-1);
    if (latest === undefined || first === undefined) throw new Error("no history");
    const restore = { kind: "GlobalNetworkPolicy", name: "default.deny-contract-feed", revision: first.resourceVersion, currentResourceVersion: latest.resourceVersion };
    await parsed(await call(h("restore", "POST"), "POST", `${BASE}/policies-ops/restore`, { cookie, params, json: restore }), WriteSummarySchema);
    expect((await parsed(await call(h("audit", "GET"), "GET", `${BASE}/audit?limit=200`, { cookie, params }), AuditPageViewSchema)).items.length).toBeGreaterThan(0);
  }, 60_000);

  it("selects, impact, what-if (a Service destination), lint", async () => {
    const draft = { kind: "NetworkPolicy", metadata: { name: "default.contract-draft", namespace: "default" }, spec: { tier: "default", order: 5, selector: "all()", types: ["Ingress"], ingress: [{ action: "Deny" }] } };
    expect((await parsed(await call(h("selects", "POST"), "POST", `${BASE}/policies-ops/selects`, { cookie, params, json: { resource: draft } }), SelectsResponseSchema)).endpoints.length).toBeGreaterThan(0);
    const impact = await parsed(await call(h("impact", "POST"), "POST", `${BASE}/policies-ops/impact`, { cookie, params, json: { upserts: [draft], deletes: [], windowMinutes: 120 } }), ImpactResponseSchema);
    expect(impact.changed.length).toBeGreaterThan(0);
    const board = await parsed(await call(h("board", "GET"), "GET", `${BASE}/board`, { cookie, params }), BoardSnapshotSchema);
    const service = board.services.find((s) => s.ports.some((p) => p.protocol === "TCP") && board.workloads.some((w) => w.namespace === s.namespace));
    const source = board.workloads[0];
    if (service === undefined || source === undefined) throw new Error("the demo cluster has no Service with a TCP port");
    const port = service.ports.find((p) => p.protocol === "TCP")?.port;
    const probe = { source: { kind: "workload", namespace: source.namespace, name: source.name }, destination: { kind: "service", namespace: service.namespace, name: service.name }, protocol: "TCP", port };
    const whatIf = await parsed(await call(h("whatIf", "POST"), "POST", `${BASE}/policies-ops/what-if`, { cookie, params, json: probe }), WhatIfResponseSchema);
    expect(whatIf.results.length + (whatIf.message === undefined ? 0 : 1)).toBeGreaterThan(0);
    await parsed(await call(h("lint", "GET"), "GET", `${BASE}/policies-ops/lint?windowMinutes=120`, { cookie, params }), LintResponseSchema);
  }, 60_000);

  it("alerts, alert events, threat feeds, IP pools, labels, object list and delete", async () => {
    const evaluated = await parsed(await call(h("alertEvaluate", "POST"), "POST", `${BASE}/alerts/evaluate`, { cookie, params, json: { name: "contract-flows" } }), AlertEvaluateResponseSchema);
    expect(evaluated.results[0]?.state, JSON.stringify(evaluated)).toBe("firing");
    expect(evaluated.results[0]?.events, JSON.stringify(evaluated)).toBeGreaterThan(0);
    expect((await parsed(await call(h("alerts", "GET"), "GET", `${BASE}/alerts`, { cookie, params }), AlertsOverviewSchema)).items.map((a) => a.name)).toContain("contract-flows");
    expect((await parsed(await call(h("alertEvents", "GET"), "GET", `${BASE}/alerts/events?alert=contract-flows&limit=100`, { cookie, params }), AlertEventPageSchema)).items.length).toBeGreaterThan(0);
    const feeds = await parsed(await call(h("feeds", "GET"), "GET", `${BASE}/threat-feeds`, { cookie, params }), ThreatFeedsOverviewSchema);
    expect(feeds.items.find((f) => f.name === "contract-feed")?.state).toBe("push");
    await parsed(await call(h("feedSync", "POST"), "POST", `${BASE}/threat-feeds/sync`, { cookie, params, json: { name: "contract-feed" } }), ThreatFeedSyncResponseSchema);
    expect((await parsed(await call(h("ipPools", "GET"), "GET", `${BASE}/ip-pools`, { cookie, params }), IpPoolsOverviewSchema)).items.length).toBeGreaterThan(0);
    const labelled = await parsed(await call(h("labels", "POST"), "POST", `${BASE}/labels`, { cookie, params, json: { kind: "Namespace", name: "default", set: { contract: "yes" } } }), LabelPatchResponseSchema);
    expect(labelled.labels["contract"]).toBe("yes");
    const sets = await parsed(await call(h("collection", "GET"), "GET", `${BASE}/globalnetworkpolicies?limit=5`, { cookie, params: { ...params, resource: "globalnetworkpolicies" } }), ObjectListSchema);
    expect(sets.items.length).toBeGreaterThan(0);
    const gone = await parsed(
      await call(h("object", "DELETE"), "DELETE", `${BASE}/globalnetworkpolicies/default.deny-contract-feed`, { cookie, params: { ...params, resource: "globalnetworkpolicies", name: "default.deny-contract-feed" } }),
      WireObjectSchema,
    );
    expect(gone.metadata.name).toBe("default.deny-contract-feed");
  }, 60_000);

  it("recommendations: wizard, check, workloads, namespace isolation", async () => {
    const workloads = await parsed(await call(h("recWorkloads", "GET"), "GET", `${BASE}/recommendations/workloads`, { cookie, params }), WorkloadRefListSchema);
    expect(workloads.items.length).toBeGreaterThan(0);
    const wizard = await parsed(
      await call(h("recWorkload", "POST"), "POST", `${BASE}/recommendations/workload`, { cookie, params, json: { namespace: "default", workload: "frontend", from, to, order: 1500 } }),
      WorkloadRecommendationViewSchema,
    );
    expect(wizard.evidence.length).toBeGreaterThan(0);
    const policy = { ...wizard.policy, apiVersion: "projectcalico.org/v3" };
    await parsed(await call(h("recCheck", "POST"), "POST", `${BASE}/recommendations/check`, { cookie, params, json: { namespace: "default", workload: "frontend", from, to, policy } }), RecommendationCheckViewSchema);
    const settings = await parsed(await call(h("recSettings", "GET"), "GET", `${BASE}/recommendations/settings`, { cookie, params }), RecommendationSettingsViewSchema);
    const { lastRun: _lastRun, ...editable } = settings;
    await parsed(await call(h("recSettings", "PUT"), "PUT", `${BASE}/recommendations/settings`, { cookie, params, json: { ...editable, enabled: true } }), RecommendationSettingsViewSchema);
    await parsed(await call(h("recRun", "POST"), "POST", `${BASE}/recommendations/run`, { cookie, params }), RecommendationRunViewSchema);
    const list = await parsed(await call(h("recs", "GET"), "GET", `${BASE}/recommendations`, { cookie, params }), RecommendationListViewSchema);
    const item = list.items[0];
    if (item === undefined) throw new Error("namespace isolation recommended nothing");
    await parsed(await call(h("recNamespace", "GET"), "GET", `${BASE}/recommendations/namespaces/${item.namespace}`, { cookie, params: { ...params, namespace: item.namespace } }), NamespaceRecommendationDetailViewSchema);
    expect((await parsed(await call(h("recActions", "POST"), "POST", `${BASE}/recommendations/actions`, { cookie, params, json: { action: "dismiss", namespaces: [item.namespace] } }), RecommendationActionResultSchema)).updated).toBe(1);
  }, 90_000);
});
