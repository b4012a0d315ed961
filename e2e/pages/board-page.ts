import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of the policy board (/board) and the policy editor it links to. */
export class BoardPage {
  readonly board: Locator;

  constructor(readonly page: Page) {
    this.board = page.getByTestId("board");
  }

  async open(): Promise<void> {
    await this.page.goto("/board");
    await expect(this.page.getByRole("heading", { name: "Policy board" })).toBeVisible();
    await expect(this.board).toBeVisible();
  }

  lane(tier: string): Locator {
    return this.page.getByRole("region", { name: `Tier ${tier}`, exact: true });
  }

  card(key: string): Locator {
    return this.page.locator(`[data-testid="policy-card"][data-key="${key}"]`);
  }

  /** Tier names in the order the board shows them. */
  async laneOrder(): Promise<string[]> {
    return this.page.getByTestId("tier-lane").evaluateAll((els) => els.map((e) => e.getAttribute("data-tier") ?? ""));
  }

  /** Card keys of one lane, in board order. */
  async cardKeys(tier: string): Promise<string[]> {
    return this.lane(tier).getByTestId("policy-card").evaluateAll((els) => els.map((e) => e.getAttribute("data-key") ?? ""));
  }

  async createTier(name: string, order: number): Promise<void> {
    await this.page.getByRole("button", { name: "New tier" }).click();
    const form = this.page.getByRole("form", { name: "New tier" });
    await form.getByLabel("Tier name").fill(name);
    await form.getByLabel("Tier order").fill(String(order));
    await form.getByRole("button", { name: "Create tier" }).click();
    // The panel closes once the board has been read again (the save waits for that refetch), so
    // the next "New tier" click must wait for it: clicking while it is open toggles it shut.
    await expect(form).toBeHidden();
    await expect(this.lane(name)).toBeVisible();
  }

  async importYaml(yaml: string): Promise<void> {
    await this.page.getByRole("button", { name: "Import YAML" }).click();
    await this.page.getByLabel("Tiers and policies (several documents separated by ---)").fill(yaml);
    await this.page.getByRole("button", { name: "Validate" }).click();
    const importButton = this.page.getByRole("button", { name: "Import", exact: true });
    await expect(importButton).toBeEnabled();
    await importButton.click();
    await expect(this.page.getByText("Imported", { exact: true })).toBeVisible();
    await this.page.getByRole("button", { name: "Close" }).click();
  }

  async enforce(stagedKey: string): Promise<void> {
    await this.card(stagedKey).getByRole("button", { name: "Enforce" }).click();
    const dialog = this.page.getByRole("dialog").filter({ hasText: "Enforce staged policy" });
    await dialog.getByRole("button", { name: "Enforce" }).click();
  }

  /** Opens the editor on a new policy and saves the YAML typed into its YAML tab. */
  async createPolicyFromYaml(yaml: string): Promise<void> {
    await this.page.goto("/policies/new");
    await this.page.getByRole("tab", { name: "YAML" }).click();
    await this.page.getByLabel("YAML (one policy; kept in sync with the form)").fill(yaml);
    await this.page.getByRole("tab", { name: "Form" }).click();
    await this.page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(this.page).toHaveURL(/\/policies\/[A-Za-z]+\/[^/]+\/[^/]+$/);
  }
}
