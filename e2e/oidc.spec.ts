import { expect, test, type Page } from "@playwright/test";
import { logInApi } from "./fixtures/login";

// OIDC sign-in through the browser against a real OpenID Connect provider on 127.0.0.1
// (e2e/fixtures/oidc-provider-server.mjs, started by playwright.config.ts): authorization code
// with PKCE, groups mapped to a role and tier scope in Settings.

async function providerSignIn(page: Page, login: string): Promise<void> {
  await page.goto("/login");
  await page.getByTestId("sso-login").click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The provider asks for consent the first time.
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  const r = await page.request.put("/api/v1/settings/oidc", { data: { mappings: [{ group: "secops", role: "editor", tiers: ["security"] }] } });
  expect(r.status(), await r.text()).toBe(200);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  await page.request.put("/api/v1/settings/oidc", { data: { mappings: [] } });
  await page.request.delete("/api/v1/users/carol");
  await page.close();
});

test("signs in with OIDC; the groups claim gives the mapped role and tier scope", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await providerSignIn(page, "carol");
  await expect(page.getByRole("navigation").first()).toBeVisible();
  const me = await page.request.get("/api/v1/session");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ user: { username: "carol", role: "editor" }, via: "session" });

  const admin = await browser.newPage();
  await logInApi(admin.request);
  const user = await admin.request.get("/api/v1/users/carol");
  expect(await user.json()).toMatchObject({ username: "carol", role: "editor", tiers: ["security"], source: "oidc" });
  const events = (await (await admin.request.get("/api/v1/auth-events?actor=carol")).json()) as { items: { action: string; outcome: string; detail: Record<string, unknown> }[] };
  expect(events.items[0]).toMatchObject({ action: "login", outcome: "success", detail: { method: "oidc", groups: ["secops"] } });
  await context.close();
});

test("refuses a user whose groups are not mapped, and says why on the login page", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await providerSignIn(page, "dave");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId("sso-error")).toContainText("contractors");
  expect((await page.request.get("/api/v1/session")).status()).toBe(401);
  await context.close();
});
