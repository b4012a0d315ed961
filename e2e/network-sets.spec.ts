import { setTimeout as sleep } from "node:timers/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { NetworkSetsPage } from "./pages/network-sets-page";

// Network sets (W1.12): create `allowed-dns` through the form, see which policy selects it, and
// edit it (add *.google.com) so the DNS policy allows www.google.com in the next simulated
// interval; validation, a concurrent edit answered 409 with nothing overwritten, delete. The
// cluster is reset before and after (other specs expect the seeded demo cluster) and the
// simulator is paused: intervals run on demand.

const DNS_POLICY = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 300}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.external-domain-access
spec:
  tier: security
  selector: (app == "centos" && projectcalico.org/namespace == "dev")
  order: 100
  types:
  - Egress
  egress:
  - action: Allow
    destination:
      selector: type == "allowed-dns"
`;

interface FlowItem {
  readonly startTime: number;
  readonly endTime: number;
  readonly action: string;
  readonly reporter: string;
  readonly destDomains: readonly string[];
}

async function reset(request: APIRequestContext, paused: boolean): Promise<void> {
  await logInApi(request);
  expect((await request.post("/api/v1/clusters/embedded/reset")).status()).toBeLessThan(300);
  expect((await request.put("/api/v1/clusters/embedded/simulator", { data: { paused } })).status()).toBe(200);
}

/**
 * Runs intervals (each in its own second: the simulator's window ends now) until centos has
 * reached `domain` in one; returns that attempt's action. centos calls each name about twice a
 * minute, so a 15 s interval may have none.
 */
async function centosActionTo(request: APIRequestContext, domain: string): Promise<string> {
  for (let i = 0; i < 12; i++) {
    await sleep(1100);
    const run = await request.post("/api/v1/clusters/embedded/simulator");
    expect(run.status(), await run.text()).toBe(200);
    const { start, end } = (await run.json()) as { start: number; end: number };
    // "Run now" covers the last flush interval, so windows of runs a second apart overlap: only
    // this run's own records (its exact window) reflect the policies as they are now.
    const res = await request.get(`/api/v1/clusters/embedded/flows?sourceNamespace=dev&sourceName=centos&reporter=src&from=${start}&to=${end}&limit=1000`);
    expect(res.status()).toBe(200);
    const items = ((await res.json()) as { items: FlowItem[] }).items.filter((f) => f.startTime === start && f.endTime === end && f.destDomains.includes(domain));
    if (items[0] !== undefined) return items[0].action;
  }
  throw new Error(`no centos → ${domain} flow in 12 intervals`);
}

test.describe.serial("network sets", () => {
  test.beforeAll(async ({ request }) => reset(request, true));
  test.afterAll(async ({ request }) => reset(request, false));

  test("create allowed-dns with the form; the DNS policy selects it (W1.12)", async ({ page, request }) => {
    await logIn(page, "/network-sets");
    const sets = new NetworkSetsPage(page);
    await sets.open();
    await sets.fillNew({ name: "allowed-dns", labels: ["type=allowed-dns"], domains: ["*.twilio.com"] });
    await sets.save("Create");
    await expect(page.getByText("Saved GlobalNetworkSet allowed-dns.")).toBeVisible();
    const row = sets.row("allowed-dns");
    await expect(row).toContainText("global");
    await expect(row).toContainText("type=allowed-dns");
    await expect(row).toContainText("no policy rule selects it");

    await logInApi(request);
    const applied = await request.post("/api/v1/clusters/embedded/apply", { data: DNS_POLICY, headers: { "content-type": "application/yaml" } });
    expect(applied.status(), await applied.text()).toBeLessThan(300);
    await page.reload();
    await expect(row.getByRole("link", { name: "security.external-domain-access" })).toBeVisible();
    await expect(row).toContainText("egress rule index 0 destination · Allow");

    expect(await centosActionTo(request, "api.twilio.com")).toBe("allow");
    expect(await centosActionTo(request, "www.google.com")).toBe("deny");
  });

  test("editing the set changes what the DNS policy allows in the next interval", async ({ page, request }) => {
    await logIn(page, "/network-sets");
    const sets = new NetworkSetsPage(page);
    await sets.open();
    await sets.edit("allowed-dns");
    await expect(page.getByLabel("Name", { exact: true })).toBeDisabled();
    await page.getByLabel(/^Allowed egress domains/).fill("*.twilio.com\n*.google.com");
    await sets.save("Save");
    await expect(page.getByText("Saved GlobalNetworkSet allowed-dns.")).toBeVisible();
    await expect(sets.row("allowed-dns").getByRole("cell").nth(4)).toHaveText("2");
    await logInApi(request);
    expect(await centosActionTo(request, "www.google.com")).toBe("allow");
  });

  test("validates lines, shows the YAML tab, refuses a stale save (409) and deletes with confirmation", async ({ page, request }) => {
    await logIn(page, "/network-sets");
    const sets = new NetworkSetsPage(page);
    await sets.open();
    await sets.fillNew({ name: "office", namespace: "dev", labels: ["role=office"], nets: ["198.51.100.0/24", "not-an-ip"] });
    await sets.save("Create");
    await expect(page.getByText('line 2: "not-an-ip" is not a CIDR or IP address', { exact: true })).toBeVisible();
    await page.getByLabel(/^Nets/).fill("198.51.100.0/24\n203.0.113.7");
    await page.getByRole("tab", { name: "YAML" }).click();
    await expect(page.getByRole("textbox", { name: "YAML" })).toHaveValue(/kind: NetworkSet[\s\S]*namespace: dev[\s\S]*203\.0\.113\.7/);
    await page.getByRole("tab", { name: "Form" }).click();
    await sets.save("Create");
    await expect(sets.row("office")).toContainText("namespace dev");

    // Someone else changes the set after this editor opened it.
    await sets.edit("office");
    await logInApi(request);
    const current = (await (await request.get("/api/v1/clusters/embedded/namespaces/dev/networksets/office")).json()) as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
    const put = await request.put("/api/v1/clusters/embedded/namespaces/dev/networksets/office", { data: { ...current, spec: { nets: ["192.0.2.1/32"] } } });
    expect(put.status(), await put.text()).toBe(200);
    await page.getByLabel(/^Nets/).fill("10.0.0.0/8");
    await sets.save("Save");
    await expect(page.getByText(/changed or created by someone else since you opened it: nothing was overwritten/)).toBeVisible();
    const after = (await (await request.get("/api/v1/clusters/embedded/namespaces/dev/networksets/office")).json()) as { spec: { nets: string[] } };
    expect(after.spec.nets).toEqual(["192.0.2.1/32"]);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.reload();

    await page.getByRole("button", { name: "Delete office" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete NetworkSet office?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText("Deleted NetworkSet office.")).toBeVisible();
    await expect(sets.row("office")).toHaveCount(0);
  });
});
