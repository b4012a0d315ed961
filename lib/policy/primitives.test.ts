import { describe, expect, it } from "vitest";
import { compileDomain, matchesDomain } from "@/lib/policy/domains";
import { compilePorts, matchesPort, toProtocolNumber } from "@/lib/policy/ports";
import { sortPolicies, sortTiers } from "@/lib/policy/ordering";

describe("domains", () => {
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

describe("ports and protocols", () => {
  it("protocol names are case-insensitive; numbers pass through", () => {
    expect([toProtocolNumber("TCP"), toProtocolNumber("udp"), toProtocolNumber("ICMPv6"), toProtocolNumber(132), toProtocolNumber("UDPLite")]).toEqual([6, 17, 58, 132, 136]);
    expect(toProtocolNumber("bogus")).toBeUndefined();
    expect(toProtocolNumber(256)).toBeUndefined();
  });

  it("ranges, single ports and named ports on the owner", () => {
    const m = compilePorts([80, "8000:8010", "http"]);
    if (!m.ok) throw new Error(m.error);
    const owner = { ports: [{ name: "http", port: 8443, protocol: "TCP" as const }] };
    expect(matchesPort(m.value, 80, 6, undefined)).toBe(true);
    expect(matchesPort(m.value, 8005, 6, undefined)).toBe(true);
    expect(matchesPort(m.value, 8443, 6, owner)).toBe(true);
    expect(matchesPort(m.value, 8443, 17, owner)).toBe(false);
    expect(matchesPort(m.value, 8443, 6, undefined)).toBe(false);
    expect(compilePorts(["9:1"]).ok).toBe(false);
    expect(compilePorts([70000]).ok).toBe(false);
  });
});

describe("ordering", () => {
  it("tiers: ordered ascending, ties by name, unordered last by name", () => {
    const sorted = sortTiers([
      { name: "b", order: undefined },
      { name: "z", order: 1 },
      { name: "a", order: 1 },
      { name: "a2", order: undefined },
      { name: "m", order: 0.5 },
    ]);
    expect(sorted.map((t) => t.name)).toEqual(["m", "a", "z", "a2", "b"]);
  });

  it("policies: order ascending, +Inf last, ties by v1 name (namespace first)", () => {
    const sorted = sortPolicies([
      { orderValue: Number.POSITIVE_INFINITY, sortName: "a" },
      { orderValue: 10, sortName: "prod/default.x" },
      { orderValue: 10, sortName: "default.y" },
      { orderValue: 1, sortName: "zzz" },
    ]);
    expect(sorted.map((p) => p.sortName)).toEqual(["zzz", "default.y", "prod/default.x", "a"]);
  });
});
