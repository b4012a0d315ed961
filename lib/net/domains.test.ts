import { describe, expect, it } from "vitest";
import { checkDomain, compileDomain, matchesAnyDomain, matchesDomain, normaliseDomain } from "@/lib/net/domains";

describe("matching domain patterns", () => {
  it.each([
    ["*.google.com", "www.google.com", true],
    ["*.google.com", "www.ipv6.google.com", true],
    ["*.google.com", "google.com", false],
    ["www.*.com", "www.sun.com", true],
    ["www.*.com", "www.com", false],
    ["update.*.mycompany.com", "update.tools.eu.mycompany.com", true],
    ["microsoft.com", "www.microsoft.com", false],
    ["Tigera.IO", "tigera.io.", true],
  ])("%s matches %s → %s", (pattern, domain, expected) => {
    expect(matchesDomain(compileDomain(pattern), domain)).toBe(expected);
  });
});

describe("checking domain names and patterns", () => {
  it.each(["github.com", "*.twilio.com", "www.*.com", "update.*.mycompany.com"])("accepts domain %s", (d) => {
    expect(checkDomain(d)).toBeUndefined();
  });
  it.each(["", "*", "a*.com", "*.*.com", "-a.com"])("rejects domain %s", (d) => {
    expect(checkDomain(d)).toBeDefined();
  });
  it("normalises for comparison", () => {
    expect(normaliseDomain(" WWW.Example.COM. ")).toBe("www.example.com");
    expect(matchesAnyDomain([compileDomain("a.com"), compileDomain("*.b.com")], "x.b.com")).toBe(true);
    expect(matchesAnyDomain([compileDomain("a.com")], "b.com")).toBe(false);
  });
});
