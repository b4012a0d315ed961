import { expect, type Locator, type Page } from "@playwright/test";

/** Page objects of /recommendations (namespace isolation) and /recommendations/new (the wizard). */
export class RecommendationsPage {
  readonly list: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByRole("region", { name: "Namespace recommendations" });
  }

  async open(): Promise<void> {
    await this.page.goto("/recommendations");
    await expect(this.page.getByRole("heading", { name: "Policy recommendations" })).toBeVisible();
  }

  row(namespace: string): Locator {
    return this.list.locator(`[data-testid="rec-row"][data-namespace="${namespace}"]`);
  }

  async tab(name: "Recommendations" | "Active" | "Dismissed"): Promise<void> {
    await this.list.getByRole("tab", { name: new RegExp(`^${name}`) }).click();
  }
}

export class WizardPage {
  readonly evidence: Locator;

  constructor(readonly page: Page) {
    this.evidence = page.getByRole("table", { name: "Rule evidence" });
  }

  async open(namespace: string, workload: string): Promise<void> {
    await this.page.goto(`/recommendations/new?namespace=${encodeURIComponent(namespace)}&workload=${encodeURIComponent(workload)}`);
    await expect(this.page.getByRole("heading", { name: "Recommend a policy" })).toBeVisible();
  }

  async recommend(options: { order?: string; range?: string } = {}): Promise<void> {
    if (options.range !== undefined) await this.page.getByLabel("Time range").selectOption({ label: options.range });
    await this.page.getByLabel("Policy order").fill(options.order ?? "");
    await this.page.getByRole("button", { name: "Recommend", exact: true }).click();
    await expect(this.page.getByRole("region", { name: "Proposed policy" })).toBeVisible();
  }

  async showEvidence(): Promise<void> {
    await this.page.getByRole("region", { name: "Proposed policy" }).getByRole("tab", { name: /^Evidence/ }).click();
    await expect(this.evidence).toBeVisible();
  }

  /** The evidence rows as `direction scope protocol ports | peers` strings. */
  async evidenceLines(): Promise<string[]> {
    const rows = this.evidence.getByTestId("evidence-row");
    const n = await rows.count();
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const cells = rows.nth(i).locator("td");
      out.push(`${(await cells.nth(0).innerText()).split(" ")[0]} ${await cells.nth(1).innerText()} ${await cells.nth(2).innerText()} | ${(await cells.nth(3).innerText()).split("\n")[0] ?? ""}`);
    }
    return out;
  }
}
