import { expect, test } from "@playwright/test";
import { logIn, logInApi } from "./fixtures/login";
import { flowRecords, ingest } from "./fixtures/flow-records";
import { FlowsPage } from "./pages/flows-page";

// The Flows page as a log viewer: one continuous table over the whole time range (pages load as
// the reader scrolls), filters with suggestions that follow typing after a pause, live rows
// pushed by the server, a keyboard-driven detail pane, and the filters in the URL. Each test
// uses a namespace of its own (flows are append-only) so the demo's simulated traffic and the
// other tests cannot change its counts.

const now = () => Math.floor(Date.now() / 1000);

test.describe.serial("the Flows page", () => {
  test("scrolling alone reaches the oldest flow of the range, and the count is shown", async ({ page, request }) => {
    await logInApi(request);
    const ns = `scroll-${now()}`;
    const newest = now() - 5;
    await ingest(request, flowRecords(ns, 1000, newest));

    await logIn(page, "/flows");
    const flows = new FlowsPage(page);
    await flows.open({ sourceNamespace: ns });
    await expect(flows.count).toHaveText(/^1,000 flows in range/);
    await expect(flows.rows.first()).toContainText(`${ns}/loadgen-0`);

    // Only a window of rows is in the DOM, however many are loaded.
    const grid = flows.table;
    const scrollToEnd = () =>
      grid.evaluate((el) => {
        const scroller = el.parentElement;
        if (scroller !== null) scroller.scrollTop = scroller.scrollHeight;
      });
    for (let i = 0; i < 40; i++) {
      if ((await page.getByText("End of the time range").count()) > 0) break;
      await scrollToEnd();
      await page.waitForTimeout(150);
    }
    await scrollToEnd();
    await expect(page.getByText("End of the time range")).toBeVisible();
    await expect(flows.rows.last()).toContainText(`${ns}/loadgen-999`);
    expect(await flows.rows.count()).toBeLessThan(200);
    await expect(flows.count).toHaveText("1,000 flows in range");
  });

  test("filters: suggestions as you type, several values per field, one query per pause, in the URL with a working back button", async ({ page, request }) => {
    await logInApi(request);
    const a = `alpha-${now()}`;
    const b = `bravo-${now()}`;
    await ingest(request, [...flowRecords(a, 30, now() - 5), ...flowRecords(b, 20, now() - 5)]);

    await logIn(page, "/flows");
    const flows = new FlowsPage(page);
    await flows.open({});
    const listRequests: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.endsWith("/flows") && url.searchParams.has("namespaceMatch")) listRequests.push(url.search);
    });

    // Typed letter by letter: the table follows the substring once the typing pauses.
    const box = flows.filter("Namespace (either side)");
    await box.pressSequentially(a, { delay: 40 });
    await expect(flows.count).toHaveText(/^30 flows in range/);
    expect(listRequests.length).toBeLessThanOrEqual(2);
    // The suggestion list offers the stored namespace; Enter adds it as a chip (exact match).
    await expect(page.getByRole("listbox", { name: "Namespace (either side) suggestions" }).getByRole("option", { name: a })).toBeVisible();
    await box.press("ArrowDown");
    await box.press("Enter");
    await expect(page).toHaveURL(new RegExp(`namespace=${a}`));
    // A second value for the same field: OR-ed.
    await box.pressSequentially(b);
    await box.press("Enter");
    await expect(flows.count).toHaveText(/^50 flows in range/);
    await expect(page).toHaveURL(new RegExp(`namespace=${a}%2C${b}`));

    // The back button undoes the last filter change.
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`namespace=${a}$`));
    await expect(flows.count).toHaveText(/^30 flows in range/);

    // A shared link opens the same view.
    await flows.open({ sourceNamespace: b, destName: "web" });
    // A hidden filter set by the link opens "More filters" by itself.
    await expect(flows.filter("Source namespace")).toBeVisible();
    await expect(flows.count).toHaveText(/^20 flows in range/);
  });

  test("live: new flows are pushed into the table; scrolled down, they wait behind “N new flows”", async ({ page, request }) => {
    await logInApi(request);
    const ns = `live-${now()}`;
    await ingest(request, flowRecords(ns, 300, now() - 30));
    await logIn(page, "/flows");
    const flows = new FlowsPage(page);
    await flows.open({ sourceNamespace: ns });
    await expect(flows.count).toHaveText(/^300 flows in range/);
    await expect(page.getByText("live: new flows appear as they are stored")).toBeVisible();

    // At the top the table follows the stream.
    await ingest(request, flowRecords(ns, 1, now(), { offset: 5000 }));
    await expect(flows.rows.first()).toContainText(`${ns}/loadgen-5000`, { timeout: 5000 });

    // Scrolled down, the reader's position is kept and the new rows wait.
    await flows.table.evaluate((el) => {
      const scroller = el.parentElement;
      if (scroller !== null) scroller.scrollTop = 32 * 100;
    });
    await page.waitForTimeout(300);
    const before = await flows.rows.first().getAttribute("data-flow-id");
    await ingest(request, flowRecords(ns, 3, now(), { offset: 6000 }));
    const banner = page.getByRole("button", { name: "↑ 3 new flows" });
    await expect(banner).toBeVisible({ timeout: 5000 });
    expect(await flows.rows.first().getAttribute("data-flow-id")).toBe(before);
    await banner.click();
    await expect(flows.rows.first()).toContainText(`${ns}/loadgen-6000`);
    await expect(flows.count).toHaveText(/^304 flows in range/);
  });

  test("keyboard: ↓ selects, Enter opens the detail beside the table, Esc closes it", async ({ page, request }) => {
    await logInApi(request);
    const ns = `keys-${now()}`;
    await ingest(request, flowRecords(ns, 10, now() - 5, { action: "deny" }));
    await logIn(page, "/flows");
    const flows = new FlowsPage(page);
    await flows.open({ sourceNamespace: ns });
    await expect(flows.rows.first()).toBeVisible();
    await flows.table.focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(flows.rows.nth(1)).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(flows.pane).toBeVisible();
    await expect(flows.pane.getByRole("heading")).toContainText(`${ns}/loadgen-1`);
    await expect(flows.pane.getByRole("link", { name: "Show on the service graph" })).toHaveAttribute("href", new RegExp(`expand=${ns}`));
    await page.keyboard.press("Escape");
    await expect(flows.pane).toBeHidden();
  });
});
