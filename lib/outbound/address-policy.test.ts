import { describe, expect, it } from "vitest";
import { parseIp } from "@/lib/net/ip";
import type { AllowList } from "@/lib/outbound/address-policy";
import { checkAddress, checkClusterAddress, checkHostName, classifyAddress, EMPTY_ALLOW_LIST, parseAllowList } from "@/lib/outbound/address-policy";

function allow(text: string): AllowList {
  const r = parseAllowList(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe("classifyAddress", () => {
  const table: readonly (readonly [string, string])[] = [
    ["8.8.8.8", "public"],
    ["2001:4860:4860::8888", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["169.254.169.254", "link-local"],
    ["::ffff:169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["2002:a9fe:a9fe::1", "link-local"],
    ["64:ff9b::808:808", "public"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["fd00::1", "private"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["0.1.2.3", "private"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
  ];
  it.each(table)("%s is %s", (text, cls) => {
    const ip = parseIp(text);
    expect(ip).toBeDefined();
    if (ip !== undefined) expect(classifyAddress(ip)).toBe(cls);
  });
});

describe("parseAllowList", () => {
  it("reads hosts, addresses and CIDRs, skipping blanks", () => {
    const a = allow(" 127.0.0.1, feeds.internal. ,,10.0.0.0/8,[::1]");
    expect([...a.hosts]).toEqual(["feeds.internal"]);
    expect(a.nets).toHaveLength(3);
  });
  it("treats unset as empty", () => {
    const r = parseAllowList(undefined);
    expect(r.ok && r.value.nets.length === 0 && r.value.hosts.size === 0).toBe(true);
  });
  it("names a bad item", () => {
    const r = parseAllowList("127.0.0.1,http://x/");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('"http://x/"');
  });
});

describe("checkAddress", () => {
  const cases: readonly { readonly host: string; readonly address: string; readonly allow: string; readonly allowed: boolean; readonly reason?: string }[] = [
    { host: "feeds.example", address: "93.184.216.34", allow: "", allowed: true },
    { host: "localhost", address: "127.0.0.1", allow: "", allowed: false, reason: "not-allowed" },
    { host: "localhost", address: "127.0.0.1", allow: "127.0.0.1", allowed: true },
    { host: "localhost", address: "127.0.0.1", allow: "localhost", allowed: true },
    { host: "localhost", address: "127.0.0.2", allow: "127.0.0.1", allowed: false, reason: "not-allowed" },
    { host: "intranet", address: "10.3.4.5", allow: "10.0.0.0/8", allowed: true },
    { host: "intranet", address: "10.3.4.5", allow: "192.168.0.0/16", allowed: false, reason: "not-allowed" },
    // Link-local is refused even when the allow list names it.
    { host: "169.254.169.254", address: "169.254.169.254", allow: "169.254.0.0/16", allowed: false, reason: "link-local" },
    { host: "evil.example", address: "fe80::1", allow: "evil.example", allowed: false, reason: "link-local" },
    { host: "metadata.google.internal", address: "8.8.8.8", allow: "metadata.google.internal", allowed: false, reason: "blocked-host" },
    { host: "METADATA.GOOGLE.INTERNAL.", address: "8.8.8.8", allow: "", allowed: false, reason: "blocked-host" },
    { host: "zero", address: "0.0.0.0", allow: "0.0.0.0/0", allowed: false, reason: "not-allowed" },
    { host: "mapped", address: "::ffff:10.0.0.1", allow: "", allowed: false, reason: "not-allowed" },
    { host: "notip", address: "example.com", allow: "", allowed: false, reason: "not-allowed" },
  ];
  it.each(cases)("$host → $address with allow [$allow]: allowed=$allowed", (c) => {
    const refusal = checkAddress(c.host, c.address, c.allow === "" ? EMPTY_ALLOW_LIST : allow(c.allow));
    expect(refusal === undefined).toBe(c.allowed);
    if (c.reason !== undefined) expect(refusal?.reason).toBe(c.reason);
  });
  it("never names anything but the address it refused", () => {
    const r = checkAddress("localhost", "127.0.0.1", EMPTY_ALLOW_LIST);
    expect(r?.message).toBe("127.0.0.1 is a loopback address; name it in PALISADE_OUTBOUND_ALLOW to fetch from it");
  });
  it("checkHostName lets ordinary names through", () => {
    expect(checkHostName("feodotracker.abuse.ch")).toBeUndefined();
  });
});

describe("checkClusterAddress", () => {
  // Cluster API servers and Goldmane live on loopback (kind, minikube) and private networks:
  // those stay reachable with no allow list; metadata addresses never are.
  it.each(["127.0.0.1", "::1", "10.0.0.1", "192.168.49.2", "172.18.0.2", "fd00::2", "8.8.8.8"])("lets a cluster connect to %s", (address) => {
    expect(checkClusterAddress("api.example", address)).toBeUndefined();
  });

  it.each(["169.254.169.254", "169.254.0.1", "fe80::1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "0.0.0.0", "224.0.0.1", "255.255.255.255"])("refuses %s", (address) => {
    expect(checkClusterAddress("api.example", address)).toMatchObject({ reason: expect.stringMatching(/link-local|not-allowed/) });
  });

  it("refuses the metadata host names whatever they resolve to", () => {
    expect(checkClusterAddress("metadata.google.internal.", "10.0.0.1")).toMatchObject({ reason: "blocked-host" });
    expect(checkClusterAddress("METADATA.GOOGLE.INTERNAL", "8.8.8.8")).toMatchObject({ reason: "blocked-host" });
  });

  it("refuses what is not an address", () => {
    expect(checkClusterAddress("api.example", "api.example")).toMatchObject({ reason: "not-allowed" });
  });
});
