import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { CONSOLE_PAGES, seedConsole, VIEWPORTS } from "./fixtures/console-pages";
import { logIn, logInApi } from "./fixtures/login";
import { watchPageErrors } from "./fixtures/page-errors";

// Every page of the console, at 1280×800 and 1920×1080: it must not throw (uncaught errors or
// console errors), must not scroll sideways, no two visible form controls may overlap, and an
// axe-core scan (WCAG 2.1 A/AA) must find no serious or critical violation.

// Not serial: one page failing must not hide the state of the others.
test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await logInApi(page.request);
  await seedConsole(page.request);
  await page.close();
});

/** Pairs of visible controls whose boxes intersect by more than a pixel each way. */
async function overlappingControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const describe = (el: Element): string => {
      const label = el.getAttribute("aria-label") ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? "";
      return `${el.tagName.toLowerCase()}${el.id !== "" ? `#${el.id}` : ""} "${label.trim().slice(0, 40)}"`;
    };
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) return false;
      // Skips the content of closed <details> (content-visibility) and of hidden ancestors.
      if (!el.checkVisibility({ contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true })) return false;
      const style = getComputedStyle(el);
      return style.visibility !== "hidden" && style.display !== "none" && (el as HTMLElement).offsetParent !== null;
    };
    // The part of an element its scrolling ancestors (tables, lists; not <main> itself) let through.
    const clipped = (el: Element) => {
      const r = el.getBoundingClientRect();
      const box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      for (let p = el.parentElement; p !== null && p.tagName !== "MAIN"; p = p.parentElement) {
        const st = getComputedStyle(p);
        if (st.overflowX === "visible" && st.overflowY === "visible") continue;
        const c = p.getBoundingClientRect();
        box.left = Math.max(box.left, c.left);
        box.top = Math.max(box.top, c.top);
        box.right = Math.min(box.right, c.right);
        box.bottom = Math.min(box.bottom, c.bottom);
      }
      return box;
    };
    const controls = [...document.querySelectorAll("main input:not([type=hidden]), main select, main textarea, main button, main a.btn")].filter(visible);
    const boxes = controls.map((el) => ({ el, r: clipped(el) })).filter((b) => b.r.right - b.r.left > 1 && b.r.bottom - b.r.top > 1);
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        if (a === undefined || b === undefined || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 1 && h > 1) out.push(`${describe(a.el)} overlaps ${describe(b.el)}`);
      }
    }
    return out;
  });
}

/**
 * Elements wider than their scroll box: the document, the console's main column, and every
 * visible table (its wrapper scrolls, so a table wider than the window hides its last columns —
 * the Pods tab once hid Phase and the labels button at 1280 px).
 */
async function sidewaysScroll(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const boxes: (readonly [string, Element | null])[] = [["document", document.documentElement], ["main", document.querySelector("main")]];
    for (const wrap of document.querySelectorAll(".table-wrap")) {
      if (wrap.getBoundingClientRect().width > 0) boxes.push([`table ${wrap.querySelector("table")?.getAttribute("aria-label") ?? "(unnamed)"}`, wrap]);
    }
    for (const [name, el] of boxes) {
      if (el !== null && el.scrollWidth > el.clientWidth + 1) out.push(`${name}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
    }
    return out;
  });
}

for (const size of VIEWPORTS) {
  for (const target of CONSOLE_PAGES) {
    test(`${target.name} at ${size.width}×${size.height}: no errors, no overlap, no sideways scroll${size.width === 1280 ? ", no serious a11y violation" : ""}`, async ({ page }) => {
      await page.setViewportSize(size);
      const watched = watchPageErrors(page);
      await logIn(page, target.path);
      await page.goto(target.path);
      await target.ready(page);
      // Every problem of the page at once, so one run shows all there is to fix.
      const problems = [...(await sidewaysScroll(page)), ...(await overlappingControls(page))];
      if (size.width === 1280) {
        const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        for (const v of result.violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
          problems.push(`${v.impact ?? ""} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1] ?? ""}`).slice(0, 6).join(" | ")}`);
        }
      }
      problems.push(...watched.errors);
      expect(problems).toEqual([]);
    });
  }
}

test("login page: no serious a11y violation, no overlap", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const watched = watchPageErrors(page);
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  expect(await sidewaysScroll(page)).toEqual([]);
  expect(watched.errors).toEqual([]);
  await context.close();
});
