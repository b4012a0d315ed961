import { describe, expect, it } from "vitest";
import { describeScopeShort, formatScopeInput, parseScopeInput } from "@/lib/auth/scope-input";

describe("scope input", () => {
  it("parses lists, dedupes and sorts; empty or * means every one", () => {
    expect(parseScopeInput("security, platform security")).toEqual(["platform", "security"]);
    expect(parseScopeInput("  ")).toBeNull();
    expect(parseScopeInput("dev, *")).toBeNull();
  });

  it("formats back and describes for tables", () => {
    expect(formatScopeInput(["a", "b"])).toBe("a, b");
    expect(formatScopeInput(null)).toBe("");
    expect(describeScopeShort(null)).toBe("all");
    expect(describeScopeShort([])).toBe("none");
    expect(describeScopeShort(["dev"])).toBe("dev");
  });
});
