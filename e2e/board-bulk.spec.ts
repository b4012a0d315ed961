import { expect, test, type Page } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { watchPageErrors } from "./fixtures/page-errors";
import { BoardPage } from "./pages/board-page";
import { DEFAULT_CENTOS, STAGED_DENY } from "./fixtures/workshop-yaml";

// Board multi-selection: move (with one confirmation and Undo), stage, enforce, export and
// delete several cards at once, delete from a card, and a toast for each telling what happened.

const TIERS_AND_POLICIES = `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: security
spec:
  order: 300
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: platform
spec:
  order: 400
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.a
spec:
  tier: security
  order: 100
  selector: app == "frontend"
  types: [Ingress]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.b
spec:
  tier: security
  order: 200
  selector: app == "nginx"
  types: [Ingress]
`;

async function seed(page: Page): Promise<void> {
  await logInApi(page.request);
  expect((await page.request.post("/api/v1/clusters/embedded/reset")).status()).toBeLessThan(300);
  for (const yaml of [TIERS_AND_POLICIES, STAGED_DENY, DEFAULT_CENTOS]) {
    const r = await page.request.post("/api/v1/clusters/embedded/apply", { data: yaml, headers: { "content-type": "application/yaml" } });
    expect(r.status(), await r.text()).toBeLessThan(300);
  }
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await seed(page);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  await page.request.post("/api/v1/clusters/embedded/reset");
  await page.close();
});

test("select several cards and move them with one confirmation, then undo", async ({ page }) => {
  const watched = watchPageErrors(page);
  await logIn(page, "/board");
  const board = new BoardPage(page);
  await board.open();
  const toasts = page.getByRole("status", { name: "Notifications" });

  await board.card("GlobalNetworkPolicy/security.a").getByRole("checkbox", { name: "Select security.a" }).check();
  await board.card("GlobalNetworkPolicy/security.b").getByRole("checkbox", { name: "Select security.b" }).check();
  const bar = page.getByRole("toolbar", { name: "Selected policies" });
  await expect(bar).toContainText("2 selected");
  await bar.getByLabel("Move to tier").selectOption("platform");
  await bar.getByRole("button", { name: "Move", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Move 2 policies to tier platform" });
  await expect(dialog).toContainText("renamed");
  await dialog.getByRole("button", { name: "Move" }).click();
  await expect(toasts).toContainText("Moved 2 policies to tier platform.");
  await expect.poll(() => board.cardKeys("platform")).toEqual(["GlobalNetworkPolicy/platform.a", "GlobalNetworkPolicy/platform.b"]);
  await expect(bar).toHaveCount(0);

  await toasts.getByRole("button", { name: "Undo" }).click();
  await expect(toasts).toContainText("Undone");
  await expect.poll(() => board.cardKeys("security")).toEqual(["GlobalNetworkPolicy/security.a", "GlobalNetworkPolicy/security.b"]);
  await expect.poll(() => board.cardKeys("platform")).toEqual([]);
  expect(watched.errors).toEqual([]);
});

test("select a whole tier to stage and export; enforce a staged card; each says what happened", async ({ page }) => {
  const watched = watchPageErrors(page);
  await logIn(page, "/board");
  const board = new BoardPage(page);
  await board.open();
  const toasts = page.getByRole("status", { name: "Notifications" });
  const bar = page.getByRole("toolbar", { name: "Selected policies" });

  // Every card of tier default: default.centos (enforced) and default-deny (staged only).
  await page.getByRole("checkbox", { name: "Select all policies of tier default" }).check();
  await expect(bar).toContainText("2 selected");
  const download = page.waitForEvent("download");
  await bar.getByRole("button", { name: "Export" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("policies-embedded.yaml");
  const text = await (await import("node:fs/promises")).readFile(await file.path(), "utf8");
  expect(text).toContain("name: default.centos");
  expect(text).toContain("kind: StagedGlobalNetworkPolicy");
  expect(text).not.toContain("resourceVersion");
  await expect(toasts).toContainText("Downloaded policies-embedded.yaml (2 policies)");

  await bar.getByRole("button", { name: "Stage" }).click();
  await page.getByRole("dialog", { name: "Stage 1 policy" }).getByRole("button", { name: "Stage" }).click();
  await expect(toasts).toContainText("Staged 1 policy");
  await expect(toasts.getByRole("link", { name: "Would-be denials in Flows" })).toBeVisible();
  await expect(board.card("NetworkPolicy/dev/default.centos").getByText("staged", { exact: true })).toBeVisible();

  await board.card("StagedGlobalNetworkPolicy/default-deny").getByRole("checkbox").check();
  await bar.getByRole("button", { name: "Enforce" }).click();
  await page.getByRole("dialog", { name: "Enforce 1 staged policy" }).getByRole("button", { name: "Enforce" }).click();
  await expect(toasts).toContainText("Enforced 1 policy");
  await expect(board.card("GlobalNetworkPolicy/default-deny")).toBeVisible();
  expect(watched.errors).toEqual([]);
});

test("delete from a card's menu, and several at once", async ({ page }) => {
  const watched = watchPageErrors(page);
  await logIn(page, "/board");
  const board = new BoardPage(page);
  await board.open();
  const toasts = page.getByRole("status", { name: "Notifications" });

  await board.card("GlobalNetworkPolicy/security.a").getByRole("button", { name: "Actions for security.a" }).click();
  await board.card("GlobalNetworkPolicy/security.a").getByRole("button", { name: "Delete…" }).click();
  const one = page.getByRole("dialog", { name: "Delete policy" });
  await expect(one).toContainText("changes traffic immediately");
  await one.getByRole("button", { name: "Delete" }).click();
  await expect(toasts).toContainText("Deleted security.a.");
  await expect(board.card("GlobalNetworkPolicy/security.a")).toHaveCount(0);

  // default.centos now has its staged copy: deleting the card deletes both.
  await board.card("GlobalNetworkPolicy/security.b").getByRole("checkbox").check();
  await board.card("NetworkPolicy/dev/default.centos").getByRole("checkbox").check();
  await page.getByRole("toolbar", { name: "Selected policies" }).getByRole("button", { name: "Delete" }).click();
  const many = page.getByRole("dialog", { name: "Delete 3 policies" });
  await many.getByRole("button", { name: "Delete" }).click();
  await expect(toasts).toContainText("Deleted 3 policies.");
  await expect(board.card("GlobalNetworkPolicy/security.b")).toHaveCount(0);
  await expect(board.card("NetworkPolicy/dev/default.centos")).toHaveCount(0);
  expect(watched.errors).toEqual([]);
});
