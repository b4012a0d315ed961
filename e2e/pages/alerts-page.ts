import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of Alerts (/alerts). */
export class AlertsPage {
  readonly table: Locator;
  readonly events: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Global alerts" });
    this.events = page.getByRole("table", { name: "Alert events" });
  }

  async open(): Promise<void> {
    await this.page.goto("/alerts");
    await expect(this.page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByTestId(`alert-${name}`);
  }

  state(name: string): Locator {
    return this.row(name).getByTestId("alert-state");
  }

  async evaluateNow(): Promise<void> {
    await this.page.getByRole("button", { name: "Evaluate now" }).click();
    await expect(this.page.getByText(/^Evaluated \d+ alert/)).toBeVisible();
  }
}
