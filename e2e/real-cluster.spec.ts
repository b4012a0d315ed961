import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { BoardPage } from "./pages/board-page";
import { KubeClusterForm } from "./pages/kube-cluster-form";
import { resetEmbedded } from "./fixtures/embedded";

// "Talk to a real cluster": the embedded cluster is added a second time as a kubernetes cluster
// through its own Kubernetes-compatible API (/k8s) and an API token, then used from the board.
// Both views hold the same data, so what is written through one shows in the other. The /k8s
// endpoint here is plain http on the Playwright port (allowed for a local cluster); kubectl,
// which sends tokens only over https, is exercised in lib/server/kube/real-cluster-kubectl.test.ts.

const CLUSTER_NAME = "Embedded via k8s";
const CLUSTER_ID = "embedded-via-k8s";

const ALLOW_DNS = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.allow-dns
spec:
  tier: security
  order: 100
  selector: all()
  types: [Egress]
  egress:
  - action: Allow
    protocol: UDP
    destination:
      ports: [53]
  - action: Pass
`;

async function removeAddedCluster(request: APIRequestContext): Promise<void> {
  await logInApi(request);
  const r = await request.delete(`/api/v1/clusters/${CLUSTER_ID}`);
  expect([204, 404]).toContain(r.status());
}

async function withPage(browser: import("@playwright/test").Browser, fn: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage();
  try {
    await fn(page);
  } finally {
    await page.close();
  }
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  await withPage(browser, async (page) => {
    await removeAddedCluster(page.request);
    await resetEmbedded(page.request);
  });
});

test.afterAll(async ({ browser }) => {
  await withPage(browser, async (page) => {
    await removeAddedCluster(page.request);
    await resetEmbedded(page.request);
  });
});

test("the embedded cluster as a real kubernetes cluster: add, switch, board walkthrough, watch", async ({ page, baseURL }) => {
  await logIn(page, "/settings");
  await logInApi(page.request);
  const issued = await page.request.post("/api/v1/tokens", { data: { name: "e2e real cluster" } });
  expect(issued.status(), await issued.text()).toBe(201);
  const { token } = (await issued.json()) as { token: string };
  const k8sUrl = `${baseURL ?? ""}/k8s`;

  // Settings: plain http is refused unless allowed; then the connection test shows discovery.
  const form = new KubeClusterForm(page);
  await form.open();
  await form.fillToken(CLUSTER_NAME, k8sUrl, token, false);
  await form.form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.form.locator("#kube-server-error")).toHaveText("must be https (set allowInsecureHttp for a local http cluster)");
  await form.fillToken(CLUSTER_NAME, k8sUrl, token, true);
  const discovery = await form.testConnection();
  await expect(discovery).toContainText("Serves projectcalico.org/v3");
  await form.add();

  // No API answer carries the token.
  const clusters = await page.request.get("/api/v1/clusters");
  const text = await clusters.text();
  expect(text).toContain(CLUSTER_ID);
  expect(text).not.toContain(token);

  // The switcher lists it; switch to it.
  const switcher = page.getByLabel("Cluster", { exact: true });
  await expect(switcher.locator("option", { hasText: CLUSTER_NAME })).toHaveCount(1);
  await switcher.selectOption({ label: CLUSTER_NAME });

  // A short board walkthrough on the kubernetes cluster.
  const board = new BoardPage(page);
  await board.open();
  await expect(page.getByTestId("stale-banner")).toHaveCount(0);
  await board.createTier("security", 300);
  expect(await board.laneOrder()).toEqual(["security", "default"]);
  await board.createPolicyFromYaml(ALLOW_DNS);
  await board.open();
  await expect.poll(() => board.cardKeys("security")).toEqual(["GlobalNetworkPolicy/security.allow-dns"]);

  // Same data: the embedded cluster has both objects.
  const tier = await page.request.get("/api/v1/clusters/embedded/tiers/security");
  expect(tier.status()).toBe(200);
  expect(((await tier.json()) as { spec: { order: number } }).spec.order).toBe(300);
  expect((await page.request.get("/api/v1/clusters/embedded/globalnetworkpolicies/security.allow-dns")).status()).toBe(200);

  // A policy applied straight to the Kubernetes API appears on the board within 2 s
  // (watch → cache → board refetch).
  const direct = await page.request.post(`${k8sUrl}/apis/projectcalico.org/v3/globalnetworkpolicies`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "security.from-kubectl" },
      spec: { tier: "security", order: 200, selector: "all()", types: ["Ingress"] },
    },
  });
  expect(direct.status(), await direct.text()).toBe(201);
  await expect(board.card("GlobalNetworkPolicy/security.from-kubectl")).toBeVisible({ timeout: 2000 });

  const health = await page.request.get(`/api/v1/clusters/${CLUSTER_ID}/health`);
  expect(((await health.json()) as { state: string }).state).toBe("ok");
  await page.screenshot({ path: "test-results/real-cluster-board.png", fullPage: true });
});
