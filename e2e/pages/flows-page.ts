import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of the flow log page (/flows). */
export class FlowsPage {
  readonly table: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Flows" });
    this.rows = this.table.getByTestId("flow-row");
  }

  async open(params: Readonly<Record<string, string | number>>): Promise<void> {
    const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    await this.page.goto(`/flows?${q.toString()}`);
    await expect(this.page.getByRole("heading", { name: "Flows" })).toBeVisible();
  }

  /** Expands the first row and returns its detail cell. */
  async expandFirst(): Promise<Locator> {
    await this.rows.first().getByRole("button", { name: "Show details" }).click();
    return this.table.getByRole("list", { name: "Enforced policies" }).first();
  }
}
