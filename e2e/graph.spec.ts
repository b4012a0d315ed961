import { setTimeout as sleep } from "node:timers/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { GraphPage } from "./pages/graph-page";

// The service graph of the demo cluster, read through the test hook (ids, containers, model
// geometry — never pixels): a namespace opened lays its workloads out inside it without
// overlaps, Fit stays readable, the legend is shown, namespaces group by their `zone` label,
// the keyboard reaches nodes and opens the side panel, and positions survive a reload. The
// simulator is paused and driven by "run one interval now"; every view uses the window of
// those intervals. With DOCS_SCREENSHOTS=1 it also retakes docs/service-graph.png, the README's
// picture of the graph (never on a plain run, so tests leave the tree unchanged).

interface Run {
  readonly start: number;
  readonly end: number;
  readonly accepted: number;
}

async function runInterval(request: APIRequestContext): Promise<Run> {
  await sleep(1100);
  const res = await request.post("/api/v1/clusters/embedded/simulator");
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Run;
}

function overlapping(boxes: Record<string, { x1: number; y1: number; x2: number; y2: number }>): string[] {
  const list = Object.entries(boxes);
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [a, p] = list[i] ?? ["", { x1: 0, y1: 0, x2: 0, y2: 0 }];
      const [b, q] = list[j] ?? ["", { x1: 0, y1: 0, x2: 0, y2: 0 }];
      if (p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2) out.push(`${a} × ${b}`);
    }
  }
  return out;
}

test.describe.serial("service graph", () => {
  let range = { from: 0, to: 0 };

  test.beforeAll(async ({ request }) => {
    await logInApi(request);
    expect((await request.put("/api/v1/clusters/embedded/simulator", { data: { paused: true } })).status()).toBe(200);
    // Start from no stored positions (other specs may have opened the graph as this user).
    await request.delete("/api/v1/clusters/embedded/graph/positions");
    const first = await runInterval(request);
    const last = await runInterval(request);
    range = { from: first.start - 1, to: last.end + 1 };
  });

  test.afterAll(async ({ request }) => {
    await logInApi(request);
    await request.delete("/api/v1/clusters/embedded/graph/positions");
    await request.put("/api/v1/clusters/embedded/simulator", { data: { paused: false } });
  });

  test("an opened namespace holds its workloads, laid out without overlaps, with a legend", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await logIn(page, "/graph");
    const graph = new GraphPage(page);
    await graph.open(range, ["default"]);
    await graph.waitForEdge((e) => e.source.startsWith("wl:default/frontend-"), "from the frontend");
    const parents = await graph.parents();
    const inDefault = Object.entries(parents).filter(([, p]) => p === "ns:default").map(([id]) => id);
    expect(inDefault.length).toBeGreaterThan(8);
    expect(inDefault.every((id) => id.startsWith("wl:default/") || id.startsWith("svc:default/"))).toBe(true);
    expect(overlapping(await graph.boxes())).toEqual([]);
    // Every card's name starts right of its glyph (drawn 9–23 model units from the card's left
    // edge, graph-layout.ts) and ends inside the card, in the fonts this browser has.
    const cards = await graph.cards();
    expect(Object.keys(cards).length).toBeGreaterThan(8);
    const crowded = Object.entries(cards)
      .filter(([, c]) => c.label.x1 - c.node.x1 < 24 || c.label.x2 > c.node.x2)
      .map(([id, c]) => `${id}: name ${Math.round(c.label.x1 - c.node.x1)} from the left edge, ${Math.round(c.node.x2 - c.label.x2)} from the right`);
    expect(crowded).toEqual([]);
    // Not a long diagonal: the open namespace is laid out in two dimensions.
    const pos = await graph.positions();
    const xs = inDefault.map((id) => pos[id]?.x ?? 0);
    const ys = inDefault.map((id) => pos[id]?.y ?? 0);
    const w = Math.max(...xs) - Math.min(...xs);
    const h = Math.max(...ys) - Math.min(...ys);
    expect(Math.min(w, h) / Math.max(w, h)).toBeGreaterThan(0.25);
    await expect(graph.legend).toBeVisible();
    for (const name of ["Allowed", "Denied", "Staged denied", "Namespace", "Workload", "Service"]) await expect(graph.legend.getByText(name, { exact: true })).toBeVisible();
    // The canvas fills the space below the filters: most of the window's height.
    const box = await graph.canvas.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(520);
    // The first view is readable (names at 80 % or more); the README's picture is that view.
    expect(await graph.zoom()).toBeGreaterThanOrEqual(0.8);
    if (process.env.DOCS_SCREENSHOTS === "1") {
      await page.waitForTimeout(300);
      await page.screenshot({ path: "docs/service-graph.png" });
    }
    await page.getByRole("button", { name: "Fit" }).click();
    expect(await graph.zoom()).toBeLessThanOrEqual(1.25);
  });

  test("positions are stored: a reload draws the same picture", async ({ page }) => {
    await logIn(page, "/graph");
    const graph = new GraphPage(page);
    await graph.open(range, ["default"]);
    await graph.waitForEdge((e) => e.source.startsWith("wl:default/frontend-"), "from the frontend");
    const before = await graph.positions();
    // Stored positions are written shortly after the layout (debounced).
    await page.waitForTimeout(1200);
    await graph.open(range, ["default"]);
    await graph.waitForEdge((e) => e.source.startsWith("wl:default/frontend-"), "from the frontend");
    await expect.poll(async () => Object.keys(await graph.positions()).length).toBe(Object.keys(before).length);
    const after = await graph.positions();
    for (const [id, p] of Object.entries(before)) {
      expect(Math.abs((after[id]?.x ?? Infinity) - p.x), id).toBeLessThan(1);
      expect(Math.abs((after[id]?.y ?? Infinity) - p.y), id).toBeLessThan(1);
    }
  });

  test("groups namespaces by their zone label", async ({ page }) => {
    await logIn(page, "/graph");
    const graph = new GraphPage(page);
    await graph.open(range);
    await graph.waitForEdge((e) => e.source === "ns:dmz" || e.target === "ns:dmz" || e.target === "ns:trusted", "touching a zone namespace");
    await graph.groupBy.selectOption({ label: "Namespace label “zone”" });
    await expect.poll(async () => (await graph.parents())["ns:dmz"]).toBe("grp:zone=dmz");
    const parents = await graph.parents();
    expect(parents["ns:trusted"]).toBe("grp:zone=trusted");
    expect(parents["ns:restricted"]).toBe("grp:zone=restricted");
    expect(parents["ns:default"]).toBeUndefined();
    expect(overlapping(await graph.boxes())).toEqual([]);
  });

  test("the keyboard tabs through nodes and Enter opens the side panel", async ({ page }) => {
    await logIn(page, "/graph");
    const graph = new GraphPage(page);
    await graph.open(range);
    await graph.waitForEdge((e) => e.target === "ns:default" || e.source === "ns:default", "touching namespace default");
    await page.getByLabel("Search", { exact: true }).focus();
    const focusedNode = () => page.evaluate(() => document.activeElement?.getAttribute("data-node-id") ?? null);
    let first: string | null = null;
    for (let i = 0; i < 40 && first === null; i++) {
      await page.keyboard.press("Tab");
      first = await focusedNode();
    }
    expect(first, "Tab reaches the graph's nodes").not.toBeNull();
    await page.keyboard.press("Tab");
    const second = await focusedNode();
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    await page.keyboard.press("Enter");
    await expect(graph.selection).toBeVisible();
    const label = await page.evaluate(() => document.activeElement?.textContent ?? "");
    await expect(graph.selection.getByRole("heading", { level: 2 })).toHaveText(label.replace(/ \(.*\)$/, ""));
  });
});
