import { expect, test, type Locator, type Page } from "@playwright/test";
import { CONSOLE_PAGES, seedConsole, VIEWPORTS } from "./fixtures/console-pages";
import { logIn, logInApi } from "./fixtures/login";

// Visual regression: every console page at 1280×800 and 1920×1080 compared with its committed
// baseline (e2e/visual.spec.ts-snapshots/), so a layout that breaks fails the build. Regions
// that change on their own are masked: times and ages, traffic counters and flow-record
// counts, the flow and audit tables, and the service graph's canvas.
//
// After an intended UI change, regenerate and commit the baselines (one place for all of them;
// `=all` rewrites every baseline, also those whose change stays under the tolerance):
//
//   CHROMIUM_PATH=/usr/bin/chromium npx playwright test e2e/visual.spec.ts --update-snapshots=all
//
// Baselines are specific to the browser build and fonts of the machine that made them; make them
// where CI runs them.

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  await seedConsole(page.request);
  // API tokens left by earlier specs would change the Settings page: start from none.
  const tokens = (await (await page.request.get("/api/v1/tokens")).json()) as { items: { id: string }[] };
  for (const t of tokens.items) expect((await page.request.delete(`/api/v1/tokens/${t.id}`)).status()).toBe(204);
  // A paused simulator keeps counts still between the baseline and the run.
  expect((await page.request.put("/api/v1/clusters/embedded/simulator", { data: { paused: true } })).status()).toBe(200);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  await page.request.put("/api/v1/clusters/embedded/simulator", { data: { paused: false } });
  await page.close();
});

/** What changes from run to run on every page, plus each page's own live regions. */
function dynamicRegions(page: Page): Locator[] {
  return [
    page.locator("time"),
    page.locator("canvas"),
    page.getByTestId("policy-counters"),
    page.getByTestId("traffic-summary"),
    page.getByTestId("flow-count"),
    page.getByTestId("flow-live-status"),
    page.getByTestId("rec-last-run"),
    page.locator("table tbody"),
    page.getByTestId("stale-banner"),
    page.getByRole("group", { name: "Traffic simulator" }).locator("span"),
  ];
}

for (const size of VIEWPORTS) {
  for (const target of CONSOLE_PAGES) {
    test(`${target.name} at ${size.width}×${size.height} looks as before`, async ({ page }) => {
      await page.setViewportSize(size);
      await logIn(page, target.path);
      await page.goto(target.path);
      await target.ready(page);
      await expect(page).toHaveScreenshot(`${target.name}-${size.width}x${size.height}.png`, {
        animations: "disabled",
        caret: "hide",
        mask: dynamicRegions(page),
        // Anti-aliasing and the odd pixel of text rendering differ between runs.
        maxDiffPixelRatio: 0.01,
      });
    });
  }
}
