import { describe, expect, it } from "vitest";
import { parseDnsLogRecord, parseFlowLogLines, parseFlowLogRecord, toDnsWire, toFlowWire } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";

/** A record shaped like the docs' "Flow log example, with no aggregation" (our own values). */
const DOC_LIKE = {
  start_time: 1597166083,
  end_time: 1597166383,
  source_ip: "192.168.47.9",
  source_name: "access-6b687c8dcb-zn5s2",
  source_name_aggr: "access-6b687c8dcb-*",
  source_namespace: "policy-demo",
  source_port: 42106,
  source_type: "wep",
  source_labels: { labels: ["pod-template-hash=6b687c8dcb", "app=access"] },
  dest_ip: "192.168.138.79",
  dest_name: "nginx-86c57db685-h6792",
  dest_name_aggr: "nginx-86c57db685-*",
  dest_namespace: "policy-demo",
  dest_port: 80,
  dest_type: "wep",
  dest_labels: { labels: ["pod-template-hash=86c57db685", "app=nginx"] },
  proto: "tcp",
  action: "allow",
  reporter: "dst",
  policies: {
    enforced_policies: ["0|tier1|ns1/tier1.policy1|pass|3", "1|default|policy-demo/default.access-nginx|allow|2"],
    pending_policies: ["0|tier1|ns1/tier1.policy1|pass|3", "1|tier2|ns2/staged:tier2.policy1|deny|1"],
  },
  bytes_in: 388,
  bytes_out: 1113,
  num_flows: 1,
  num_flows_started: 1,
  num_flows_completed: 1,
  packets_in: 6,
  packets_out: 5,
  host: "node-1",
};

describe("parseFlowLogRecord", () => {
  it("reads Calico's flow-log JSON", () => {
    const r = parseFlowLogRecord(DOC_LIKE, 1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const f = r.value;
    expect(f.source).toMatchObject({ type: "wep", namespace: "policy-demo", name: "access-6b687c8dcb-zn5s2", nameAggr: "access-6b687c8dcb-*", ip: "192.168.47.9", port: 42106 });
    expect(f.source.labels).toEqual({ "pod-template-hash": "6b687c8dcb", app: "access" });
    expect(f.dest.port).toBe(80);
    expect(f.destService).toEqual({ namespace: "-", name: "-", portName: "-", portNum: null });
    expect(f.policies?.pending[1]).toBe("1|tier2|ns2/staged:tier2.policy1|deny|1");
    expect(f.host).toBe("node-1");
    expect(f.reporter).toBe("dst");
  });

  it("accepts a JSON text line, RFC 3339 times, `protocol` and numeric protocols", () => {
    const line = JSON.stringify({ ...DOC_LIKE, proto: undefined, protocol: 17, start_time: "2024-01-01T00:00:00Z", end_time: "2024-01-01T00:00:15Z" });
    const r = parseFlowLogRecord(line, 7);
    expect(r.ok && r.value.proto).toBe("udp");
    expect(r.ok && r.value.endTime - r.value.startTime).toBe(15);
  });

  it("derives enforced policies from the deprecated all_policies by dropping staged hits", () => {
    const r = parseFlowLogRecord({ ...DOC_LIKE, policies: { all_policies: ["0|t|t.a|pass|0", "1|t|staged:t.b|deny|1", "2|default|default.c|allow|0"] } }, 1);
    expect(r.ok && r.value.policies?.enforced).toEqual(["0|t|t.a|pass|0", "1|default|default.c|allow|0"]);
  });

  it.each([
    [{ ...DOC_LIKE, action: "maybe" }, "action"],
    [{ ...DOC_LIKE, reporter: "fwd" }, "reporter"],
    [{ ...DOC_LIKE, source_port: 70000 }, "source_port"],
    [{ ...DOC_LIKE, dest_ip: "10.0.0.300" }, "dest_ip"],
    [{ ...DOC_LIKE, source_type: "pod" }, "source_type"],
    [{ ...DOC_LIKE, end_time: 1 }, "end_time"],
    [{ ...DOC_LIKE, bytes_in: -4 }, "bytes_in"],
    [{ ...DOC_LIKE, proto: "carrier-pigeon" }, "proto"],
    [{ ...DOC_LIKE, policies: { enforced_policies: ["0|default|default.x|allow|0", "x|default|default.y|allow|0"] } }, "policies.enforced_policies[1]"],
    [{ ...DOC_LIKE, source_name: undefined }, "source_name"],
  ])("rejects a bad field with its name (%#)", (raw, field) => {
    const r = parseFlowLogRecord(raw, 42);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(42);
    expect(r.error.field).toBe(field);
    expect(r.error.message.length).toBeGreaterThan(0);
  });

  it("names a bad policy entry every time it is seen, whatever was seen before (entries are checked once, then remembered)", () => {
    const bad = "0|default|default.x|allow|zero";
    for (let round = 0; round < 3; round++) {
      const r = parseFlowLogRecord({ ...DOC_LIKE, policies: { enforced_policies: ["0|default|default.y|allow|0"], pending_policies: ["0|default|default.y|allow|0", bad] } }, round + 1);
      expect(r.ok ? "accepted" : [r.error.line, r.error.field, r.error.message]).toEqual([round + 1, "policies.pending_policies[1]", 'rule index "zero" is not an integer ≥ -2']);
    }
    // More distinct entries than are remembered: each still checked.
    for (let i = 0; i < 5000; i++) {
      const r = parseFlowLogRecord({ ...DOC_LIKE, policies: { enforced_policies: [`0|default|default.p-${i}|allow|${i % 3 === 0 ? "x" : "0"}`] } }, 1);
      expect(r.ok).toBe(i % 3 !== 0);
    }
  });

  it("names a NUL or an overlong string deep in a record by its path", () => {
    const nul = parseFlowLogRecord({ ...DOC_LIKE, source_labels: { labels: ["a=b", "c=d\u0000"] } }, 1);
    expect(nul.ok ? "accepted" : nul.error.field).toBe("source_labels.labels[1]");
    const long = parseFlowLogRecord({ ...DOC_LIKE, dest_domains: ["example.com", "x".repeat(8193)] }, 1);
    expect(long.ok ? "accepted" : long.error.field).toBe("dest_domains[1]");
    const key = parseFlowLogRecord({ ...DOC_LIKE, extra: { ["k\u0000"]: 1 } }, 1);
    expect(key.ok ? "accepted" : [key.error.field, key.error.message]).toEqual(["extra.k\\0", "is not a valid field name"]);
  });

  it("reads labels in every accepted form, a plain map included", () => {
    const labelsOf = (v: unknown) => {
      const r = parseFlowLogRecord({ ...DOC_LIKE, source_labels: v }, 1);
      return r.ok ? r.value.source.labels : `error ${r.error.field}`;
    };
    expect(labelsOf({ labels: ["app=web", "tier=front"] })).toEqual({ app: "web", tier: "front" });
    expect(labelsOf({ app: "web", tier: "front" })).toEqual({ app: "web", tier: "front" });
    expect(labelsOf({})).toEqual({});
    expect(labelsOf({ labels: "x" })).toEqual({ labels: "x" });
    expect(labelsOf(["app=web"])).toEqual({ app: "web" });
    expect(labelsOf({ labels: null })).toEqual({});
    expect(labelsOf("-")).toBeNull();
    expect(labelsOf(null)).toBeNull();
    // Neither a map of strings nor felix's object: refused by name, not stored as no labels.
    expect(labelsOf({ app: "web", replicas: 3 })).toBe("error source_labels");
  });

  it("finds the same fields in JSON text lines, short and long (the text is checked before the decoded value is walked)", () => {
    const line = (doc: object) => JSON.stringify(doc);
    const nul = parseFlowLogRecord(line({ ...DOC_LIKE, source_labels: { labels: ["a=b", "c=d\u0000"] } }), 1);
    expect(nul.ok ? "accepted" : nul.error.field).toBe("source_labels.labels[1]");
    const key = parseFlowLogRecord(line({ ...DOC_LIKE, extra: { ["k\u0000"]: 1 } }), 1);
    expect(key.ok ? "accepted" : key.error.field).toBe("extra.k\\0");
    // Longer than a string may be, with the overlong string: named; without: accepted.
    const long = parseFlowLogRecord(line({ ...DOC_LIKE, dest_domains: ["example.com", "x".repeat(8193)] }), 1);
    expect(long.ok ? "accepted" : long.error.field).toBe("dest_domains[1]");
    const longText = parseFlowLogRecord(line({ ...DOC_LIKE, dest_domains: Array.from({ length: 800 }, (_, i) => `d${i}.example.com`) }), 1);
    expect(longText.ok).toBe(true);
    // An escaped backslash before "u0000" is not a NUL: the text looks suspect, the walk passes it.
    const backslash = parseFlowLogRecord(line({ ...DOC_LIKE, source_labels: { labels: ["a=\\u0000"] } }), 1);
    expect(backslash.ok && backslash.value.source.labels).toEqual({ a: "\\u0000" });
  });

  it("round-trips through toFlowWire", () => {
    const f = aFlow({ destDomains: ["api.twilio.com"], tcp: { meanSendCongestionWindow: 10, minSendCongestionWindow: 5, meanSmoothRtt: 300, maxSmoothRtt: 900, meanMinRtt: 100, maxMinRtt: 200, meanMss: 1448, minMss: 1400, totalRetransmissions: 1, lostPackets: 0, unrecoveredTo: 0 } });
    const r = parseFlowLogRecord(JSON.parse(JSON.stringify(toFlowWire(f))), 1);
    expect(r.ok && r.value).toEqual(f);
  });
});

describe("parseFlowLogLines", () => {
  it("keeps good lines and reports bad ones by line number", () => {
    const good = JSON.stringify(DOC_LIKE);
    const text = [good, "", "{not json", JSON.stringify({ ...DOC_LIKE, action: "nope" }), good].join("\n");
    const { records, errors } = parseFlowLogLines(text);
    expect(records).toHaveLength(2);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, ""],
      [4, "action"],
    ]);
  });
});

describe("parseDnsLogRecord", () => {
  const dns = {
    start_time: 1700000000,
    end_time: 1700000015,
    type: "LOG",
    count: 3,
    client_ip: "10.244.1.8",
    client_name: "centos",
    client_name_aggr: "centos",
    client_namespace: "dev",
    client_labels: { app: "centos" },
    qname: "api.twilio.com",
    qtype: "A",
    qclass: "IN",
    rcode: "NoError",
    rrsets: [{ name: "api.twilio.com", type: "A", class: "IN", rdata: ["203.0.113.20"] }],
    servers: [{ ip: "10.244.0.2", name: "coredns-5d78c9869d-7xk2p", name_aggr: "coredns-5d78c9869d-*", namespace: "kube-system", labels: { labels: ["k8s-app=kube-dns"] } }],
  };

  it("reads a DNS log and writes it back", () => {
    const r = parseDnsLogRecord(dns, 1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.servers[0]?.labels).toEqual({ "k8s-app": "kube-dns" });
    expect(r.value.clientLabels).toEqual({ app: "centos" });
    const again = parseDnsLogRecord(toDnsWire(r.value), 1);
    expect(again.ok && again.value).toEqual(r.value);
  });

  it("names the bad field", () => {
    const r = parseDnsLogRecord({ ...dns, count: -1 }, 9);
    expect(!r.ok && [r.error.line, r.error.field]).toEqual([9, "count"]);
  });
});
