import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { ADMIN_PASSWORD, logIn } from "./fixtures/login";

// The hardening probes against the built app in Chromium: security headers on pages, API and
// /k8s answers; pages work under the CSP (no violation reported); the post-login redirect
// stays on the console's origin; the kubeconfig can be pasted in Settings.

const COMMON = ["x-content-type-options", "referrer-policy", "permissions-policy", "x-frame-options"];

/** Collects the CSP violations Chromium reports on the console. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

test("pages, API and /k8s answers carry the security headers", async ({ page, request }) => {
  const login = await page.goto("/login");
  const headers = login?.headers() ?? {};
  for (const name of COMMON) expect(headers[name], name).toBeTruthy();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  expect(headers["strict-transport-security"]).toBeUndefined();

  for (const path of ["/api/v1/healthz", "/api/v1/clusters", "/k8s/version", "/k8s/apis"]) {
    const res = await request.get(path);
    for (const name of COMMON) expect(res.headers()[name], `${path} ${name}`).toBeTruthy();
    expect(res.headers()["content-security-policy"], path).toContain("default-src 'none'");
  }
  const tls = await request.get("/api/v1/healthz", { headers: { "x-forwarded-proto": "https" } });
  expect(tls.headers()["strict-transport-security"]).toContain("max-age=31536000");
});

test("the console works under the CSP: no violations while browsing", async ({ page }) => {
  const violations = watchCsp(page);
  await logIn(page, "/workloads");
  for (const path of ["/graph", "/board", "/flows", "/settings"]) {
    await page.goto(path);
    await expect(page.getByRole("navigation").first()).toBeVisible();
  }
  expect(violations).toEqual([]);
});

test("the post-login redirect never leaves the origin", async ({ page, baseURL }) => {
  for (const next of ["/%09/evil.example", "/%0A/evil.example", "/%5Cevil.example", "//evil.example"]) {
    await page.context().clearCookies();
    const res = await page.goto(`/login?next=${next}`);
    expect(res?.status(), next).toBeLessThan(500);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("navigation").first()).toBeVisible();
    expect(new URL(page.url()).origin, next).toBe(new URL(baseURL ?? "").origin);
    // Already signed in: the page redirects at once, and also only within the origin.
    const again = await page.goto(`/login?next=${next}`);
    expect(again?.status(), next).toBeLessThan(500);
    // Wait for that redirect to land (the console shell) before the next probe navigates.
    await expect(page.getByRole("navigation").first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).origin, next).toBe(new URL(baseURL ?? "").origin);
  }
});

test("Settings takes a pasted kubeconfig and refuses an exec plugin with a field error", async ({ page }) => {
  await logIn(page, "/settings");
  const form = page.getByRole("form", { name: "Add a Kubernetes cluster" });
  await form.getByRole("radio", { name: "Kubeconfig (paste or upload)" }).check();
  await form.getByLabel("Cluster name", { exact: true }).fill("exec-probe");
  await form.getByLabel("Kubeconfig", { exact: true }).fill(
    "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{ name: c, cluster: { server: 'https://10.0.0.1:6443' } }]\nusers: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: /bin/id } } }]\ncontexts: [{ name: c, context: { cluster: c, user: u } }]\n",
  );
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.locator("#kube-kubeconfig-error")).toContainText("PALISADE_ALLOW_EXEC_CREDENTIALS");
  await expect(form.getByLabel("Or upload a kubeconfig file")).toBeVisible();
  await page.screenshot({ path: "test-results/settings-kubeconfig.png", fullPage: true });
});
