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

  /** Selects an element through cytoscape (the same handler a click runs). */
  async select(id: string): Promise<void> {
    await this.page.evaluate((elementId) => window.__palisadeGraph?.select(elementId), id);
    await expect(this.selection).toBeVisible();
  }
}
