import { describe, expect, it } from "vitest";
import { compilePorts, matchesPort, parsePort, parseProtocol } from "@/lib/net/ports";
import { carriesPorts, isIcmpProtocol, protocolFromFlow, protocolNameOf, protocolNumber, protocolSupportsPorts } from "@/lib/net/protocols";

describe("protocol table", () => {
  it("protocol names are case-insensitive for matching; numbers pass through", () => {
    expect([protocolNumber("TCP"), protocolNumber("udp"), protocolNumber("ICMPv6"), protocolNumber(132), protocolNumber("UDPLite"), protocolNumber("47")]).toEqual([6, 17, 58, 132, 136, 47]);
    expect(protocolNumber("bogus")).toBeUndefined();
    expect(protocolNumber(256)).toBeUndefined();
    expect(protocolNameOf(58)).toBe("ICMPv6");
    expect(protocolNameOf(47)).toBeUndefined();
  });

  it("maps flow-log spellings and numbers to Calico rule protocols", () => {
    expect(["tcp", "UDP", "icmp6", "sctp", "udplite", "esp", "ipip", "6", "17", "47", "0", "256", "gre", "bogus"].map(protocolFromFlow)).toEqual([
      "TCP",
      "UDP",
      "ICMPv6",
      "SCTP",
      "UDPLite",
      50,
      4,
      "TCP",
      "UDP",
      47,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("separates protocols whose packets carry ports from those Calico lets a rule give ports", () => {
    expect((["TCP", "UDP", "SCTP", "UDPLite", "ICMP", 6, 136, 47] as const).map(carriesPorts)).toEqual([true, true, true, true, false, true, true, false]);
    // numorstring Protocol.SupportsPorts: TCP, UDP, SCTP only.
    expect((["TCP", "UDP", "SCTP", "UDPLite", "ICMP", 132, 136, undefined] as const).map(protocolSupportsPorts)).toEqual([true, true, true, false, false, true, false, false]);
    expect((["ICMP", "ICMPv6", 1, 58, "TCP", undefined] as const).map(isIcmpProtocol)).toEqual([true, true, true, true, false, false]);
  });

  it("the validator's protocol parse is case-sensitive and normalises digit strings", () => {
    expect(parseProtocol("TCP").protocol).toBe("TCP");
    expect(parseProtocol("tcp").error).toContain("case-sensitive");
    expect(parseProtocol("17").protocol).toBe(17);
    expect(parseProtocol(0).error).toBeDefined();
  });
});

describe("ports", () => {
  it("parses numbers, ranges and names with the validator's rules", () => {
    expect(parsePort(80).port).toEqual({ kind: "range", min: 80, max: 80 });
    expect(parsePort("8000:8010").port).toEqual({ kind: "range", min: 8000, max: 8010 });
    expect(parsePort("http").port).toEqual({ kind: "named", name: "http" });
    expect(parsePort("9:1").error).toContain("greater than");
    expect(parsePort(0).error).toBeDefined();
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
