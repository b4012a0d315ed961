import { expect, test } from "@playwright/test";
import { logIn } from "./fixtures/login";
import { BoardPage } from "./pages/board-page";
import { resetEmbedded } from "./fixtures/embedded";

// Kubernetes ClusterNetworkPolicy on the board (tier kube-admin), the what-if probe, and the
// policy analyser's badge on a card with a shadowed rule. The cluster is reset before and after.

const CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-dev-to-default
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces:
      matchLabels: {kubernetes.io/metadata.name: default}
  ingress:
  - name: no dev
    action: Deny
    from:
    - namespaces:
        matchLabels: {kubernetes.io/metadata.name: dev}
`;

const SHADOWED = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: default.shadowed
spec:
  order: 10
  selector: app == "nginx"
  ingress:
  - action: Allow
    protocol: TCP
  - action: Deny
    protocol: TCP
    destination: {ports: [80]}
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

test("ClusterNetworkPolicy card in kube-admin, analyser badge on a shadowed rule", async ({ page }) => {
  await logIn(page, "/board");
  const board = new BoardPage(page);
  await board.open();
  await board.importYaml(`${CNP}---\n${SHADOWED}`);
  const cnp = board.card("ClusterNetworkPolicy/deny-dev-to-default");
  await expect(cnp).toBeVisible();
  await expect(cnp).toContainText("kcnp.kube-admin.deny-dev-to-default");
  await expect(cnp).toContainText("Kubernetes ClusterNetworkPolicy");
  expect(await board.cardKeys("kube-admin")).toEqual(["ClusterNetworkPolicy/deny-dev-to-default"]);
  expect((await board.laneOrder()).slice(0, 2)).toEqual(["kube-admin", "default"]);

  const shadowed = board.card("GlobalNetworkPolicy/default.shadowed");
  const badge = shadowed.getByTestId("lint-badge");
  await expect(badge).toBeVisible({ timeout: 30_000 });
  await badge.click();
  await expect(shadowed.getByTestId("lint-findings")).toContainText("shadowed-rule · ingress rule index 1: ingress rule index 1 (Deny) is never reached");
  await page.screenshot({ path: test.info().outputPath("board-cnp-lint.png"), fullPage: false });
});
