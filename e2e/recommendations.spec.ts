import { expect, test } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { BoardPage } from "./pages/board-page";
import { RecommendationsPage, WizardPage } from "./pages/recommendations-page";
import { ENFORCED_DENY, STAGED_DENY } from "./fixtures/workshop-yaml";
import { watchPageErrors } from "./fixtures/page-errors";
import { applyYaml, resetEmbedded, runSimulatorInterval } from "./fixtures/embedded";

// Walkthroughs W1.10 (recommend a policy for default/frontend, enforce it in the right place)
// and W2 (namespace isolation). The cluster is reset before and after; the simulator is paused
// and driven by "run one interval now" with a 5-minute flush interval, so each interval holds
// enough of Online Boutique's rarer calls (checkout, shipping) to be seen.

const FELIX = `apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata:
  name: default
spec:
  flowLogsFlushInterval: 300s
`;

// An earlier tier that denies frontend's ingress outright: the recommendation in tier default
// would be shadowed by it. (default-deny itself has no rules, so it never shadows a later
// policy of its own tier: Calico only denies at the end of a tier where nothing matched.)
const LOCKDOWN = `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: security
spec:
  order: 300
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.frontend-lockdown
spec:
  tier: security
  order: 100
  selector: app == "frontend"
  types: [Ingress]
  ingress:
  - action: Deny
`;

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
  const settings = await page.request.get("/api/v1/clusters/embedded/recommendations/settings");
  await page.request.put("/api/v1/clusters/embedded/recommendations/settings", { data: { ...(await settings.json()), lastRun: undefined, enabled: false } });
  await page.request.put("/api/v1/clusters/embedded/simulator", { data: { paused: false } });
  await page.close();
});

const FRONTEND_EGRESS = [
  ["cartservice", "7070"],
  ["productcatalogservice", "3550"],
  ["currencyservice", "7000"],
  ["recommendationservice", "8080"],
  ["shippingservice", "50051"],
  ["checkoutservice", "5050"],
  ["adservice", "9555"],
] as const;

test("W1.10: the wizard proposes frontend's ingress on 8080 and the egress it really uses", async ({ page, request }) => {
  await logInApi(request);
  await applyYaml(request, FELIX);
  await applyYaml(request, STAGED_DENY);
  for (let i = 0; i < 3; i++) await runSimulatorInterval(request);

  await logIn(page, "/board");
  await page.getByRole("link", { name: "Recommend a policy" }).click();
  await expect(page.getByRole("heading", { name: "Recommend a policy" })).toBeVisible();
  const wizard = new WizardPage(page);
  await wizard.open("default", "frontend");
  await wizard.recommend();
  await expect(page.getByTestId("newly-denied")).toHaveAttribute("data-count", "0");
  await wizard.showEvidence();
  const lines = await wizard.evidenceLines();
  expect(lines).toContainEqual(expect.stringMatching(/^ingress Workload TCP 8080 \| default\/loadgenerator/));
  expect(lines).toContainEqual(expect.stringMatching(/^ingress Public TCP 8080 \| public internet/));
  for (const [svc, port] of FRONTEND_EGRESS) expect(lines, svc).toContainEqual(`egress Service TCP ${port} | service default/${svc}`);
  expect(lines).toContainEqual(expect.stringMatching(/^egress Dns UDP 53 \| kube-system\/kube-dns/));
  expect(lines).toContainEqual(expect.stringMatching(/^egress Dns TCP 53 \| kube-system\/kube-dns/));
  expect(lines.filter((l) => l.startsWith("egress"))).toHaveLength(FRONTEND_EGRESS.length + 2);

  await page.getByRole("region", { name: "Proposed policy" }).getByRole("tab", { name: "YAML" }).click();
  const yaml = await page.getByLabel("YAML (kept in sync with the form)").inputValue();
  expect(yaml).toContain("kind: NetworkPolicy");
  expect(yaml).toContain('selector: app == "frontend"');
  expect(yaml).not.toContain("pod-template-hash");
});

test("W1.10: with the default deny enforced, the wizard flags a shadowing policy, and the recommendation at order 1500 lets frontend's traffic through", async ({ page, request }) => {
  await logInApi(request);
  await applyYaml(request, ENFORCED_DENY);
  expect((await request.delete("/api/v1/clusters/embedded/stagedglobalnetworkpolicies/default-deny")).status()).toBeLessThan(300);
  await applyYaml(request, LOCKDOWN);
  await runSimulatorInterval(request);

  await logIn(page, "/recommendations/new?namespace=default&workload=frontend");
  const wizard = new WizardPage(page);
  await wizard.recommend();
  await expect(page.getByTestId("shadow-hint")).toContainText("security.frontend-lockdown");
  expect((await request.delete("/api/v1/clusters/embedded/globalnetworkpolicies/security.frontend-lockdown")).status()).toBeLessThan(300);

  await wizard.recommend({ order: "1500" });
  await expect(page.getByTestId("shadow-none")).toBeVisible();
  await expect(page.getByTestId("newly-denied")).toHaveAttribute("data-count", "0");
  await page.getByRole("button", { name: "Enforce" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Enforced" })).toBeVisible();

  const run = await runSimulatorInterval(request);
  const q = (extra: string) => `/api/v1/clusters/embedded/flows?from=${run.end - 1}&to=${run.end + 1}&limit=500&${extra}`;
  const out = (await (await request.get(q("reporter=src&sourceNamespace=default&sourceName=frontend"))).json()) as { items: { action: string; dest: { nameAggr: string } }[] };
  expect(out.items.length).toBeGreaterThan(0);
  expect(out.items.filter((f) => f.action !== "allow")).toEqual([]);
  const inbound = (await (await request.get(q("reporter=dst&destName=frontend&destNamespace=default"))).json()) as { items: { action: string; source: { nameAggr: string } }[] };
  expect(inbound.items.some((f) => f.source.nameAggr === "pub" && f.action === "allow")).toBe(true);
});

test("W2: namespace isolation proposes centos → nginx and DNS for dev, nothing unobserved; add to board, dismiss, Active tab", async ({ page, request }) => {
  await logInApi(request);
  const watched = watchPageErrors(page);
  await logIn(page, "/recommendations");
  const recs = new RecommendationsPage(page);
  await page.getByRole("button", { name: "Enable policy recommendations" }).click();
  await page.getByRole("button", { name: "Recompute now" }).click();
  await expect(recs.row("dev")).toBeVisible();
  await expect(recs.row("kube-system")).toHaveCount(0);

  await recs.row("dev").getByRole("button", { name: "View dev" }).click();
  const detail = page.getByTestId("rec-detail");
  await expect(detail.getByTestId("rec-state")).toHaveText("Learning");
  await detail.getByRole("tab", { name: "YAML" }).click();
  const yaml = await detail.getByTestId("rec-yaml").innerText();
  expect(yaml).toContain("kind: StagedNetworkPolicy");
  expect(yaml).toContain("name: namespace-isolation.dev-recommendation");
  expect(yaml).toContain("tier: namespace-isolation");
  expect(yaml).toContain("stagedAction: Learn");
  expect(yaml).toContain("selector: projectcalico.org/namespace == 'dev'");
  await detail.getByRole("tab", { name: /^Evidence/ }).click();
  const peers = (await detail.getByRole("table", { name: "Rule evidence" }).locator("tbody tr td:nth-child(4)").allInnerTexts()).join("\n");
  expect(peers).toContain("dev/nginx");
  expect(peers).toContain("dev/centos");
  expect(peers).toContain("kube-system/kube-dns");
  const observed = new Set(["dev/centos", "dev/nginx", "kube-system/kube-dns", "default/frontend", "www.google.com", "api.twilio.com", "local: dev/centos", "local: dev/nginx", "local: dev/centos, dev/nginx"]);
  for (const p of peers.split(/\n|, /).map((x) => x.trim()).filter((x) => x !== "")) expect(observed, p).toContain(p);

  // View → Close used to crash the page ("i is not a function": an effect returned
  // scrollIntoView's Promise). Close hides the panel, gives focus back to View, and the list works.
  await detail.getByRole("button", { name: "Close" }).click();
  await expect(detail).toHaveCount(0);
  await expect(recs.row("dev").getByRole("button", { name: "View dev" })).toBeFocused();
  await recs.row("dev").getByRole("button", { name: "View dev" }).click();
  await expect(detail).toBeVisible();
  await detail.getByRole("button", { name: "Close" }).click();
  await expect(detail).toHaveCount(0);

  await recs.row("dev").getByRole("button", { name: "Add dev to policy board" }).click();
  await expect(recs.row("dev")).toHaveCount(0);
  await recs.tab("Active");
  await expect(recs.row("dev")).toBeVisible();

  await recs.tab("Recommendations");
  await recs.row("app1").getByRole("checkbox", { name: "Select app1" }).check();
  await recs.row("app2").getByRole("checkbox", { name: "Select app2" }).check();
  await page.getByRole("button", { name: "Dismiss selected" }).click();
  await expect(recs.row("app1")).toHaveCount(0);
  await recs.tab("Dismissed");
  await expect(recs.row("app1")).toBeVisible();
  await expect(recs.row("app2")).toBeVisible();

  // Dismiss of one row.
  await recs.tab("Recommendations");
  await recs.row("catfacts").getByRole("button", { name: "Dismiss catfacts" }).click();
  await expect(recs.row("catfacts")).toHaveCount(0);
  await expect(page.getByRole("status", { name: "Notifications" })).toContainText("Dismissed catfacts");
  await recs.tab("Dismissed");
  await expect(recs.row("catfacts")).toBeVisible();

  // A dismissed namespace is not updated any more, whatever traffic arrives; the active one stays
  // staged in namespace-isolation.
  const recUrl = "/api/v1/clusters/embedded/namespaces/catfacts/stagednetworkpolicies/namespace-isolation.catfacts-recommendation";
  const dismissed = (await (await request.get(recUrl)).json()) as { metadata: { resourceVersion: string }; spec: { stagedAction?: string } };
  expect(dismissed.spec.stagedAction).toBe("Ignore");
  await runSimulatorInterval(request);
  expect((await request.post("/api/v1/clusters/embedded/recommendations/run")).status()).toBe(200);
  const after = (await (await request.get(recUrl)).json()) as { metadata: { resourceVersion: string } };
  expect(after.metadata.resourceVersion).toBe(dismissed.metadata.resourceVersion);
  const board = (await (await request.get("/api/v1/clusters/embedded/board")).json()) as { resources: { kind: string; metadata: { name: string; namespace?: string }; spec: { tier?: string; stagedAction?: string } }[] };
  const dev = board.resources.find((r) => r.kind === "StagedNetworkPolicy" && r.metadata.namespace === "dev");
  expect(dev?.spec).toMatchObject({ tier: "namespace-isolation", stagedAction: "Set" });
  expect(board.resources.some((r) => r.kind === "Tier" && r.metadata.name === "namespace-isolation")).toBe(true);
  const boardPage = new BoardPage(page);
  await boardPage.open();
  const lane = boardPage.lane("namespace-isolation");
  await expect(lane).toBeVisible();
  // The recommendation added to the board is a card of that lane.
  expect((await boardPage.cardKeys("namespace-isolation")).some((k) => k.includes("dev-recommendation"))).toBe(true);
  expect(watched.errors).toEqual([]);
});
