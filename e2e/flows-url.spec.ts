import { expect, test } from "@playwright/test";
import { logIn } from "./fixtures/login";

// Flows: filters and time range live in the URL — a link reopens the same view, Back steps
// through earlier views — and the source port has its own column.

test("filters and time range are kept in the URL, and Back restores the previous view", async ({ page }) => {
  await logIn(page, "/flows");
  await expect(page.getByRole("heading", { name: "Flows", level: 1 })).toBeVisible();
  const filters = page.getByRole("search", { name: "Flow filters" });
  // The heading is server-rendered; the count comes from the client's first query, so once it
  // shows, the page has hydrated and a changed select reaches React (a change made before
  // hydration is not replayed and the URL would never follow).
  await expect(page.getByTestId("flow-count")).toHaveText(/flows in range/);

  await filters.getByLabel("Action", { exact: true }).selectOption("deny");
  await expect(page).toHaveURL(/[?&]action=deny(&|$)/);
  // A value becomes a filter chip on Enter (typed text alone filters the table but is not a link yet).
  const destName = filters.getByRole("combobox", { name: "Destination name", exact: true });
  await destName.fill("nginx");
  await destName.press("Enter");
  await expect(page).toHaveURL(/[?&]destName=nginx(&|$)/);
  await filters.getByLabel("Time range").selectOption("15m");
  await expect(page).toHaveURL(/[?&]range=15m(&|$)/);

  // A shared link (here: the same URL in a fresh load) opens the same view.
  const shared = page.url();
  await page.goto(shared);
  await expect(filters.getByLabel("Action", { exact: true })).toHaveValue("deny");
  await expect(filters.getByRole("button", { name: "Remove Destination name nginx" })).toBeVisible();
  await expect(filters.getByLabel("Time range")).toHaveValue("15m");

  // Back: the view before the time range changed.
  await page.goBack();
  await expect(page).not.toHaveURL(/range=15m/);
  await expect(filters.getByLabel("Time range")).toHaveValue("1h");
  await expect(filters.getByLabel("Action", { exact: true })).toHaveValue("deny");
});

test("the source port is a column of its own", async ({ page }) => {
  await logIn(page, "/flows");
  const table = page.getByRole("grid", { name: "Flows" });
  await expect(table.getByRole("columnheader", { name: "Source port" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Dest port" })).toBeVisible();
});
