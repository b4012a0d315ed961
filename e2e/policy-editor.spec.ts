import { expect, test } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { watchPageErrors } from "./fixtures/page-errors";
import { BoardPage } from "./pages/board-page";
import { DEFAULT_CENTOS } from "./fixtures/workshop-yaml";

// The policy editor: W2.3's default deny built with key / operator / value pickers that suggest
// the labels that exist, its namespaceSelector on the board card, the match count withheld while
// a selector does not parse, and the History diff's After column fully visible.

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  expect((await page.request.post("/api/v1/clusters/embedded/reset")).status()).toBeLessThan(300);
  const r = await page.request.post("/api/v1/clusters/embedded/apply", { data: DEFAULT_CENTOS, headers: { "content-type": "application/yaml" } });
  expect(r.status(), await r.text()).toBeLessThan(300);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  await page.request.post("/api/v1/clusters/embedded/reset");
  await page.close();
});

test("W2.3: stage a default deny scoped by a namespaceSelector picked from the labels that exist", async ({ page }) => {
  const watched = watchPageErrors(page);
  await logIn(page, "/policies/new");
  await page.getByLabel("Name", { exact: true }).fill("default-deny");
  await page.getByLabel("Scope").selectOption("global");
  await page.getByRole("checkbox", { name: "Ingress" }).check();
  await page.getByRole("checkbox", { name: "Egress" }).check();
  const ns = page.getByRole("group", { name: "namespaceSelector", exact: true });
  await ns.getByRole("button", { name: "Add term" }).click();
  const key = ns.getByLabel("namespaceSelector key 1");
  // The key picker offers the namespaces' labels; the value picker the values of the chosen key.
  const keyOptions = await page.locator(`datalist#${await key.getAttribute("list")} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(keyOptions).toContain("kubernetes.io/metadata.name");
  await key.fill("kubernetes.io/metadata.name");
  await expect(ns.getByLabel("namespaceSelector operator 1")).toHaveValue("==");
  const value = ns.getByLabel("namespaceSelector value 1");
  const valueOptions = await page.locator(`datalist#${await value.getAttribute("list")} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(valueOptions).toEqual(expect.arrayContaining(["catfacts", "default", "dev", "kube-system"]));
  await value.fill("catfacts");
  await expect(ns).toContainText('kubernetes.io/metadata.name == "catfacts"');
  await expect(page.getByTestId("selects-count")).toHaveText(/^Matches [1-9]\d* endpoints?$/);

  await page.getByRole("button", { name: "Stage", exact: true }).click();
  await expect(page).toHaveURL(/\/policies\/StagedGlobalNetworkPolicy\/[^/]+\/default-deny$/);
  await expect(page.getByRole("status", { name: "Notifications" })).toContainText("Staged default-deny");

  // The card shows what the policy is scoped by, not all().
  const board = new BoardPage(page);
  await board.open();
  const card = board.card("StagedGlobalNetworkPolicy/default-deny");
  await expect(card.locator(".pb-selector")).toHaveText('namespaceSelector: kubernetes.io/metadata.name == "catfacts"');
  expect(watched.errors).toEqual([]);
});

test("the match count is withheld while a selector does not parse", async ({ page }) => {
  await logIn(page, "/policies/NetworkPolicy/dev/default.centos");
  const count = page.getByTestId("selects-count");
  await expect(count).toHaveText("Matches 1 endpoint");
  const appliesTo = page.getByRole("group", { name: "Applies to (selector)" });
  await appliesTo.getByRole("button", { name: "Edit as text" }).click();
  await appliesTo.getByLabel("Applies to (selector)").fill('app == "centos" &&');
  await expect(count).toHaveText("Matches: fix the selector to see which endpoints");
  await expect(page.getByRole("region", { name: /Matches/ }).getByRole("listitem")).toHaveCount(0);
  await appliesTo.getByLabel("Applies to (selector)").fill('app == "nginx"');
  await expect(count).toHaveText("Matches 1 endpoint");
});

test("History: both columns of a revision's diff are fully visible at 1280 px", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await logIn(page, "/policies/NetworkPolicy/dev/default.centos");
  // A change with a long line, so an unwrapped diff would push the After column out of view.
  const long = `app == "centos" && ${Array.from({ length: 8 }, (_, i) => `has(very-long-label-key-number-${i})`).join(" && ")}`;
  const appliesTo = page.getByRole("group", { name: "Applies to (selector)" });
  await appliesTo.getByRole("button", { name: "Edit as text" }).click();
  await appliesTo.getByLabel("Applies to (selector)").fill(long);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.getByRole("tab", { name: "History" }).click();
  const event = page.getByTestId("history-event").first();
  await event.getByRole("button", { name: "Show diff" }).click();
  const diff = event.getByTestId("diff");
  await expect(diff.getByRole("columnheader", { name: "After" })).toBeVisible();
  const box = await diff.boundingBox();
  const after = await diff.getByRole("cell").filter({ hasText: "very-long-label-key-number-7" }).last().boundingBox();
  expect(box).not.toBeNull();
  expect(after).not.toBeNull();
  if (box === null || after === null) return;
  expect(after.x + after.width).toBeLessThanOrEqual(box.x + box.width + 1);
  expect(await diff.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
});
