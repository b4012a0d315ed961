import { describe, expect, it } from "vitest";
import { cidrContains, formatIp, parseCidr, parseCidrOrIp, parseIp, isStrictlyMasked } from "@/lib/calico/net";
import { parseGoDuration } from "@/lib/calico/k8s-names";
import { checkDomain } from "@/lib/calico/domains";

describe("IP parsing", () => {
  it.each(["1.2.3.4", "::", "fe80::1", "dead:beef::", "::ffff:1.2.3.4", "2001:db8::1:0:0:1"])("accepts %s", (ip) => {
    expect(parseIp(ip)).toBeDefined();
  });
  it.each(["999.1.1.1", "01.2.3.4", "1.2.3", "xyz:::", "1::2::3", ""])("rejects %s", (ip) => {
    expect(parseIp(ip)).toBeUndefined();
  });
  it("formats IPv6 compressed", () => {
    expect(formatIp(parseIp("2001:0db8:0:0:0:0:0:1")!)).toBe("2001:db8::1");
  });
  it("needs a prefix for CIDRs but not for CIDR-or-IP", () => {
    expect(parseCidr("10.0.0.1")).toBeUndefined();
    expect(parseCidrOrIp("10.0.0.1")?.prefix).toBe(32);
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("fd00::/128")?.prefix).toBe(128);
  });
  it("checks masking and containment", () => {
    expect(isStrictlyMasked(parseCidr("10.0.0.0/8")!)).toBe(true);
    expect(isStrictlyMasked(parseCidr("10.0.0.1/8")!)).toBe(false);
    expect(cidrContains(parseCidr("10.0.0.0/8")!, parseCidr("10.1.0.0/16")!)).toBe(true);
    expect(cidrContains(parseCidr("10.0.0.0/16")!, parseCidr("10.1.0.0/24")!)).toBe(false);
    expect(cidrContains(parseCidr("10.0.0.0/8")!, parseCidr("fd00::/16")!)).toBe(false);
  });
});

describe("durations and domains", () => {
  it.each([["15s", 15], ["1m", 60], ["1h30m", 5400], ["0", 0], ["1.5h", 5400]])("%s = %d s", (text, seconds) => {
    expect(parseGoDuration(text)).toBe(seconds);
  });
  it.each(["15", "1 m", "m", "1d"])("rejects duration %s", (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
  it.each(["github.com", "*.twilio.com", "www.*.com", "update.*.mycompany.com"])("accepts domain %s", (d) => {
    expect(checkDomain(d)).toBeUndefined();
  });
  it.each(["", "*", "a*.com", "*.*.com", "-a.com"])("rejects domain %s", (d) => {
    expect(checkDomain(d)).toBeDefined();
  });
});
