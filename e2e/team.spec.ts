import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN_PASSWORD, logIn } from "./fixtures/login";
import { ApplyPage } from "./pages/apply-page";
import { BoardPage } from "./pages/board-page";
import { resetEmbedded } from "./fixtures/embedded";

// Walkthrough W6: the admin adds alice (editor of tier `security` only) and bob (viewer of the
// namespaces dev and default); alice sees the other tiers locked and cannot change them; bob sees
// only his namespaces' flows; the admin revokes alice's token and disables bob, both refused at
// once; the sign-in audit shows who did it. The cluster is reset before and after.

const ALICE = { username: "alice", password: "alice-e2e-password" };
const BOB = { username: "bob", password: "bob-e2e-password!" };

const gnp = (tier: string, name: string) => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: ${tier}.${name}
spec:
  tier: ${tier}
  order: 100
  selector: all()
  types: [Ingress]
  ingress:
  - action: Allow
`;
const tier = (name: string, order: number) => `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: ${name}
spec:
  order: ${order}
`;

async function signIn(browser: Browser, user: { username: string; password: string }, next: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("navigation").first()).toBeVisible();
  return page;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetEmbedded(page.request);
  for (const name of [ALICE.username, BOB.username]) await page.request.delete(`/api/v1/users/${name}`);
  const setup = await page.request.post("/api/v1/clusters/embedded/apply", {
    data: [tier("security", 300), tier("platform", 400), gnp("security", "allow-all"), gnp("platform", "base")].join("---\n"),
    headers: { "content-type": "application/yaml" },
  });
  expect(setup.status(), await setup.text()).toBe(200);
  const sim = await page.request.post("/api/v1/clusters/embedded/simulator", { data: {} });
  expect(sim.status(), await sim.text()).toBeLessThan(300);
  // One more flow between two namespaces outside bob's scope (storefront → kube-system): an
  // exported record sent back through the shipper endpoint with its namespaces changed.
  const exported = (await (await page.request.get("/api/v1/clusters/embedded/flows?format=json")).json()) as Record<string, unknown>[];
  const sample = exported[0];
  expect(sample).toBeDefined();
  const outside = { ...sample, source_namespace: "storefront", dest_namespace: "kube-system", source_port: 45_678 };
  const shipped = await page.request.post("/api/v1/flowlogs?cluster=embedded", { data: JSON.stringify(outside), headers: { "content-type": "application/json" } });
  expect(shipped.status(), await shipped.text()).toBe(200);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetEmbedded(page.request);
  for (const name of [ALICE.username, BOB.username]) await page.request.delete(`/api/v1/users/${name}`);
  await page.close();
});

test("W6: admin adds users with scopes; alice is limited to tier security; bob to dev and default", async ({ page, browser }) => {
  // Step 1: the admin adds both users on the Users page.
  await logIn(page, "/users");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  const add = async (u: { username: string; password: string }, role: string, tiers: string, namespaces: string) => {
    await page.getByLabel("Username").fill(u.username);
    await page.getByLabel("Password").fill(u.password);
    await page.getByLabel("Role").selectOption(role);
    await page.getByLabel("Tiers").fill(tiers);
    await page.getByLabel("Namespaces").fill(namespaces);
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByTestId(`user-row-${u.username}`)).toBeVisible();
  };
  await add(ALICE, "editor", "security", "");
  await add(BOB, "viewer", "", "dev, default");
  await expect(page.getByTestId("user-row-alice")).toContainText("security");
  await expect(page.getByTestId("user-row-bob")).toContainText("default, dev");

  // alice: other tiers are locked on the board, without their policies.
  const alice = await signIn(browser, ALICE, "/board");
  const board = new BoardPage(alice);
  await board.open();
  await expect(board.lane("security")).toBeVisible();
  await expect(board.card("GlobalNetworkPolicy/security.allow-all")).toBeVisible();
  await expect(alice.locator('[data-tier="platform"][data-locked="true"]')).toContainText("locked");
  await expect(alice.locator('[data-tier="default"][data-locked="true"]')).toBeVisible();
  await expect(board.card("GlobalNetworkPolicy/platform.base")).toHaveCount(0);
  // Creating or deleting tiers needs every tier: those controls are not offered to her.
  await expect(alice.getByRole("button", { name: "New tier" })).toHaveCount(0);
  await expect(board.lane("security").getByRole("button", { name: "Delete tier" })).toHaveCount(0);
  await alice.screenshot({ path: test.info().outputPath("alice-board.png"), fullPage: true });

  // ...and cannot change them through Apply YAML (the denied document is named).
  const apply = new ApplyPage(alice);
  await apply.open();
  await apply.editor.fill([gnp("security", "fine"), gnp("platform", "sneaky")].join("---\n"));
  await apply.dryRun.click();
  await expect(alice.getByText(/needs access to tier "platform"/).first()).toBeVisible();
  // ...while her own tier is hers to change: Apply YAML writes a policy there, the board's
  // policy editor saves another, and the board shows both.
  await apply.dryRunThenApply(gnp("security", "fine"));
  await board.createPolicyFromYaml(gnp("security", "from-editor"));
  await board.open();
  await expect(board.card("GlobalNetworkPolicy/security.fine")).toBeVisible();
  await expect(board.card("GlobalNetworkPolicy/security.from-editor")).toBeVisible();
  // ...nor through the editor's API (the board's move needs both tiers).
  const move = await alice.request.post("/api/v1/clusters/embedded/board/changes", {
    data: { changes: [{ key: "GlobalNetworkPolicy/platform.base", resourceVersion: "1", order: 1 }] },
  });
  expect(move.status()).toBe(403);
  expect(await move.json()).toMatchObject({ missing: { tiers: ["platform"] } });

  // bob: only flows touching dev or default.
  const bob = await signIn(browser, BOB, "/flows");
  const mine = await bob.request.get("/api/v1/clusters/embedded/flows?limit=500");
  const all = await page.request.get("/api/v1/clusters/embedded/flows?limit=500");
  type Row = { source: { namespace: string }; dest: { namespace: string } };
  const bobRows = ((await mine.json()) as { items: Row[] }).items;
  const adminRows = ((await all.json()) as { items: Row[] }).items;
  const touches = (r: Row) => ["dev", "default"].includes(r.source.namespace) || ["dev", "default"].includes(r.dest.namespace);
  expect(adminRows.some((r) => !touches(r))).toBe(true);
  expect(bobRows.length).toBeGreaterThan(0);
  expect(bobRows.every(touches)).toBe(true);
  await bob.goto("/flows");
  await expect(bob.getByRole("heading", { name: "Flows" })).toBeVisible();
  await bob.screenshot({ path: test.info().outputPath("bob-flows.png"), fullPage: true });

  // Step 2: alice issues a token in Settings; the admin revokes it and disables bob.
  await alice.goto("/settings");
  await alice.getByLabel("Token name").fill("alice-laptop");
  await alice.getByRole("button", { name: "Issue token" }).click();
  const token = (await alice.getByTestId("issued-api-token").textContent())?.trim() ?? "";
  expect(token.length).toBeGreaterThan(20);
  const before = await alice.request.get("/api/v1/clusters/embedded/globalnetworkpolicies", { headers: { authorization: `Bearer ${token}` } });
  expect(before.status()).toBe(200);

  await page.goto("/settings");
  const row = page.getByTestId("api-token-alice-laptop");
  await expect(row).toContainText("alice");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toHaveCount(0);
  const after = await page.request.get("/api/v1/clusters/embedded/globalnetworkpolicies", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);

  await page.goto("/users");
  await page.getByTestId("user-row-bob").getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId("user-row-bob")).toContainText("disabled");
  // bob's open Flows page polls; its next 401 makes the app itself go to /login
  // (components/shell/providers.tsx), which can race a reload from here ("Not attached to an
  // active page"). So: navigate only while bob is not there yet, and retry when the app's own
  // navigation interrupts ours.
  await expect(async () => {
    if (!new URL(bob.url()).pathname.startsWith("/login")) await bob.goto("/flows");
    await expect(bob).toHaveURL(/\/login/, { timeout: 2000 });
  }).toPass({ timeout: 20_000 });

  // The sign-in audit shows who did it.
  const audit = page.getByRole("table", { name: "Authentication events" });
  await page.reload();
  await expect(audit.getByRole("row").filter({ hasText: "token.revoke" }).first()).toContainText("admin");
  await expect(audit.getByRole("row").filter({ hasText: "user:bob" }).filter({ hasText: "user.update" }).first()).toContainText("admin");
  await page.screenshot({ path: test.info().outputPath("users-page.png"), fullPage: true });
  expect(ADMIN_PASSWORD.length).toBeGreaterThan(0);
});
