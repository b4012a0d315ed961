import { expect, type Locator, type Page } from "@playwright/test";

export interface GraphEdgeInfo {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly class: string;
}

/** Page object of the service graph (/graph); reads the graph through its test hook, never pixels. */
export class GraphPage {
  readonly canvas: Locator;
  readonly selection: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId("graph-canvas");
    this.selection = page.getByTestId("graph-selection");
  }

  /** Opens the graph for an absolute time range, with namespaces expanded. */
  async open(range: { from: number; to: number }, expand: readonly string[] = []): Promise<void> {
    const q = new URLSearchParams({ from: String(range.from), to: String(range.to), ...(expand.length > 0 ? { expand: expand.join(",") } : {}) });
    await this.page.goto(`/graph?${q.toString()}`);
    await expect(this.page.getByRole("heading", { name: "Service graph" })).toBeVisible();
    await expect(this.canvas).toBeVisible();
  }

  async nodes(): Promise<string[]> {
    return this.page.evaluate(() => window.__palisadeGraph?.nodes() ?? []);
  }

  /** Each drawn child node's container. */
  async parents(): Promise<Record<string, string>> {
    return this.page.evaluate(() => window.__palisadeGraph?.parents() ?? {});
  }

  /** Model positions of the drawn leaf nodes. */
  async positions(): Promise<Record<string, { x: number; y: number }>> {
    return this.page.evaluate(() => window.__palisadeGraph?.positions() ?? {});
  }

  /** Model boxes (labels included) of the drawn leaf nodes. */
  async boxes(): Promise<Record<string, { x1: number; y1: number; x2: number; y2: number }>> {
    return this.page.evaluate(() => window.__palisadeGraph?.boxes() ?? {});
  }

  /** Each drawn card's box without its label, and its label's box alone (canvas renderer). */
  async cards(): Promise<Record<string, { node: { x1: number; x2: number }; label: { x1: number; x2: number } }>> {
    return this.page.evaluate(() => window.__palisadeGraph?.cards?.() ?? {});
  }

  async zoom(): Promise<number> {
    return this.page.evaluate(() => window.__palisadeGraph?.zoom() ?? 0);
  }

  /** The legend under the canvas. */
  get legend(): Locator {
    return this.page.getByRole("group", { name: "Legend" });
  }

  /** The "Group by" picker. */
  get groupBy(): Locator {
    return this.page.getByLabel("Group by");
  }

  /** The keyboard's list of node buttons (visually hidden). */
  get nodeList(): Locator {
    return this.page.getByTestId("graph-node-list");
  }

  async edges(): Promise<GraphEdgeInfo[]> {
    return this.page.evaluate(() => window.__palisadeGraph?.edges() ?? []);
  }

  /** Waits until an edge matching the predicate is drawn, and returns it. */
  async waitForEdge(match: (e: GraphEdgeInfo) => boolean, description: string): Promise<GraphEdgeInfo> {
    let found: GraphEdgeInfo | undefined;
    await expect
      .poll(async () => {
        found = (await this.edges()).find(match);
        return found !== undefined;
      }, { message: `edge ${description}` })
      .toBe(true);
    return found as GraphEdgeInfo; // set by the successful poll above
  }

  /** The toolbar's saved-views group. */
  get savedViews(): Locator {
    return this.page.getByRole("group", { name: "Saved views" });
  }

  /** The saved-view picker (a select). */
  get viewPicker(): Locator {
    return this.savedViews.getByLabel("Saved view", { exact: true });
  }

  /** Saves the current state under `name` (optionally with zoom and position). */
  async saveView(name: string, keepViewport = false): Promise<void> {
    await this.savedViews.getByRole("button", { name: "Save view…" }).click();
    const form = this.page.getByRole("form", { name: "Save view" });
    await form.getByLabel("View name").fill(name);
    if (keepViewport) await form.getByLabel("Keep zoom and position").check();
    await form.getByRole("button", { name: /^(Save|Replace)$/ }).click();
    await expect(form).toBeHidden();
  }

  /** Reopens a saved view by name. */
  async applyView(name: string): Promise<void> {
    await this.viewPicker.selectOption({ label: name });
  }

  /** Deletes the chosen saved view (confirming). */
  async deleteChosenView(): Promise<void> {
    await this.savedViews.getByRole("button", { name: "Delete view" }).click();
    await this.page.getByRole("dialog", { name: "Delete saved view" }).getByRole("button", { name: "Delete" }).click();
  }

  /** Selects an element through cytoscape (the same handler a click runs). */
  async select(id: string): Promise<void> {
    await this.page.evaluate((elementId) => window.__palisadeGraph?.select(elementId), id);
    await expect(this.selection).toBeVisible();
  }
}
