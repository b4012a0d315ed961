import { setTimeout as sleep } from "node:timers/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { AlertsPage } from "./pages/alerts-page";

// W1.13–14: GlobalNetworkSet ip-address-list with the workstation's address and the
// security.blockep-ips policy (applied as the seed's YAML), the GlobalAlert blocked-ips created
// with the Alerts page's form; after the workstation's attempts are denied in a simulated
// interval, "Evaluate now" shows it firing with the summary filled in. The cluster is reset
// before and after and the simulator is paused (intervals run on demand).

const BLOCK_WORKSTATION = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 300}
---
kind: GlobalNetworkSet
apiVersion: projectcalico.org/v3
metadata:
  name: ip-address-list
  labels:
    type: blocked-ips
spec:
  nets:
  - 198.51.100.23/32
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.blockep-ips
spec:
  tier: security
  selector: app == "frontend"
  order: 300
  types:
  - Ingress
  ingress:
  - action: Deny
    source:
      selector: type == "blocked-ips"
    destination: {}
  - action: Pass
    source: {}
    destination: {}
`;

const SUMMARY = "[blocked-ip] ${source_ip} from ${source_name_aggr} networkset attempted to access ${dest_namespace}/${dest_name_aggr}";

async function reset(request: APIRequestContext, paused: boolean): Promise<void> {
  await logInApi(request);
  expect((await request.post("/api/v1/clusters/embedded/reset")).status()).toBeLessThan(300);
  expect((await request.put("/api/v1/clusters/embedded/simulator", { data: { paused } })).status()).toBe(200);
}

test.describe.serial("alerts", () => {
  test.beforeAll(async ({ request }) => reset(request, true));
  test.afterAll(async ({ request }) => reset(request, false));

  test("blocked-ips fires with the summary filled in once the workstation is denied (W1.13–14)", async ({ page, request }) => {
    await logInApi(request);
    const applied = await request.post("/api/v1/clusters/embedded/apply", { data: BLOCK_WORKSTATION, headers: { "content-type": "application/yaml" } });
    expect(applied.status(), await applied.text()).toBeLessThan(300);

    await logIn(page, "/alerts");
    const alerts = new AlertsPage(page);
    await alerts.open();
    await expect(page.getByText("No global alerts.")).toBeVisible();
    await page.getByRole("button", { name: "New alert" }).click();
    await page.getByLabel("Name", { exact: true }).fill("blocked-ips");
    await page.getByLabel("Description", { exact: true }).fill("A connection attempt from a blocked ip address just happened.");
    await page.getByLabel(/^Summary template/).fill(SUMMARY);
    await page.getByLabel("Period", { exact: true }).fill("1m");
    await page.getByLabel("Lookback", { exact: true }).fill("1m");
    await page.getByLabel("Query", { exact: true }).fill('(source_name = "ip-address-list") AND');
    await page.getByLabel(/^Aggregate by/).fill("dest_namespace, dest_name_aggr, source_name_aggr, source_ip");
    await page.getByLabel("Metric", { exact: true }).selectOption("sum");
    await page.getByLabel("Field", { exact: true }).fill("num_flows");
    await page.getByLabel("Condition", { exact: true }).selectOption("gt");
    await page.getByLabel("Threshold", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    // The engine's parser checks the query before saving.
    await expect(page.getByText("unexpected end of query: expected a field name (at character 38)").first()).toBeVisible();
    await page.getByLabel("Query", { exact: true }).fill('(source_name = "ip-address-list")');
    await page.getByRole("tab", { name: "YAML" }).click();
    await expect(page.getByRole("textbox", { name: "YAML" })).toHaveValue(/kind: GlobalAlert[\s\S]*metric: sum[\s\S]*threshold: 0/);
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await expect(page.getByText(/Saved GlobalAlert blocked-ips/)).toBeVisible();
    // The scheduler may already have run it (nothing denied yet): either state is right here.
    await expect(alerts.state("blocked-ips")).toHaveText(/Not evaluated yet|OK/);
    await expect(alerts.row("blocked-ips")).toContainText("1m / 1m");
    await expect(alerts.row("blocked-ips")).toContainText("sum(num_flows) gt 0");

    // The workstation tries about once per 15 s interval: run intervals until one is denied.
    for (let i = 0; i < 10; i++) {
      await sleep(1100);
      const run = await request.post("/api/v1/clusters/embedded/simulator");
      expect(run.status(), await run.text()).toBe(200);
      const { start, end } = (await run.json()) as { start: number; end: number };
      const flows = await request.get(`/api/v1/clusters/embedded/flows?sourceName=ip-address-list&action=deny&from=${start}&to=${end}`);
      if (((await flows.json()) as { items: unknown[] }).items.length > 0) break;
    }
    await alerts.evaluateNow();
    await expect(alerts.state("blocked-ips")).toHaveText("Firing");
    await expect(alerts.row("blocked-ips").getByTestId("alert-last-summary")).toHaveText(/^\[blocked-ip\] 198\.51\.100\.23 from ip-address-list networkset attempted to access default\/frontend-/);
    await expect(alerts.events).toContainText("[blocked-ip] 198.51.100.23 from ip-address-list networkset attempted to access default/frontend-");
    await expect(alerts.events).toContainText("source_ip=198.51.100.23");
  });

  test("edits and deletes the alert", async ({ page }) => {
    await logIn(page, "/alerts");
    const alerts = new AlertsPage(page);
    await alerts.open();
    await page.getByRole("button", { name: "Edit blocked-ips" }).click();
    await page.getByLabel(/^Severity/).fill("80");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText(/Saved GlobalAlert blocked-ips/)).toBeVisible();
    await expect(alerts.row("blocked-ips").getByRole("cell").nth(2)).toHaveText("80");
    await page.getByRole("button", { name: "Delete blocked-ips" }).click();
    await page.getByRole("dialog", { name: "Delete GlobalAlert blocked-ips?" }).getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText("Deleted GlobalAlert blocked-ips.")).toBeVisible();
    await expect(page.getByText("No global alerts.")).toBeVisible();
  });
});
