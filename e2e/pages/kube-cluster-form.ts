import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of Settings → "Add a Kubernetes cluster". */
export class KubeClusterForm {
  readonly form: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Add a Kubernetes cluster" });
  }

  async open(): Promise<void> {
    // Already on Settings (right after logging in there): opening it again would race the
    // login's own navigation, so only navigate from elsewhere.
    if (new URL(this.page.url()).pathname !== "/settings") await this.page.goto("/settings");
    await expect(this.form).toBeVisible();
  }

  /** Fills the URL + bearer token mode (optionally allowing plain http). */
  async fillToken(name: string, server: string, token: string, allowHttp: boolean): Promise<void> {
    await this.form.getByLabel("Cluster name", { exact: true }).fill(name);
    await this.form.getByRole("radio", { name: "API server URL and bearer token" }).check();
    await this.form.getByLabel("API server URL", { exact: true }).fill(server);
    await this.form.getByLabel("Bearer token", { exact: true }).fill(token);
    const http = this.form.getByRole("checkbox", { name: "Allow plain http for a local cluster" });
    if (allowHttp) await http.check();
    else await http.uncheck();
  }

  async testConnection(): Promise<Locator> {
    await this.form.getByRole("button", { name: "Test connection" }).click();
    const result = this.form.getByTestId("kube-discovery");
    await expect(result).toBeVisible();
    return result;
  }

  async add(): Promise<void> {
    await this.form.getByRole("button", { name: "Add cluster" }).click();
    await expect(this.form.getByText(/was added; choose it in the cluster switcher/)).toBeVisible();
  }
}
