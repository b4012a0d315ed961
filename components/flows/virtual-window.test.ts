import { describe, expect, it } from "vitest";
import { scrollToReveal, virtualWindow } from "@/components/flows/virtual-window";

describe("virtualWindow", () => {
  it("renders the visible rows plus overscan, with spacers for the rest", () => {
    // 1,000 rows of 30 px, viewport 300 px scrolled to row 100.
    const w = virtualWindow(3000, 300, 30, 1000, 5);
    expect(w.start).toBe(95);
    expect(w.end).toBe(100 + 11 + 5);
    expect(w.padTop).toBe(95 * 30);
    expect(w.padBottom).toBe((1000 - w.end) * 30);
    // The spacers and rows add up to the full height: the scrollbar reflects every row.
    expect(w.padTop + (w.end - w.start) * 30 + w.padBottom).toBe(1000 * 30);
  });

  it("clamps at both ends", () => {
    expect(virtualWindow(-50, 300, 30, 1000, 5).start).toBe(0);
    const bottom = virtualWindow(10_000_000, 300, 30, 1000, 5);
    expect(bottom.end).toBe(1000);
    expect(bottom.padBottom).toBe(0);
    expect(virtualWindow(0, 300, 30, 0)).toMatchObject({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });

  it("renders a bounded number of rows however long the list", () => {
    const w = virtualWindow(30 * 500_000, 900, 30, 1_000_000, 10);
    expect(w.end - w.start).toBeLessThanOrEqual(31 + 20 + 1);
  });
});

describe("virtualWindow over more rows than a browser can make tall", () => {
  const ROW = 32;
  const COUNT = 1_000_000; // 32,000,000 px natural height
  const MAX = 1_000_000; // a small cap keeps the numbers readable

  it("caps the scroll height and maps the scrollbar proportionally", () => {
    const top = virtualWindow(0, 640, ROW, COUNT, 5, MAX);
    expect(top.scaled).toBe(true);
    expect(top.totalHeight).toBe(MAX);
    expect(top.start).toBe(0);
    const middle = virtualWindow((MAX - 640) / 2, 640, ROW, COUNT, 5, MAX);
    expect(Math.abs(middle.start + 5 - COUNT / 2)).toBeLessThan(30);
  });

  it("shows the very last row when the scrollbar is at the end", () => {
    const end = virtualWindow(MAX - 640, 640, ROW, COUNT, 5, MAX);
    expect(end.end).toBe(COUNT);
    // Rendered rows and spacers never exceed the capped height.
    expect(end.padTop + (end.end - end.start) * ROW + end.padBottom).toBeLessThanOrEqual(MAX + ROW * 40);
  });

  it("keyboard reveal moves the proportional position toward the row", () => {
    const at = scrollToReveal(500_000, 0, 640, ROW, 34, COUNT, MAX);
    const w = virtualWindow(at, 640, ROW, COUNT, 0, MAX);
    expect(500_000).toBeGreaterThanOrEqual(w.start);
    expect(500_000).toBeLessThan(w.end);
  });
});

describe("scrollToReveal", () => {
  it("scrolls up to a row above the viewport, down to one below it, and not at all for a visible one", () => {
    expect(scrollToReveal(5, 300, 300, 30)).toBe(150);
    expect(scrollToReveal(25, 300, 300, 30, 30)).toBe(25 * 30 + 30 - 300 + 30);
    expect(scrollToReveal(12, 300, 300, 30)).toBe(300);
  });
});
