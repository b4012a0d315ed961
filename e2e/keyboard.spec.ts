import { expect, test, type Locator, type Page } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { watchPageErrors } from "./fixtures/page-errors";
import { BoardPage } from "./pages/board-page";
import { STAGED_DENY } from "./fixtures/workshop-yaml";

// W1.3–W1.9 with the keyboard only: after logging in, every step is Tab, Shift+Tab, Enter,
// Space, arrow keys or typing — no clicks. Create the tiers, stage the default deny, write
// default.centos in the form, stage it, enforce the staged deny from the board, and reorder a
// policy and a tier with their keyboard buttons (and undo the reorder from its notification).

const MAX_TABS = 150;

/** Presses Tab until `target` has focus; fails when it is not reachable within MAX_TABS. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i < MAX_TABS; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`not reachable with Tab: ${target.toString()}`);
}

async function tabAndType(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  expect((await page.request.post("/api/v1/clusters/embedded/reset")).status()).toBeLessThan(300);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  await page.request.post("/api/v1/clusters/embedded/reset");
  await page.close();
});

test("W1.3–W1.9 with the keyboard only", async ({ page }) => {
  test.setTimeout(180_000);
  const watched = watchPageErrors(page);
  await logIn(page, "/board");
  const board = new BoardPage(page);
  await board.open();

  // W1.3: tiers security (300) and platform (400).
  for (const [name, order] of [["security", "300"], ["platform", "400"]] as const) {
    await tabTo(page, page.getByRole("button", { name: "New tier" }));
    await page.keyboard.press("Enter");
    const form = page.getByRole("form", { name: "New tier" });
    await tabAndType(page, form.getByLabel("Tier name"), name);
    await tabAndType(page, form.getByLabel("Tier order"), order);
    await page.keyboard.press("Enter");
    // The panel closes after the board is read again; "New tier" toggles it, so wait for that.
    await expect(form).toBeHidden();
    await expect(board.lane(name)).toBeVisible();
  }
  expect(await board.laneOrder()).toEqual(["security", "platform", "default"]);

  // W1.5: stage the global default deny from its YAML.
  await tabTo(page, page.getByRole("button", { name: "Import YAML" }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByLabel("Tiers and policies (several documents separated by ---)"));
  await page.keyboard.insertText(STAGED_DENY);
  await tabTo(page, page.getByRole("button", { name: "Validate" }));
  await page.keyboard.press("Enter");
  const importButton = page.getByRole("button", { name: "Import", exact: true });
  await expect(importButton).toBeEnabled();
  await tabTo(page, importButton);
  await page.keyboard.press("Enter");
  await expect(page.getByText("Imported", { exact: true })).toBeVisible();
  await expect(board.card("StagedGlobalNetworkPolicy/default-deny")).toBeVisible();

  // W1.6: default.centos in dev, tier default, order 800, egress TCP to app == "nginx".
  await tabTo(page, board.lane("default").getByRole("link", { name: "Add policy" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "New policy" })).toBeVisible();
  await tabAndType(page, page.getByLabel("Name", { exact: true }), "default.centos");
  await tabTo(page, page.getByLabel("Namespace", { exact: true }));
  await page.keyboard.type("dev");
  await expect(page.getByLabel("Namespace", { exact: true })).toHaveValue("dev");
  await tabAndType(page, page.getByLabel("Order", { exact: true }), "800");
  await tabTo(page, page.getByRole("checkbox", { name: "Egress" }));
  await page.keyboard.press("Space");
  const appliesTo = page.getByRole("group", { name: "Applies to (selector)" });
  await tabTo(page, appliesTo.getByRole("button", { name: "Add term" }));
  await page.keyboard.press("Enter");
  await tabAndType(page, appliesTo.getByLabel("Applies to (selector) key 1"), "app");
  await tabAndType(page, appliesTo.getByLabel("Applies to (selector) value 1"), "centos");
  await expect(page.getByTestId("selects-count")).toHaveText("Matches 1 endpoint");
  await tabTo(page, page.getByRole("button", { name: "Add egress rule" }));
  await page.keyboard.press("Enter");
  const rule = page.getByRole("group", { name: "egress rule index 0" });
  await tabAndType(page, rule.getByLabel("egress rule index 0 protocol"), "TCP");
  const dest = rule.getByRole("group", { name: "Destination selector", exact: true });
  await tabTo(page, dest.getByRole("button", { name: "Add term" }));
  await page.keyboard.press("Enter");
  await tabAndType(page, dest.getByLabel("Destination selector key 1"), "app");
  await tabAndType(page, dest.getByLabel("Destination selector value 1"), "nginx");
  await tabTo(page, page.getByRole("button", { name: "Save", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/policies\/NetworkPolicy\/dev\/default\.centos$/);

  // Stage a copy of it from the editor (the staged copy changes no traffic).
  await tabTo(page, page.getByRole("button", { name: "Stage", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/policies\/StagedNetworkPolicy\/dev\/default\.centos$/);

  // W1.9: enforce the staged default deny from the board.
  await tabTo(page, page.getByRole("link", { name: "← Policy board" }));
  await page.keyboard.press("Enter");
  await expect(board.board).toBeVisible();
  await tabTo(page, board.card("StagedGlobalNetworkPolicy/default-deny").getByRole("button", { name: "Enforce" }));
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Enforce staged policy" });
  await tabTo(page, dialog.getByRole("button", { name: "Enforce" }));
  await page.keyboard.press("Enter");
  await expect(board.card("GlobalNetworkPolicy/default-deny")).toBeVisible();
  await expect(page.getByRole("status", { name: "Notifications" })).toContainText("Enforced default-deny");

  // Reorder with keys: default-deny above default.centos, then undo from the notification.
  const keysOf = () => board.cardKeys("default");
  const before = await keysOf();
  expect(before.indexOf("NetworkPolicy/dev/default.centos")).toBeLessThan(before.indexOf("GlobalNetworkPolicy/default-deny"));
  await tabTo(page, board.card("GlobalNetworkPolicy/default-deny").getByRole("button", { name: /^Move (default\.)?default-deny up$/ }));
  await page.keyboard.press("Enter");
  await expect.poll(async () => {
    const k = await keysOf();
    return k.indexOf("GlobalNetworkPolicy/default-deny") < k.indexOf("NetworkPolicy/dev/default.centos");
  }).toBe(true);
  const undo = page.getByRole("status", { name: "Notifications" }).getByRole("button", { name: "Undo" }).last();
  await tabTo(page, undo);
  await page.keyboard.press("Enter");
  await expect.poll(keysOf).toEqual(before);

  // A tier with its keyboard buttons: platform above security.
  await tabTo(page, page.getByRole("button", { name: "Move tier platform up" }));
  await page.keyboard.press("Enter");
  await expect.poll(() => board.laneOrder()).toEqual(["platform", "security", "default"]);
  expect(watched.errors).toEqual([]);
});
