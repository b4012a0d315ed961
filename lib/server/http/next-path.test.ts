import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/server/http/next-path";

/** What the browser does with a Location value: resolve it against the page's URL. */
const landsOn = (location: string, page = "http://console.test/login"): string => new URL(location, page).origin;

describe("safeNextPath", () => {
  const kept: readonly [string, string][] = [
    ["/flows", "/flows"],
    ["/policies?tier=security#card", "/policies?tier=security#card"],
    ["/graph/../flows", "/flows"],
    ["http://console.test/board", "/board"],
  ];
  it.each(kept)("keeps the same-origin path %j", (next, expected) => {
    expect(safeNextPath(next, "http://console.test")).toBe(expected);
  });

  // Each of these leaves the site (or runs script) when followed as given, or breaks the redirect.
  const refused: readonly string[] = [
    "/\t/evil.example", // the probe: /%09/evil.example decodes to this
    "/\n/evil.example", // %0A: used to reach redirect() and fail with 500
    "/\r\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "http://console.test@evil.example/",
    "javascript:alert(1)",
    "data:text/html,x",
    " //evil.example",
    "",
  ];
  it.each(refused)("refuses %j with /", (next) => {
    expect(safeNextPath(next, "http://console.test")).toBe("/");
  });

  it("never returns a value a browser resolves to another origin", () => {
    for (const next of [...refused, ...kept.map(([n]) => n)]) {
      expect(landsOn(safeNextPath(next, "http://console.test"))).toBe("http://console.test");
      expect(landsOn(safeNextPath(next))).toBe("http://console.test");
    }
  });

  it("works without a known origin (placeholder) and refuses undefined", () => {
    expect(safeNextPath("/flows")).toBe("/flows");
    expect(safeNextPath(undefined)).toBe("/");
  });
});
