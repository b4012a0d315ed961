import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of the flow log page (/flows). */
export class FlowsPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly pane: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("grid", { name: "Flows" });
    this.rows = this.table.getByTestId("flow-row");
    this.pane = page.getByRole("complementary", { name: "Flow details" });
    this.count = page.getByTestId("flow-count");
  }

  async open(params: Readonly<Record<string, string | number>>): Promise<void> {
    const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    await this.page.goto(`/flows?${q.toString()}`);
    await expect(this.page.getByRole("heading", { name: "Flows", exact: true })).toBeVisible();
  }

  /** Opens the first row in the detail pane and returns its enforced trace. */
  async expandFirst(): Promise<Locator> {
    await this.rows.first().click();
    await expect(this.pane).toBeVisible();
    return this.pane.getByRole("list", { name: "Enforced policies" });
  }

  /** A filter field's text box (a combobox with suggestions). */
  filter(label: string): Locator {
    return this.page.getByRole("combobox", { name: label, exact: true });
  }
}
