import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of Threat feeds (/threat-feeds). */
export class ThreatFeedsPage {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Threat feeds" });
  }

  async open(): Promise<void> {
    await this.page.goto("/threat-feeds");
    await expect(this.page.getByRole("heading", { name: "Threat feeds", level: 1 })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByTestId(`threat-feed-${name}`);
  }

  /** Creates a newline-delimited IP feed through the form. */
  async create(input: { readonly name: string; readonly url: string; readonly labels: Readonly<Record<string, string>> }): Promise<void> {
    await this.page.getByRole("button", { name: "New threat feed" }).click();
    await this.page.getByLabel("Name", { exact: true }).fill(input.name);
    await this.page.getByLabel("Feed URL").fill(input.url);
    const entries = Object.entries(input.labels);
    for (const [i, [k, v]] of entries.entries()) {
      if (i > 0) await this.page.getByRole("button", { name: "Add set label" }).click();
      await this.page.getByLabel(`Set labels ${i + 1} key`).fill(k);
      await this.page.getByLabel(`Set labels ${i + 1} value`).fill(v);
    }
    await this.page.getByRole("button", { name: "Create" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: `Saved GlobalThreatFeed ${input.name}` })).toBeVisible();
  }
}
