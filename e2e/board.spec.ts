import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { BoardPage } from "./pages/board-page";
import { resetEmbedded } from "./fixtures/embedded";

// Walkthrough W1 (steps 3-9) on the policy board and editor, the PCI drag of W3.4, and two
// sessions editing one policy. The cluster is reset before and after: other specs expect the
// seeded demo cluster with only the default tier.

const DEFAULT_DENY = `apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata:
  name: default-deny
spec:
  order: 2000
  selector: projectcalico.org/namespace in {'dev','default'}
  types:
  - Ingress
  - Egress
`;

const CENTOS_TO_FRONTEND = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: platform.centos-to-frontend
  namespace: dev
spec:
  tier: platform
  order: 100
  selector: app == "centos"
  types: [Egress]
  egress:
  - action: Allow
    protocol: TCP
    destination:
      selector: app == "frontend"
      namespaceSelector: projectcalico.org/name == "default"
  - action: Pass
`;

const ALLOW_KUBE_DNS = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.allow-kube-dns
spec:
  tier: security
  order: 200
  selector: all()
  types: [Egress]
  egress:
  - action: Allow
    protocol: UDP
    destination:
      selector: k8s-app == "kube-dns"
      namespaceSelector: projectcalico.org/name == "kube-system"
      ports: [53]
  - action: Pass
`;

const PCI_WHITELIST = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.pciwhitelist
spec:
  tier: security
  order: 300
  selector: pci == "true"
  ingress:
  - action: Allow
    protocol: TCP
    destination:
      selector: app == "frontend"
      ports: [8080]
  - action: Pass
    source:
      selector: pci == "true"
`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetEmbedded(page.request);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetEmbedded(page.request);
  await page.close();
});

test("W1: tiers, staged default deny, policies in the right lanes, enforce from the board", async ({ page }) => {
  await logIn(page, "/board");
  const board = new BoardPage(page);
  await board.open();

  // Step 3: tiers from the form; the board shows security, platform, then default.
  await board.createTier("security", 300);
  await board.createTier("platform", 400);
  expect(await board.laneOrder()).toEqual(["security", "platform", "default"]);

  // Step 5: stage the global default deny by YAML import; it shows as staged in default.
  await board.importYaml(DEFAULT_DENY);
  const staged = board.card("StagedGlobalNetworkPolicy/default-deny");
  await expect(staged).toBeVisible();
  await expect(staged.getByText("staged", { exact: true })).toBeVisible();
  expect(await board.cardKeys("default")).toContain("StagedGlobalNetworkPolicy/default-deny");

  // Step 6: default.centos with the form: egress UDP 53 to kube-dns, TCP to app == "nginx".
  await page.goto("/policies/new?tier=default");
  await page.getByLabel("Name", { exact: true }).fill("default.centos");
  await page.getByLabel("Namespace", { exact: true }).selectOption("dev");
  await page.getByLabel("Order", { exact: true }).fill("800");
  await page.getByRole("checkbox", { name: "Egress" }).check();
  const appliesTo = page.getByRole("group", { name: "Applies to (selector)" });
  await appliesTo.getByRole("button", { name: "Add term" }).click();
  await appliesTo.getByLabel("Applies to (selector) key 1").fill("app");
  await appliesTo.getByLabel("Applies to (selector) value 1").fill("centos");
  await expect(page.getByTestId("selects-count")).toHaveText("Matches 1 endpoint");
  await page.getByRole("button", { name: "Add egress rule" }).click();
  const dns = page.getByRole("group", { name: "egress rule index 0" });
  await dns.getByLabel("egress rule index 0 protocol").fill("UDP");
  const dnsDest = dns.getByRole("group", { name: "Destination selector", exact: true });
  await dnsDest.getByRole("button", { name: "Add term" }).click();
  await dnsDest.getByLabel("Destination selector key 1").fill("k8s-app");
  await dnsDest.getByLabel("Destination selector value 1").fill("kube-dns");
  const dnsNs = dns.getByRole("group", { name: "Destination namespaceSelector" });
  await dnsNs.getByRole("button", { name: "Add term" }).click();
  await dnsNs.getByLabel("Destination namespaceSelector key 1").fill("projectcalico.org/name");
  await dnsNs.getByLabel("Destination namespaceSelector value 1").fill("kube-system");
  await dns.getByLabel("Destination ports").fill("53");
  await page.getByRole("button", { name: "Add egress rule" }).click();
  const web = page.getByRole("group", { name: "egress rule index 1" });
  await web.getByLabel("egress rule index 1 protocol").fill("TCP");
  const webDest = web.getByRole("group", { name: "Destination selector", exact: true });
  await webDest.getByRole("button", { name: "Add term" }).click();
  await webDest.getByLabel("Destination selector key 1").fill("app");
  await webDest.getByLabel("Destination selector value 1").fill("nginx");
  // The YAML tab shows the same policy.
  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(page.getByLabel("YAML (one policy; kept in sync with the form)")).toHaveValue(/k8s-app == "kube-dns"[\s\S]*app == "nginx"/);
  await page.getByRole("tab", { name: "Form" }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/policies\/NetworkPolicy\/dev\/default\.centos$/);

  // Steps 7-8: platform.centos-to-frontend and security.allow-kube-dns from the YAML tab.
  await board.createPolicyFromYaml(CENTOS_TO_FRONTEND);
  await board.createPolicyFromYaml(ALLOW_KUBE_DNS);

  await board.open();
  expect(await board.cardKeys("default")).toEqual(["NetworkPolicy/dev/default.centos", "StagedGlobalNetworkPolicy/default-deny"]);
  expect(await board.cardKeys("platform")).toEqual(["NetworkPolicy/dev/platform.centos-to-frontend"]);
  expect(await board.cardKeys("security")).toEqual(["GlobalNetworkPolicy/security.allow-kube-dns"]);

  // Step 9: enforce the staged default deny from the board.
  await board.enforce("StagedGlobalNetworkPolicy/default-deny");
  await expect(board.card("GlobalNetworkPolicy/default-deny")).toBeVisible();
  await expect(board.card("StagedGlobalNetworkPolicy/default-deny")).toHaveCount(0);
  expect(await board.cardKeys("default")).toEqual(["NetworkPolicy/dev/default.centos", "GlobalNetworkPolicy/default-deny"]);
  await page.screenshot({ path: "test-results/board-w1.png", fullPage: true });

  // What-if probe: centos → nginx-svc:80 is allowed by default.centos rule index 1 even with the deny.
  await page.getByRole("button", { name: "What-if probe" }).click();
  await page.getByLabel("Source", { exact: true }).selectOption("dev/centos");
  await page.getByLabel("Destination", { exact: true }).selectOption("dev/nginx-svc");
  await page.getByRole("button", { name: "Probe", exact: true }).click();
  await expect(page.getByTestId("verdict").first()).toContainText("dev/default.centos rule index 1");
  await page.screenshot({ path: "test-results/board-whatif.png" });

  // The audit log lists the enforce (a creation and a deletion by admin).
  await page.goto("/audit");
  await expect(page.getByTestId("audit-row").filter({ hasText: "StagedGlobalNetworkPolicy default-deny" }).filter({ hasText: "DELETED" })).toBeVisible();
  await page.screenshot({ path: "test-results/audit.png" });
});

test("W3.4: drag security.pciwhitelist above another policy; the order persists after reload", async ({ page }) => {
  await logIn(page, "/board");
  const board = new BoardPage(page);
  await board.open();
  await board.importYaml(PCI_WHITELIST);
  expect(await board.cardKeys("security")).toEqual(["GlobalNetworkPolicy/security.allow-kube-dns", "GlobalNetworkPolicy/security.pciwhitelist"]);
  const source = board.card("GlobalNetworkPolicy/security.pciwhitelist");
  const target = board.card("GlobalNetworkPolicy/security.allow-kube-dns");
  await source.dragTo(target, { targetPosition: { x: 40, y: 4 } });
  await expect.poll(() => board.cardKeys("security")).toEqual(["GlobalNetworkPolicy/security.pciwhitelist", "GlobalNetworkPolicy/security.allow-kube-dns"]);
  await page.reload();
  await expect(board.board).toBeVisible();
  await expect.poll(() => board.cardKeys("security")).toEqual(["GlobalNetworkPolicy/security.pciwhitelist", "GlobalNetworkPolicy/security.allow-kube-dns"]);
  const order = Number(await source.getByTitle("Order").innerText());
  expect(order).toBeLessThan(200);

  // Traffic counters from the flow store on every card; the range picker changes the range.
  await expect(source.getByTestId("policy-counters")).toBeVisible();
  await expect(source.getByTestId("policy-counters")).toContainText(/✓ [\d,]+/);
  await page.getByLabel("Traffic in the last").selectOption("60");
  await expect(page.getByTestId("traffic-summary")).toContainText("flow records");

  // One policy exported as YAML from the card's menu.
  await source.getByRole("button", { name: "Actions for security.pciwhitelist" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), source.getByRole("button", { name: "Export YAML" }).click()]);
  const text = await readFile((await download.path()) ?? "", "utf8");
  expect(text).toContain("kind: GlobalNetworkPolicy");
  expect(text).toContain("name: security.pciwhitelist");
  expect(text).not.toContain("allow-kube-dns");
  expect(text).not.toContain("resourceVersion");
  await page.screenshot({ path: "test-results/board-counters.png", fullPage: true });
});

test("two sessions editing one policy: the second save is refused with a diff, and the edit is kept", async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await logIn(a, "/board");
  await logIn(b, "/board");
  const url = "/policies/NetworkPolicy/dev/default.centos";
  await a.goto(url);
  await b.goto(url);
  await a.getByLabel("Order", { exact: true }).fill("810");
  await b.getByLabel("Order", { exact: true }).fill("820");
  await a.getByRole("button", { name: "Save", exact: true }).click();
  await expect(a.getByText("Saved.")).toBeVisible();
  await b.getByRole("button", { name: "Save", exact: true }).click();
  const conflict = b.getByRole("alert", { name: "Conflict" });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByTestId("diff")).toContainText("810");
  await expect(conflict.getByTestId("diff")).toContainText("820");
  await expect(b.getByLabel("Order", { exact: true })).toHaveValue("820");
  await b.screenshot({ path: "test-results/editor-conflict.png", fullPage: true });
  // Keeping mine and saving again writes 820 on top of the current version.
  await conflict.getByRole("button", { name: "Keep mine" }).click();
  await b.getByRole("button", { name: "Save", exact: true }).click();
  await expect(b.getByText("Saved.")).toBeVisible();
  await logInApi(b.request);
  const now = await (await b.request.get("/api/v1/clusters/embedded/namespaces/dev/networkpolicies/default.centos")).json();
  expect(now.spec.order).toBe(820);
});
