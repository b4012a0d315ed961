import { describe, expect, it } from "vitest";
import {
  cidrContains,
  cidrHas,
  cidrOverlaps,
  formatIp,
  formatNetwork,
  ipKey,
  ipv4Within,
  isInAnyRange,
  isInRange,
  isStrictlyMasked,
  parseCidr,
  parseCidrOrIp,
  parseIp,
  toRange,
} from "@/lib/net/ip";

function inCidr(ip: string, cidr: string): boolean {
  const a = parseIp(ip);
  const c = parseCidrOrIp(cidr);
  if (a === undefined || c === undefined) throw new Error("bad fixture");
  return isInRange(a, toRange(c));
}

describe("parsing addresses (Go net.ParseIP)", () => {
  it.each(["1.2.3.4", "::", "fe80::1", "dead:beef::", "::ffff:1.2.3.4", "2001:db8::1:0:0:1", "1:2:3:4:5:6:1.2.3.4"])("accepts %s", (ip) => {
    expect(parseIp(ip)).toBeDefined();
  });
  it.each(["999.1.1.1", "01.2.3.4", "1.2.3", "xyz:::", "1::2::3", "", " 1.2.3.4", "1:2:3:4:5:6:7:8:9", "1.2.3.4::", "::1.2.3.4:5"])("rejects %j", (ip) => {
    expect(parseIp(ip)).toBeUndefined();
  });
  it("reads IPv4-mapped IPv6 as IPv4, as Go's To4 does", () => {
    expect(parseIp("::ffff:10.0.0.1")).toEqual(parseIp("10.0.0.1"));
    expect(parseIp("::ffff:a00:1")).toEqual({ version: 4, value: 0x0a000001 });
  });
  it("formats IPv4 and compressed lower-case IPv6", () => {
    expect(formatIp(parseIp("2001:0DB8:0:0:0:0:0:1")!)).toBe("2001:db8::1");
    expect(formatIp(parseIp("1:0:0:2:0:0:0:3")!)).toBe("1:0:0:2::3");
    expect(formatIp(parseIp("1:0:2:0:3:0:4:0")!)).toBe("1:0:2:0:3:0:4:0");
    expect(formatIp(parseIp("::")!)).toBe("::");
    expect(formatIp(parseIp("255.0.128.7")!)).toBe("255.0.128.7");
  });
});

describe("parsing CIDRs (Go net.ParseCIDR, Calico ParseCIDROrIP)", () => {
  it("needs a prefix for CIDRs but not for CIDR-or-IP", () => {
    expect(parseCidr("10.0.0.1")).toBeUndefined();
    expect(parseCidrOrIp("10.0.0.1")?.prefix).toBe(32);
    expect(parseCidrOrIp("fd00::1")?.prefix).toBe(128);
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("fd00::/128")?.prefix).toBe(128);
  });
  it("counts a mapped literal's prefix from the IPv4 part", () => {
    expect(parseCidr("::ffff:10.0.0.0/120")?.prefix).toBe(24);
    expect(parseCidr("::ffff:10.0.0.0/64")).toBeUndefined();
  });
  it.each(["10.0.0.256", "10.0.0", "1::2::3", "abc", "10.0.0.0/33", "2001:db8::/129", "1.2.3.4/8/9", "10.0.0.0/-1", "10.0.0.0/"])("rejects %s", (text) => {
    expect(parseCidrOrIp(text)).toBeUndefined();
  });
  it("formats the network with host bits cleared", () => {
    expect(formatNetwork(parseCidr("10.1.2.3/16")!)).toBe("10.1.0.0/16");
    expect(formatNetwork(parseCidr("2001:db8::ff/120")!)).toBe("2001:db8::/120");
  });
});

describe("containment", () => {
  it.each([
    ["10.1.2.3", "10.0.0.0/8", true],
    ["11.0.0.1", "10.0.0.0/8", false],
    ["10.1.2.3", "10.1.2.3", true],
    ["10.1.2.3", "10.1.2.0/31", false],
    ["0.0.0.1", "0.0.0.0/0", true],
    ["255.255.255.255", "0.0.0.0/0", true],
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

  it("checks masking, network containment and overlap", () => {
    expect(isStrictlyMasked(parseCidr("10.0.0.0/8")!)).toBe(true);
    expect(isStrictlyMasked(parseCidr("10.0.0.1/8")!)).toBe(false);
    expect(isStrictlyMasked(parseCidr("fd00::1/64")!)).toBe(false);
    expect(cidrContains(parseCidr("10.0.0.0/8")!, parseCidr("10.1.0.0/16")!)).toBe(true);
    expect(cidrContains(parseCidr("10.1.0.0/16")!, parseCidr("10.0.0.0/8")!)).toBe(false);
    expect(cidrContains(parseCidr("10.0.0.0/16")!, parseCidr("10.1.0.0/24")!)).toBe(false);
    expect(cidrContains(parseCidr("10.0.0.0/8")!, parseCidr("fd00::/16")!)).toBe(false);
    expect(cidrOverlaps(parseCidr("10.1.0.0/16")!, parseCidr("10.0.0.0/8")!)).toBe(true);
    expect(cidrOverlaps(parseCidr("10.1.0.0/16")!, parseCidr("10.2.0.0/16")!)).toBe(false);
    expect(cidrHas(parseCidr("fd00::/8")!, parseIp("fd12::1")!)).toBe(true);
  });

  it("matches any of several ranges, and keys addresses by family and value", () => {
    const ranges = ["10.0.0.0/8", "fd00::/8"].map((c) => toRange(parseCidr(c)!));
    expect(isInAnyRange(parseIp("fd00::9")!, ranges)).toBe(true);
    expect(isInAnyRange(parseIp("11.0.0.1")!, ranges)).toBe(false);
    expect(ipKey(parseIp("::ffff:10.0.0.1")!)).toBe(ipKey(parseIp("10.0.0.1")!));
    expect(ipKey(parseIp("::a00:1")!)).not.toBe(ipKey(parseIp("10.0.0.1")!));
  });

  it("reads the IPv4 address embedded in an IPv6 one", () => {
    const nat64 = parseIp("64:ff9b::a00:1")!;
    const sixToFour = parseIp("2002:c0a8:0101::1")!;
    if (nat64.version !== 6 || sixToFour.version !== 6) throw new Error("bad fixture");
    expect(formatIp(ipv4Within(nat64, 0))).toBe("10.0.0.1");
    expect(formatIp(ipv4Within(sixToFour, 80))).toBe("192.168.1.1");
  });
});
