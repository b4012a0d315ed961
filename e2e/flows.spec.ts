import { expect, test, type APIRequestContext } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { FlowsPage } from "./pages/flows-page";
import { GraphPage } from "./pages/graph-page";
import { ENFORCED_DENY, STAGED_DENY } from "./fixtures/workshop-yaml";
import { applyYaml, runSimulatorInterval, type SimulatorRun } from "./fixtures/embedded";

// Flow logs and the service graph against the embedded demo cluster. The simulator is paused
// and driven by "run one interval now", and every view is opened on the time window of that one
// interval (from = end - 1, so only records ending with it count), so nothing waits for 15 s.
// The `request` fixture is per test, so each test logs its API context in.

type Run = SimulatorRun;

/** One interval with records in it. Two runs in the same second would share their window; the previous one must end before end - 1. */
async function runInterval(request: APIRequestContext): Promise<Run> {
  const run = await runSimulatorInterval(request, 2100);
  expect(run.accepted).toBeGreaterThan(0);
  return run;
}

const window1 = (run: Run) => ({ from: run.end - 1, to: run.end + 1 });
const isFrontendToCart = (e: { source: string; target: string }) => e.source.startsWith("wl:default/frontend-") && e.target === "svc:default/cartservice";

test.describe.serial("flows and the service graph", () => {
  test.beforeAll(async ({ request }) => {
    await logInApi(request);
    const res = await request.put("/api/v1/clusters/embedded/simulator", { data: { paused: true } });
    expect(res.status()).toBe(200);
  });

  test.afterAll(async ({ request }) => {
    await logInApi(request);
    await request.delete("/api/v1/clusters/embedded/globalnetworkpolicies/default-deny");
    await request.delete("/api/v1/clusters/embedded/stagedglobalnetworkpolicies/default-deny");
    await request.put("/api/v1/clusters/embedded/simulator", { data: { paused: false } });
  });

  test("with no policies the graph shows Online Boutique's calls, all allowed", async ({ page, request }) => {
    await logInApi(request);
    const run = await runInterval(request);
    await logIn(page, "/graph");
    const graph = new GraphPage(page);
    await graph.open(window1(run));
    await graph.waitForEdge((e) => e.target === "ns:default" || e.source === "ns:default", "touching namespace default");
    expect(await graph.nodes()).toEqual(expect.arrayContaining(["ns:default", "ns:dev", "ns:kube-system"]));

    await graph.open(window1(run), ["default"]);
    const edge = await graph.waitForEdge(isFrontendToCart, "frontend → cartservice");
    expect(edge.class).toBe("allowed");
    const edges = await graph.edges();
    // Calls of at least 10 per minute (lib/traffic demo model): one 15 s interval always has some.
    for (const target of ["svc:default/productcatalogservice", "svc:default/currencyservice", "svc:default/recommendationservice", "svc:default/adservice"]) {
      expect(edges.some((e) => e.source.startsWith("wl:default/frontend-") && e.target === target), `frontend → ${target}`).toBe(true);
    }
    const inDefault = edges.filter((e) => e.source.includes("default") || e.target.includes("default"));
    expect(inDefault.filter((e) => e.class !== "allowed")).toEqual([]);
  });

  test("a staged default deny shows the same edges as staged-denied while traffic still flows", async ({ page, request }) => {
    await logInApi(request);
    await applyYaml(request, STAGED_DENY);
    const run = await runInterval(request);
    await logIn(page, "/graph");
    const graph = new GraphPage(page);
    await graph.open(window1(run), ["default"]);
    const edge = await graph.waitForEdge((e) => isFrontendToCart(e) && e.class === "staged-denied", "frontend → cartservice staged-denied");
    expect(edge.class).toBe("staged-denied");

    const flows = new FlowsPage(page);
    await flows.open({ ...window1(run), action: "allow", pendingAction: "deny", sourceNamespace: "default" });
    await expect(flows.rows.first()).toBeVisible();
    await expect(flows.rows.first()).toHaveAttribute("data-action", "allow");
    await expect(flows.rows.first()).toHaveAttribute("data-pending-action", "deny");
    await flows.rows.first().click();
    await expect(flows.pane.getByRole("list", { name: "Pending policies" })).toContainText(/staged:(default\.)?default-deny/);
  });

  test("once enforced the edges are denied and the flow table lists denials by default-deny", async ({ page, request }) => {
    await logInApi(request);
    await applyYaml(request, ENFORCED_DENY);
    const del = await request.delete("/api/v1/clusters/embedded/stagedglobalnetworkpolicies/default-deny");
    expect(del.status(), await del.text()).toBeLessThan(300);
    const run = await runInterval(request);

    await logIn(page, "/graph");
    const graph = new GraphPage(page);
    await graph.open(window1(run), ["default"]);
    const edge = await graph.waitForEdge((e) => isFrontendToCart(e) && e.class === "denied", "frontend → cartservice denied");

    await graph.select(edge.id);
    await expect(graph.selection).toContainText("svc:default/cartservice");
    const edgeFlows = page.getByRole("table", { name: "Flows on this edge" });
    await expect(edgeFlows.getByTestId("flow-row").first()).toBeVisible();
    await expect(edgeFlows.getByTestId("flow-row").first()).toHaveAttribute("data-action", "deny");
    await expect(graph.selection.getByRole("list", { name: "Policies that decided these flows" })).toContainText("default-deny");

    const flows = new FlowsPage(page);
    await flows.open({ ...window1(run), action: "deny" });
    await expect(flows.rows.first()).toBeVisible();
    const trace = await flows.expandFirst();
    await expect(trace).toContainText("default-deny");
  });

  test("a saved view reopens its filters and expanded namespaces, survives a reload, and can be deleted", async ({ page, request }) => {
    await logInApi(request);
    const run = await runInterval(request);
    await logIn(page, "/graph");
    const graph = new GraphPage(page);
    await graph.open(window1(run), ["default"]);
    await graph.waitForEdge(isFrontendToCart, "frontend → cartservice");
    await page.getByLabel("Namespaces").fill("default");
    await page.getByRole("checkbox", { name: "Denied", exact: true }).check();
    await graph.saveView("denied in default", true);

    // A fresh page without the link's expand: namespaces only, no filters.
    await graph.open(window1(run));
    await graph.waitForEdge((e) => e.target === "ns:default" || e.source === "ns:default", "touching namespace default");
    expect((await graph.nodes()).some((id) => id.startsWith("wl:default/"))).toBe(false);
    await graph.applyView("denied in default");
    await expect(page.getByLabel("Namespaces")).toHaveValue("default");
    await expect(page.getByRole("checkbox", { name: "Denied", exact: true })).toBeChecked();
    const edge = await graph.waitForEdge((e) => isFrontendToCart(e) && e.class === "denied", "frontend → cartservice denied, from the saved view");
    expect(edge.class).toBe("denied");
    expect((await graph.edges()).every((e) => e.class === "denied" || e.class === "mixed")).toBe(true);

    await graph.deleteChosenView();
    await expect(graph.viewPicker).toBeDisabled();
    await page.reload();
    await expect(graph.viewPicker).toContainText("No saved views");
  });
});
