import { expect, test } from "@playwright/test";
import { logIn } from "./fixtures/login";
import { watchPageErrors } from "./fixtures/page-errors";

// The impact preview's progress: a preview that takes longer than a second (a day of a big
// cluster's flows) shows a progress bar with the window and the seconds elapsed until the answer
// arrives. The server's answer is held back here to make it slow.

test("a slow impact preview shows its progress, then the answer", async ({ page }, testInfo) => {
  const watched = watchPageErrors(page);
  await logIn(page, "/policies/new?tier=default");
  await page.getByLabel("Name", { exact: true }).fill("default.progress");
  await page.getByLabel("Order", { exact: true }).fill("900");
  let held = 0;
  await page.route("**/policies-ops/impact", async (route) => {
    held += 1;
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await route.continue();
  });
  await page.getByRole("button", { name: "Preview impact" }).click();
  const progress = page.getByTestId("impact-progress");
  await expect(progress).toBeVisible({ timeout: 3000 });
  await expect(progress).toContainText(/Judging the distinct connections of the last 15 min… [1-9] s/);
  await expect(progress.getByRole("progressbar", { name: "Judging recent flows" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("impact-progress.png") });
  await expect(page.getByTestId("impact")).toBeVisible({ timeout: 30_000 });
  await expect(progress).toBeHidden();
  expect(held).toBe(1);
  expect(watched.errors).toEqual([]);
});
