import { expect, test } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { ApplyPage } from "./pages/apply-page";

// The console starts on an empty data folder (playwright.config.ts gives the web server a fresh
// one), seeds the embedded demo cluster and serves it behind the login gate.

const TIER_AND_POLICY = `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: security
spec:
  order: 300
---
apiVersion: projectcalico.org/v3
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

test("pages and API are behind the login gate", async ({ page, request }) => {
  const api = await request.get("/api/v1/clusters/embedded/namespaces");
  expect(api.status()).toBe(401);
  expect(api.headers()["content-type"]).toContain("application/problem+json");
  await page.goto("/workloads");
  await expect(page).toHaveURL(/\/login/);
});

test("the seeded demo cluster lists its namespaces and workloads", async ({ page }) => {
  await logIn(page, "/workloads");
  const pods = page.getByRole("table", { name: "Pods" });
  await expect(pods).toBeVisible();
  for (const name of ["frontend", "cartservice", "loadgenerator", "centos", "nginx", "coredns"]) {
    await expect(pods.getByRole("link", { name: new RegExp(`^${name}(-|$)`) }).first()).toBeVisible();
  }
  await page.getByRole("tab", { name: /Namespaces/ }).click();
  const namespaces = page.getByRole("table", { name: "Namespaces" });
  for (const ns of ["default", "dev", "storefront", "app1", "app2", "kube-system", "catfacts", "dmz", "trusted", "restricted"]) {
    await expect(namespaces.getByRole("cell", { name: ns, exact: true }).first()).toBeVisible();
  }
});

test("multi-document YAML applies all or nothing, with field errors for a bad document", async ({ page, request }) => {
  await logIn(page, "/import");
  const apply = new ApplyPage(page);
  await apply.open();

  // A bad document next to a good one: nothing is written, and the errors name the fields.
  const bad = `${TIER_AND_POLICY}---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: broken
  namespace: dev
spec:
  selector: app == "centos
  ingress:
  - action: Teleport
`;
  await apply.editor.fill(bad);
  await apply.dryRun.click();
  await expect(apply.errors).toBeVisible();
  await expect(apply.errors).toContainText("spec.selector");
  await expect(apply.errors).toContainText("spec.ingress[0].action");
  await logInApi(request);
  const tiers = await request.get("/api/v1/clusters/embedded/tiers");
  expect((await tiers.json()).items.map((t: { metadata: { name: string } }) => t.metadata.name)).toEqual(["default"]);

  // The good documents alone apply, and show up as created.
  await apply.dryRunThenApply(TIER_AND_POLICY);
  await expect(apply.outcomes.getByRole("row", { name: /Tier.*security.*created/ })).toBeVisible();
  await expect(apply.outcomes.getByRole("row", { name: /security\.allow-kube-dns.*created/ })).toBeVisible();

  // And they are in the cluster, visible in the resource browser.
  await page.goto("/resources?kind=globalnetworkpolicies");
  await expect(page.getByRole("table", { name: "Resources" }).getByText("security.allow-kube-dns")).toBeVisible();
});

test("a stale update is refused with 409 and the current object", async ({ request }) => {
  await logInApi(request);
  const base = "/api/v1/clusters/embedded/tiers";
  const created = await request.post(base, {
    data: { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "platform" }, spec: { order: 400 } },
  });
  expect(created.status()).toBe(201);
  const v1 = await created.json();

  const first = await request.put(`${base}/platform`, { data: { ...v1, spec: { order: 410 } } });
  expect(first.status()).toBe(200);

  // Same resourceVersion as the first writer had: a second writer must not overwrite.
  const second = await request.put(`${base}/platform`, { data: { ...v1, spec: { order: 420 } } });
  expect(second.status()).toBe(409);
  expect(second.headers()["content-type"]).toContain("application/problem+json");
  const problem = await second.json();
  expect(problem.status).toBe(409);
  expect(problem.current.spec.order).toBe(410);

  const now = await (await request.get(`${base}/platform`)).json();
  expect(now.spec.order).toBe(410);
});
