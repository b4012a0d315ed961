import { describe, expect, it } from "vitest";
import { isInCidr, parseCidr, parseIp } from "@/lib/policy/ip";
import { compileDomain, matchesDomain } from "@/lib/policy/domains";
import { compilePorts, matchesPort, toProtocolNumber } from "@/lib/policy/ports";
import { sortPolicies, sortTiers } from "@/lib/policy/ordering";

function inCidr(ip: string, cidr: string): boolean {
  const a = parseIp(ip);
  const r = parseCidr(cidr);
  if (a === undefined || !r.ok) throw new Error("bad fixture");
  return isInCidr(a, r.value);
}

describe("ip", () => {
  it.each([
    ["10.1.2.3", "10.0.0.0/8", true],
    ["11.0.0.1", "10.0.0.0/8", false],
    ["10.1.2.3", "10.1.2.3", true],
    ["10.1.2.3", "10.1.2.0/31", false],
    ["0.0.0.1", "0.0.0.0/0", true],
    ["2001:db8::5", "2001:db8::/32", true],
    ["2001:db9::5", "2001:db8::/32", false],
    ["::ffff:10.0.0.1", "::ffff:10.0.0.0/120", true],
    ["10.0.0.1", "::/0", false],
    ["fe80::1", "0.0.0.0/0", false],
  ])("%s in %s → %s", (ip, cidr, expected) => {
    expect(inCidr(ip, cidr)).toBe(expected);
  });

  it("masks host bits like Calico normalises nets", () => {
    expect(inCidr("10.1.255.255", "10.1.2.3/16")).toBe(true);
  });

  it.each(["10.0.0.256", "10.0.0", "1::2::3", "abc", "10.0.0.0/33", "2001:db8::/129", "1.2.3.4/8/9"])("rejects %s", (text) => {
    expect(parseCidr(text).ok).toBe(false);
  });
});

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
