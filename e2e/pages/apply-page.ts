import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of Apply YAML (/import). */
export class ApplyPage {
  readonly editor: Locator;
  readonly dryRun: Locator;
  readonly apply: Locator;
  readonly outcomes: Locator;
  readonly errors: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByLabel("YAML or JSON to apply");
    this.dryRun = page.getByRole("button", { name: "Dry run" });
    this.apply = page.getByRole("button", { name: "Apply", exact: true });
    this.outcomes = page.getByRole("table", { name: "Document outcomes" });
    this.errors = page.getByRole("list", { name: "Documents with errors" });
  }

  async open(): Promise<void> {
    await this.page.goto("/import");
    await expect(this.page.getByRole("heading", { name: "Apply YAML" })).toBeVisible();
  }

  async dryRunThenApply(yaml: string): Promise<void> {
    await this.editor.fill(yaml);
    await this.dryRun.click();
    await expect(this.page.getByText("Dry run passed: nothing was written.")).toBeVisible();
    await this.apply.click();
    await expect(this.page.getByText("Applied.")).toBeVisible();
  }
}
