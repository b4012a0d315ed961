import { expect, test } from "@playwright/test";
import { logIn } from "./fixtures/login";

// W4.3: the workshop slides write Kubernetes set-based selectors; the editor explains Calico's
// syntax and converts where it can.
test("the editor recognises a Kubernetes selector and converts it to Calico syntax", async ({ page }) => {
  await logIn(page, "/policies/new");
  const selector = page.getByRole("group", { name: "Applies to (selector)" });
  // A new policy's selector starts as key/operator/value rows.
  await selector.getByRole("button", { name: "Edit as text" }).click();
  const input = selector.getByRole("textbox", { name: "Applies to (selector)" });
  await input.fill("environment in (production, qa)");
  await expect(selector.getByRole("note")).toContainText("Kubernetes selector syntax");
  await selector.getByRole("button", { name: /^Convert to/ }).click();
  await expect(input).toHaveValue('environment in {"production", "qa"}');
  await expect(selector.getByRole("alert")).toHaveCount(0);
});
