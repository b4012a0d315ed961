import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { logIn } from "./fixtures/login";
import { ApplyPage } from "./pages/apply-page";
import { FlowsPage } from "./pages/flows-page";
import { ThreatFeedsPage } from "./pages/threat-feeds-page";
import { applyYaml, resetEmbedded, runSimulatorInterval } from "./fixtures/embedded";

// Walkthroughs W1.1 (flow-log settings), W2.4 (review namespace recommendations), W3.2
// (quarantine a pod from the Workloads page), W3.7 (a GlobalThreatFeed pulled from a local feed
// server fills threatfeed.<name>, a policy denies it, the page counts the denials) and W4.1 (IP
// pools with the namespaces and workloads that use them). The cluster is reset before and after;
// the simulator is paused and driven by "run one interval now". The feed server listens on
// 127.0.0.1, which the web server allows through PALISADE_OUTBOUND_ALLOW (playwright.config.ts).

const QUARANTINE = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 125}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.quarantine}
spec:
  tier: security
  order: 100
  selector: quarantine == "true"
  types: [Ingress, Egress]
  ingress:
  - action: Log
  - action: Deny
  egress:
  - action: Log
  - action: Deny
`;

const BLOCK_FEODO = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 125}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.block-feodo}
spec:
  tier: security
  order: 90
  selector: all()
  types: [Egress]
  egress:
  - action: Deny
    destination:
      selector: feed == "feodo"
  - action: Pass
`;

const STAGING_POOL = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: staging
spec:
  cidr: 10.0.1.0/24
  ipipMode: Always
  natOutgoing: true
`;

interface FlowItem {
  readonly startTime: number;
  readonly endTime: number;
  readonly action: string;
  readonly reporter: string;
  readonly dest: { readonly name: string; readonly nameAggr: string };
  readonly source: { readonly name: string; readonly namespace: string };
}

async function flowsOf(request: APIRequestContext, query: string, run: { start: number; end: number }): Promise<readonly FlowItem[]> {
  const res = await request.get(`/api/v1/clusters/embedded/flows?${query}&from=${run.start}&to=${run.end}&limit=1000`);
  expect(res.status()).toBe(200);
  // Windows of runs a second apart overlap: only this run's own records reflect the policies now.
  return ((await res.json()) as { items: readonly FlowItem[] }).items.filter((f) => f.startTime === run.start && f.endTime === run.end);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetEmbedded(page.request);
  expect((await page.request.put("/api/v1/clusters/embedded/simulator", { data: { paused: true } })).status()).toBe(200);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetEmbedded(page.request);
  await page.request.put("/api/v1/clusters/embedded/simulator", { data: { paused: false } });
  await page.close();
});

test("W1.1: flow-log settings are shown and edited on Settings, and the simulator follows the flush interval", async ({ page }) => {
  await logIn(page, "/settings");
  const card = page.getByRole("region", { name: "Flow log settings" });
  await expect(card).toBeVisible();
  // The fields are enabled once FelixConfiguration default is loaded.
  await expect(card.getByText(/resourceVersion \d+/)).toBeVisible();
  await expect(card.getByLabel("Flow logs flush interval")).toBeEnabled();
  await card.getByLabel("Flow logs flush interval").fill("15s");
  await card.getByLabel("DNS logs flush interval").fill("15s");
  await card.getByLabel("Aggregation for allowed flows").selectOption("1");
  await card.getByLabel("Aggregation for denied flows").selectOption("0");
  await card.getByLabel("Collect TCP stats").check();
  await card.getByRole("button", { name: "Save flow-log settings" }).click();
  await expect(card.getByText("Saved.")).toBeVisible();
  const felix = (await (await page.request.get("/api/v1/clusters/embedded/felixconfigurations/default")).json()) as { spec: Record<string, unknown> };
  expect(felix.spec).toMatchObject({ flowLogsFlushInterval: "15s", dnsLogsFlushInterval: "15s", flowLogsFileAggregationKindForAllowed: 1, flowLogsFileAggregationKindForDenied: 0, flowLogsCollectTcpStats: true });
  const sim = (await (await page.request.get("/api/v1/clusters/embedded/simulator")).json()) as { intervalSeconds: number; aggregation: { allowed: number; denied: number } };
  expect(sim).toMatchObject({ intervalSeconds: 15, aggregation: { allowed: 1, denied: 0 } });
  const run = await runSimulatorInterval(page.request);
  expect(run.end - run.start).toBe(15);
  // The form shows the stored values after a reload.
  await page.reload();
  await expect(page.getByRole("region", { name: "Flow log settings" }).getByLabel("Flow logs flush interval")).toHaveValue("15s");
});

test("W3.2: quarantining a pod from the Workloads page denies all its traffic, visible in flows", async ({ page }) => {
  // The seed's quarantine policy, applied as written through Apply YAML.
  await logIn(page, "/import");
  const applyPage = new ApplyPage(page);
  await applyPage.open();
  await applyPage.dryRunThenApply(QUARANTINE);
  await page.goto("/workloads");
  await page.getByLabel("Search").fill("centos");
  await page.getByRole("button", { name: "Edit labels of dev/centos" }).click();
  const editor = page.getByRole("region", { name: "Labels of Pod dev/centos" });
  await expect(editor.getByLabel("Labels 1 key")).toHaveValue("app");
  await editor.getByRole("button", { name: "Quarantine (quarantine=true)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved the labels of pod dev/centos." })).toBeVisible();
  const pod = (await (await page.request.get("/api/v1/clusters/embedded/namespaces/dev/pods/centos")).json()) as { metadata: { labels: Record<string, string> }; status: { podIP: string } };
  expect(pod.metadata.labels).toMatchObject({ app: "centos", quarantine: "true" });
  expect(pod.status.podIP).toMatch(/^10\.244\./);

  let flows: readonly FlowItem[] = [];
  let run = { start: 0, end: 0 };
  for (let i = 0; i < 6 && flows.length === 0; i++) {
    run = await runSimulatorInterval(page.request);
    flows = await flowsOf(page.request, "sourceNamespace=dev&sourceName=centos&reporter=src", run);
  }
  expect(flows.length).toBeGreaterThan(0);
  expect(flows.every((f) => f.action === "deny")).toBe(true);
  // The Flows page shows them denied by security.quarantine.
  const flowsPage = new FlowsPage(page);
  await flowsPage.open({ from: run.end - 1, to: run.end + 1, sourceNamespace: "dev", sourceName: "centos", reporter: "src" });
  await expect(flowsPage.rows.first()).toBeVisible();
  const shown = await flowsPage.rows.count();
  for (let i = 0; i < shown; i++) await expect(flowsPage.rows.nth(i)).toHaveAttribute("data-action", "deny");
  await expect(await flowsPage.expandFirst()).toContainText("security.quarantine");

  // Remove the label again from the same editor: the pod's other labels stay.
  await page.goto("/workloads");
  await page.getByLabel("Search").fill("centos");
  await page.getByRole("button", { name: "Edit labels of dev/centos" }).click();
  const again = page.getByRole("region", { name: "Labels of Pod dev/centos" });
  const keys = await again.getByLabel(/^Labels \d+ key$/).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  await again.getByRole("button", { name: `Remove labels ${keys.indexOf("quarantine") + 1}` }).click();
  await again.getByRole("button", { name: "Save labels" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved the labels of pod dev/centos." })).toBeVisible();
  const after = (await (await page.request.get("/api/v1/clusters/embedded/namespaces/dev/pods/centos")).json()) as { metadata: { labels: Record<string, string> } };
  expect(after.metadata.labels["quarantine"]).toBeUndefined();
  expect(after.metadata.labels["app"]).toBe("centos");
});

test("W4.2: a namespace's zone label is set from the Workloads page", async ({ page }) => {
  await logIn(page, "/workloads");
  await page.getByRole("tab", { name: /^Namespaces/ }).click();
  await page.getByRole("button", { name: "Edit labels of app1", exact: true }).click();
  const editor = page.getByRole("region", { name: "Labels of Namespace app1" });
  await editor.getByRole("button", { name: "Add label" }).click();
  const n = await editor.getByLabel(/^Labels \d+ key$/).count();
  await editor.getByLabel(`Labels ${n} key`).fill("zone");
  await editor.getByLabel(`Labels ${n} value`).fill("dmz");
  await editor.getByRole("button", { name: "Save labels" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved the labels of namespace app1." })).toBeVisible();
  const ns = (await (await page.request.get("/api/v1/clusters/embedded/namespaces/app1")).json()) as { metadata: { labels: Record<string, string> } };
  expect(ns.metadata.labels).toMatchObject({ zone: "dmz", "kubernetes.io/metadata.name": "app1" });
});

test("W3.7: a GlobalThreatFeed fills threatfeed.<name> within a minute, a policy denies it, and the page shows status, entries, policies and denials", async ({ page }) => {
  // The first pull may take up to a puller tick after creation, then intervals run until a denial.
  test.setTimeout(180_000);
  let list = "# Feodo Tracker test list (local)\n203.0.113.10\n203.0.113.40\n";
  const server = http.createServer((_req, res) => res.end(list));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/downloads/ipblocklist.txt`;
  try {
    await logIn(page, "/threat-feeds");
    const feeds = new ThreatFeedsPage(page);
    await feeds.open();
    await feeds.create({ name: "global.threatfeed.ipfeodo", url, labels: { feed: "feodo" } });
    const row = feeds.row("global.threatfeed.ipfeodo");
    await expect(row.getByTestId("threat-feed-state")).toHaveText("synced", { timeout: 60_000 });
    await expect(row.getByTestId("threat-feed-entry-count")).toHaveText("2");
    // The status column shows when the last successful sync was, not "never".
    await expect(row.getByRole("cell").nth(1)).not.toContainText("never");
    await expect(row.getByRole("link", { name: "threatfeed.global.threatfeed.ipfeodo" })).toBeVisible();
    // The sync writes the status onto the object at the end of the same round.
    await expect
      .poll(async () => ((await (await page.request.get("/api/v1/clusters/embedded/globalthreatfeeds/global.threatfeed.ipfeodo")).json()) as { status?: { lastSuccessfulSync?: string } }).status?.lastSuccessfulSync ?? "", { timeout: 20_000 })
      .toMatch(/^\d{4}-\d\d-\d\dT/);
    const set = (await (await page.request.get("/api/v1/clusters/embedded/globalnetworksets/threatfeed.global.threatfeed.ipfeodo")).json()) as { metadata: { labels: Record<string, string> }; spec: { nets: string[] } };
    expect(set.metadata.labels).toEqual({ feed: "feodo" });
    expect(set.spec.nets).toEqual(["203.0.113.10/32", "203.0.113.40/32"]);

    // The policy that denies the feed's set, applied as YAML in the console.
    const applyPage = new ApplyPage(page);
    await applyPage.open();
    await applyPage.dryRunThenApply(BLOCK_FEODO);
    await page.goto("/threat-feeds");
    await expect(row.getByRole("link", { name: "security.block-feodo" })).toBeVisible();
    let denied: readonly FlowItem[] = [];
    for (let i = 0; i < 8 && denied.length === 0; i++) {
      const flows = await flowsOf(page.request, "reporter=src&action=deny", await runSimulatorInterval(page.request));
      denied = flows.filter((f) => f.dest.name === "threatfeed.global.threatfeed.ipfeodo");
    }
    expect(denied.length).toBeGreaterThan(0);
    await expect(row.getByTestId("threat-feed-denied")).not.toHaveText("0", { timeout: 20_000 });
    // The denials in the Flows page: to the feed's set, by security.block-feodo.
    const flowsPage = new FlowsPage(page);
    await flowsPage.open({ from: (denied[0]?.endTime ?? 0) - 1, to: (denied[0]?.endTime ?? 0) + 1, action: "deny", reporter: "src", destName: "threatfeed.global.threatfeed.ipfeodo" });
    await expect(flowsPage.rows.first()).toHaveAttribute("data-action", "deny");
    await expect(await flowsPage.expandFirst()).toContainText("security.block-feodo");
    await page.goto("/threat-feeds");

    // Sync now pulls the changed list at once.
    list = "203.0.113.10\n203.0.113.41\n198.51.100.0/24\n";
    await row.getByRole("button", { name: "Sync global.threatfeed.ipfeodo now" }).click();
    await expect(row.getByTestId("threat-feed-entry-count")).toHaveText("3", { timeout: 30_000 });

    // Removing the feed removes its set.
    await row.getByRole("button", { name: "Delete global.threatfeed.ipfeodo" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await expect(row).toHaveCount(0);
    await expect.poll(async () => (await page.request.get("/api/v1/clusters/embedded/globalnetworksets/threatfeed.global.threatfeed.ipfeodo")).status(), { timeout: 30_000 }).toBe(404);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test("W3.7: a feed at a metadata address is refused with the reason, shown as an error condition", async ({ page }) => {
  await logIn(page, "/threat-feeds");
  await applyYaml(page.request, `apiVersion: projectcalico.org/v3
kind: GlobalThreatFeed
metadata: {name: metadata-probe}
spec:
  pull: {http: {url: "http://169.254.169.254/latest/meta-data/"}}
  globalNetworkSet: {labels: {feed: probe}}
`);
  const row = new ThreatFeedsPage(page).row("metadata-probe");
  await expect(row.getByTestId("threat-feed-state")).toHaveText("error", { timeout: 60_000 });
  await expect(row.getByTestId("threat-feed-error")).toContainText("PullFailed");
  await expect(row.getByTestId("threat-feed-error")).toContainText("link-local");
});

test("W4.1: IP pools list the workshop's pools with the namespaces and workloads that use them; a pool is created from the form", async ({ page }) => {
  // Seed 003's pool, applied as written: the demo already holds it, so only the annotation
  // apply records (kubectl's last-applied-configuration) changes, never its spec.
  await logIn(page, "/import");
  const applyPage = new ApplyPage(page);
  await applyPage.open();
  await applyPage.dryRunThenApply(STAGING_POOL);
  await expect(applyPage.outcomes).toContainText("1 field");
  await expect(applyPage.outcomes).toContainText("last-applied-configuration");
  await expect(applyPage.outcomes).not.toContainText("spec.");
  await page.goto("/ip-pools");
  await expect(page.getByRole("heading", { name: "IP pools", level: 1 })).toBeVisible();
  const dmz = page.getByTestId("ip-pool-dmz-pool");
  await expect(dmz).toContainText("10.0.2.0/24");
  await expect(dmz.getByTestId("pool-namespaces")).toContainText("dmz");
  await expect(dmz.getByTestId("pool-workloads")).toContainText("1 workload in dmz");
  await dmz.getByTestId("pool-workloads").getByText("1 workload in dmz").click();
  await expect(dmz.getByTestId("pool-workloads")).toContainText("dmz/web-");
  const staging = page.getByTestId("ip-pool-staging");
  await expect(staging).toContainText("10.0.1.0/24");
  await expect(staging).toContainText("IPIP Always");
  await expect(staging.getByRole("cell").nth(3)).toHaveText("yes");

  await page.getByRole("button", { name: "New IP pool" }).click();
  await page.getByLabel("Name", { exact: true }).fill("trusted-pool");
  await page.getByLabel("CIDR").fill("10.0.3.7/24");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("alert").filter({ hasText: 'did you mean "10.0.3.0/24"' }).first()).toBeVisible();
  await page.getByLabel("CIDR").fill("10.0.3.0/24");
  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(page.getByRole("textbox", { name: "YAML" })).toHaveValue(/cidr: 10\.0\.3\.0\/24/);
  await page.getByRole("tab", { name: "Form" }).click();
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved IPPool trusted-pool." })).toBeVisible();
  await expect(page.getByTestId("ip-pool-trusted-pool")).toContainText("10.0.3.0/24");
});

test("W2.4: catfacts' recommendation has egress rules for traffic leaving it and ingress for traffic arriving; bulk add to the board", async ({ page }) => {
  await logIn(page, "/recommendations");
  for (let i = 0; i < 3; i++) await runSimulatorInterval(page.request);
  await page.reload();
  const list = page.getByRole("region", { name: "Namespace recommendations" });
  const enable = page.getByRole("button", { name: "Enable policy recommendations" });
  const recompute = page.getByRole("button", { name: "Recompute now" });
  await expect(enable.or(recompute)).toBeVisible();
  if (await enable.isVisible()) await enable.click();
  await recompute.click();
  const row = (ns: string) => list.locator(`[data-testid="rec-row"][data-namespace="${ns}"]`);
  await expect(row("catfacts")).toBeVisible();
  await row("catfacts").getByRole("button", { name: "View catfacts" }).click();
  const detail = page.getByTestId("rec-detail");
  await detail.getByRole("tab", { name: /^Evidence/ }).click();
  const evidence = detail.getByRole("table", { name: "Rule evidence" });
  // Egress from traffic leaving catfacts, ingress from traffic arriving: its public clients are
  // one address (192.0.2.40) with flow-log aggregation 1 (W1.1), or "public internet" with the
  // default aggregation 2, which hides public addresses as Calico does.
  await expect(evidence.getByRole("row").filter({ hasText: /^egress/ }).filter({ hasText: "catfact.ninja" })).not.toHaveCount(0);
  await expect(evidence.getByRole("row").filter({ hasText: /^ingress/ }).filter({ hasText: /192\.0\.2\.40|public internet/ })).not.toHaveCount(0);

  await row("catfacts").getByRole("checkbox", { name: "Select catfacts" }).check();
  await row("storefront").getByRole("checkbox", { name: "Select storefront" }).check();
  await page.getByRole("button", { name: "Add selected to policy board" }).click();
  await expect(row("catfacts")).toHaveCount(0);
  await expect(row("storefront")).toHaveCount(0);
  await list.getByRole("tab", { name: /^Active/ }).click();
  await expect(row("catfacts")).toBeVisible();
  await expect(row("storefront")).toBeVisible();
  const settings = await page.request.get("/api/v1/clusters/embedded/recommendations/settings");
  await page.request.put("/api/v1/clusters/embedded/recommendations/settings", { data: { ...(await settings.json()), enabled: false } });
});

