import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { logIn } from "./fixtures/login";
import { watchPageErrors } from "./fixtures/page-errors";
import { BoardPage } from "./pages/board-page";
import { FlowsPage } from "./pages/flows-page";
import { RecommendationsPage } from "./pages/recommendations-page";
import { resetEmbedded, runSimulatorInterval } from "./fixtures/embedded";

// Walkthrough W2.3 in the browser, as the workshop does it: with namespace-isolation
// recommendations enabled (staged policies in tier namespace-isolation, stagedAction Learn), the
// user opens "Add policy" at the bottom of the default tier's lane, names the policy
// default-deny, builds the namespace selector kubernetes.io/metadata.name = catfacts with the
// key / operator / value pickers, ticks Ingress and Egress and presses Stage. New traffic then
// arrives ("Run one interval now" on the Flows page) and the Flows page lists the would-be
// denials: allowed today, pending action deny, staged:default.default-deny in the pending trace
// of the detail pane — the learning recommendations are not counted, as in Calico.
// The cluster is reset before and after; the simulator is paused so only the intervals this
// spec runs produce flows.

const NS = "catfacts";

interface BoardResource {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: { readonly tier?: string; readonly stagedAction?: string };
}

/** "Run one interval now" on the Flows page; resolves once the server has stored the interval. */
async function runIntervalFromPage(page: Page): Promise<void> {
  await new Promise((r) => setTimeout(r, 1100));
  const done = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/v1/clusters/embedded/simulator");
  await page.getByRole("button", { name: "Run one interval now" }).click();
  expect((await done).status()).toBe(200);
}

async function disableRecommendations(request: APIRequestContext): Promise<void> {
  const settings = await request.get("/api/v1/clusters/embedded/recommendations/settings");
  await request.put("/api/v1/clusters/embedded/recommendations/settings", { data: { ...(await settings.json()), lastRun: undefined, enabled: false } });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetEmbedded(page.request);
  expect((await page.request.put("/api/v1/clusters/embedded/simulator", { data: { paused: true } })).status()).toBe(200);
  // Traffic for the recommendation engine to learn from.
  for (let i = 0; i < 2; i++) await runSimulatorInterval(page.request);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetEmbedded(page.request);
  await disableRecommendations(page.request);
  await page.request.put("/api/v1/clusters/embedded/simulator", { data: { paused: false } });
  await page.close();
});

test("W2.3: a default deny staged from the board with the selector pickers shows its would-be denials in Flows while recommendations are learning", async ({ page }) => {
  test.setTimeout(120_000);
  const watched = watchPageErrors(page);
  // Flows are append-only and earlier specs may have staged denies in catfacts: the Flows page is
  // opened on what this test's intervals write (flows ending after now).
  const since = Math.floor(Date.now() / 1000);

  // W2.2 first: recommendations on, catfacts' recommendation is a learning staged policy.
  await logIn(page, "/recommendations");
  const recs = new RecommendationsPage(page);
  const enable = page.getByRole("button", { name: "Enable policy recommendations" });
  const recompute = page.getByRole("button", { name: "Recompute now" });
  await expect(enable.or(recompute)).toBeVisible();
  if (await enable.isVisible()) await enable.click();
  await recompute.click();
  await expect(recs.row(NS)).toBeVisible();
  await recs.row(NS).getByRole("button", { name: `View ${NS}` }).click();
  await expect(page.getByTestId("rec-detail").getByTestId("rec-state")).toHaveText("Learning");
  const board0 = (await (await page.request.get("/api/v1/clusters/embedded/board")).json()) as { resources: readonly BoardResource[] };
  const rec = board0.resources.find((r) => r.kind === "StagedNetworkPolicy" && r.metadata.namespace === NS && r.spec.tier === "namespace-isolation");
  expect(rec?.spec.stagedAction).toBe("Learn");

  // Before the default deny, the learning recommendation changes no pending verdict.
  const flows = new FlowsPage(page);
  await flows.open({ from: since, namespace: NS, pendingAction: "deny" });
  await runIntervalFromPage(page);
  await expect(flows.count).toHaveText(/^0 flows in range/);

  // Policies board → tier default → Add policy.
  const board = new BoardPage(page);
  await board.open();
  await board.lane("default").getByRole("link", { name: "Add policy" }).click();
  await expect(page).toHaveURL(/\/policies\/new\?tier=default$/);
  await expect(page.getByLabel("Tier", { exact: true })).toHaveValue("default");
  await page.getByLabel("Name", { exact: true }).fill("default-deny");
  // The workshop's default deny is global, scoped to catfacts by its namespace selector.
  await page.getByLabel("Scope").selectOption("global");
  const ns = page.getByRole("group", { name: "namespaceSelector", exact: true });
  await ns.getByRole("button", { name: "Add term" }).click();
  const key = ns.getByLabel("namespaceSelector key 1");
  const keyOptions = await page.locator(`datalist#${await key.getAttribute("list")} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(keyOptions).toContain("kubernetes.io/metadata.name");
  await key.fill("kubernetes.io/metadata.name");
  // The workshop's "=" is Calico's equality operator.
  await ns.getByLabel("namespaceSelector operator 1").selectOption("==");
  const value = ns.getByLabel("namespaceSelector value 1");
  const valueOptions = await page.locator(`datalist#${await value.getAttribute("list")} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(valueOptions).toContain(NS);
  await value.fill(NS);
  await expect(ns).toContainText(`kubernetes.io/metadata.name == "${NS}"`);
  await page.getByRole("checkbox", { name: "Ingress" }).check();
  await page.getByRole("checkbox", { name: "Egress" }).check();
  await page.getByRole("button", { name: "Stage", exact: true }).click();
  await expect(page.getByRole("status", { name: "Notifications" })).toContainText("Staged default-deny");
  await expect(page).toHaveURL(/\/policies\/StagedGlobalNetworkPolicy\/[^/]+\/default-deny$/);

  const board1 = (await (await page.request.get("/api/v1/clusters/embedded/board")).json()) as { resources: readonly BoardResource[] };
  const staged = board1.resources.find((r) => r.kind === "StagedGlobalNetworkPolicy" && /^(default\.)?default-deny$/.test(r.metadata.name));
  expect(staged, "the staged default deny exists").toBeDefined();
  expect(staged?.spec.tier ?? "default").toBe("default");
  expect(staged?.spec.stagedAction ?? "Set").toBe("Set");
  expect(board1.resources.find((r) => r.kind === "StagedNetworkPolicy" && r.metadata.namespace === NS && r.spec.tier === "namespace-isolation")?.spec.stagedAction).toBe("Learn");

  // New traffic arrives; the Flows page shows the staged denials.
  await flows.open({ from: since, namespace: NS, pendingAction: "deny" });
  await expect(flows.count).toHaveText(/^0 flows in range/);
  await runIntervalFromPage(page);
  await expect(flows.rows.first()).toBeVisible({ timeout: 20_000 });
  await expect(flows.count).not.toHaveText(/^0 flows in range/);
  const n = await flows.rows.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < Math.min(n, 10); i++) {
    await expect(flows.rows.nth(i)).toHaveAttribute("data-action", "allow");
    await expect(flows.rows.nth(i)).toHaveAttribute("data-pending-action", "deny");
  }
  await flows.rows.first().click();
  await expect(flows.pane).toBeVisible();
  const pending = flows.pane.getByRole("list", { name: "Pending policies" });
  await expect(pending).toContainText("staged:default.default-deny");
  await expect(pending).toContainText("deny");
  await expect(pending).not.toContainText("namespace-isolation");
  // Enforced, nothing changed: the staged policy is not in the enforced trace (which may be
  // empty, or hold the namespace's profile).
  const enforced = flows.pane.getByRole("list", { name: "Enforced policies" });
  if ((await enforced.count()) > 0) await expect(enforced).not.toContainText("default-deny");
  // The trace links to the staged policy on the board.
  await expect(pending.getByRole("link", { name: "staged:default.default-deny" })).toHaveAttribute("href", /\/board\?policy=default\.default-deny$/);
  expect(watched.errors).toEqual([]);
});
