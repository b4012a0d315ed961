import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of Network sets (/network-sets). */
export class NetworkSetsPage {
  readonly table: Locator;
  readonly editor: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Network sets" });
    this.editor = page.getByRole("region", { name: /New network set|Edit / });
  }

  async open(): Promise<void> {
    await this.page.goto("/network-sets");
    await expect(this.page.getByRole("heading", { name: "Network sets", level: 1 })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByTestId(`network-set-${name}`);
  }

  /** Opens the form of a new set and fills it (labels as `key=value`, nets and domains as lines). */
  async fillNew(input: { readonly name: string; readonly namespace?: string; readonly labels: readonly string[]; readonly nets?: readonly string[]; readonly domains?: readonly string[] }): Promise<void> {
    await this.page.getByRole("button", { name: "New network set" }).click();
    if (input.namespace !== undefined) {
      await this.page.getByLabel("Namespace (NetworkSet)").check();
      await this.page.getByLabel("Namespace", { exact: true }).selectOption(input.namespace);
    }
    await this.page.getByLabel("Name", { exact: true }).fill(input.name);
    for (const [i, label] of input.labels.entries()) {
      if (i > 0) await this.page.getByRole("button", { name: "Add label" }).click();
      const [k = "", v = ""] = label.split("=");
      await this.page.getByLabel(`Label ${i + 1} key`).fill(k);
      await this.page.getByLabel(`Label ${i + 1} value`).fill(v);
    }
    if (input.nets !== undefined) await this.page.getByLabel(/^Nets/).fill(input.nets.join("\n"));
    if (input.domains !== undefined) await this.page.getByLabel(/^Allowed egress domains/).fill(input.domains.join("\n"));
  }

  async save(button: "Create" | "Save"): Promise<void> {
    await this.page.getByRole("button", { name: button, exact: true }).click();
  }

  async edit(name: string): Promise<void> {
    await this.page.getByRole("button", { name: `Edit ${name}` }).click();
    await expect(this.page.getByRole("heading", { name: `Edit ${name}` })).toBeVisible();
  }
}
