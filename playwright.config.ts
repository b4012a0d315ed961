import { defineConfig, devices } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { assertLocalDatabase } from "./e2e/fixtures/assert-local-database";

// The config is evaluated by the runner and again by each worker: the port, data folder and
// password are chosen once, in the runner, and handed to workers through the environment.
function freePort(): number {
  const out = execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]);
  return Number(out.toString());
}
process.env.E2E_PORT ??= String(freePort());
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "palisade-e2e-"));
process.env.E2E_ADMIN_PASSWORD ??= "e2e-Admin-Passw0rd";
// A real OIDC provider on 127.0.0.1 for the sign-in specs (e2e/fixtures/oidc-provider-server.mjs).
process.env.E2E_OIDC_PORT ??= String(freePort());
process.env.E2E_OIDC_CLIENT_SECRET ??= "palisade-e2e-secret";
assertLocalDatabase(process.env.DATABASE_URL);

const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
const oidcIssuer = `http://127.0.0.1:${process.env.E2E_OIDC_PORT}`;
const executablePath = process.env.CHROMIUM_PATH ?? process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        },
      },
    },
  ],
  webServer: [
    {
      command: "node e2e/fixtures/oidc-provider-server.mjs",
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "ignore",
      env: { E2E_OIDC_PORT: String(process.env.E2E_OIDC_PORT), E2E_OIDC_REDIRECT_URI: `${baseURL}/api/v1/oidc/callback`, E2E_OIDC_CLIENT_SECRET: String(process.env.E2E_OIDC_CLIENT_SECRET) },
    },
    {
    command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/v1/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    // The server logs every request as JSON; only its errors belong in the test output.
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      PALISADE_DATA_DIR: process.env.E2E_DATA_DIR,
      PALISADE_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      // Threat-feed specs serve their lists from a local server; outbound fetches may reach it.
      PALISADE_OUTBOUND_ALLOW: "127.0.0.1",
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      PALISADE_OIDC_ISSUER: oidcIssuer,
      PALISADE_OIDC_CLIENT_ID: "palisade",
      PALISADE_OIDC_CLIENT_SECRET: String(process.env.E2E_OIDC_CLIENT_SECRET),
      PALISADE_OIDC_SCOPES: "groups",
    },
    },
  ],
});
