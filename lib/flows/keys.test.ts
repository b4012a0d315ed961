import { describe, expect, it } from "vitest";
import { flowKeyOf, idempotencyKeyOf, sha256Hex } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";

describe("sha256Hex", () => {
  it("matches the FIPS 180-4 test vectors", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });
});

describe("idempotencyKeyOf", () => {
  const f = aFlow();
  it("is stable for a record and its retried copy, whatever the counters", () => {
    expect(idempotencyKeyOf(f)).toBe(idempotencyKeyOf(structuredClone(f)));
    expect(idempotencyKeyOf(f)).toBe(idempotencyKeyOf({ ...f, bytesIn: 1, numFlows: 9 }));
    expect(idempotencyKeyOf(f)).toMatch(/^[0-9a-f]{32}$/);
  });
  it("ignores the order of policy entries (Calico writes them unordered)", () => {
    const a = aFlow({ policies: { enforced: ["0|t|t.a|pass|0", "1|default|default.b|allow|0"], pending: [] } });
    const b = aFlow({ policies: { enforced: ["1|default|default.b|allow|0", "0|t|t.a|pass|0"], pending: [] } });
    expect(idempotencyKeyOf(a)).toBe(idempotencyKeyOf(b));
  });
  it.each([
    ["interval", { startTime: f.startTime + 15, endTime: f.endTime + 15 }],
    ["reporter", { reporter: "dst" as const }],
    ["action", { action: "deny" as const }],
    ["source port", { source: { ...f.source, port: 40001 } }],
    ["host", { host: "node-2" }],
  ])("differs when the %s differs", (_name, change) => {
    expect(idempotencyKeyOf({ ...f, ...change })).not.toBe(idempotencyKeyOf(f));
  });
});

describe("flowKeyOf", () => {
  it("groups by aggregated names and ignores time, IPs and source ports", () => {
    const f = aFlow();
    expect(flowKeyOf({ ...f, startTime: 1, source: { ...f.source, ip: "10.0.0.1", port: 1 } })).toBe(flowKeyOf(f));
    expect(flowKeyOf({ ...f, dest: { ...f.dest, port: 9090 } })).not.toBe(flowKeyOf(f));
  });
});
