import { describe, expect, it } from "vitest";
import type { GlobalAlertSpec } from "@/lib/calico/types";
import type { AlertRecord } from "@/lib/alerts";
import { alertTiming, compileAlert, computeMetric, evaluateAlert, fillSummaryTemplate, isAlertDue, meetsCondition, toDnsAlertRecord, toFlowAlertRecord } from "@/lib/alerts";
import { aFlow, aNet, aWep } from "@/lib/testing/flow-builders";

/** Seed 000's blocked-ips alert. */
const BLOCKED_IPS: GlobalAlertSpec = {
  description: "A connection attempt from a blocked ip address just happened.",
  summary: "[blocked-ip] ${source_ip} from ${source_name_aggr} networkset attempted to access ${dest_namespace}/${dest_name_aggr}",
  severity: 100,
  dataSet: "flows",
  period: "1m",
  lookback: "1m",
  query: '(source_name = "ip-address-list")',
  aggregateBy: ["dest_namespace", "dest_name_aggr", "source_name_aggr", "source_ip"],
  field: "num_flows",
  metric: "sum",
  condition: "gt",
  threshold: 0,
};

const fromSet = { ...aNet("198.51.100.23"), type: "ns" as const, name: "ip-address-list", nameAggr: "ip-address-list" };
const frontend = aWep("default", "frontend-6b8c4f9d7-fghij", { port: 8080, nameAggr: "frontend-6b8c4f9d7-*" });
const flows = [
  aFlow({ source: fromSet, dest: frontend, reporter: "dst", action: "deny", numFlows: 3 }),
  aFlow({ source: fromSet, dest: frontend, reporter: "dst", action: "deny", numFlows: 2, startTime: 1_700_000_015, endTime: 1_700_000_030 }),
  aFlow({ source: aNet("192.0.2.10"), dest: frontend, reporter: "dst", numFlows: 6 }),
].map(toFlowAlertRecord);

function compiled(spec: GlobalAlertSpec) {
  const c = compileAlert(spec, "flows");
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
}

describe("evaluateAlert", () => {
  it("fires seed 000's blocked-ips alert once per aggregation with the summary filled in", () => {
    const result = evaluateAlert(compiled(BLOCKED_IPS), flows);
    expect(result.matched).toBe(2);
    expect(result.events).toEqual([
      {
        summary: "[blocked-ip] 198.51.100.23 from ip-address-list networkset attempted to access default/frontend-6b8c4f9d7-*",
        record: { dest_namespace: "default", dest_name_aggr: "frontend-6b8c4f9d7-*", source_name_aggr: "ip-address-list", source_ip: "198.51.100.23", sum: 5 },
        value: 5,
      },
    ]);
  });

  it("does not fire when the condition fails", () => {
    expect(evaluateAlert(compiled({ ...BLOCKED_IPS, threshold: 5 }), flows).events).toEqual([]);
    expect(evaluateAlert(compiled({ ...BLOCKED_IPS, condition: "gte", threshold: 5 }), flows).events).toHaveLength(1);
  });

  it("aggregates everything into one group without aggregateBy", () => {
    const r = evaluateAlert(compiled({ ...BLOCKED_IPS, query: "", aggregateBy: [], metric: "count", field: undefined, summary: "${count} flows" }), flows);
    expect(r.events).toEqual([{ summary: "3 flows", record: { count: 3 }, value: 3 }]);
  });

  it("counts zero matching records as a group without aggregateBy (count eq 0 fires)", () => {
    const spec: GlobalAlertSpec = { ...BLOCKED_IPS, query: "action = nothing", aggregateBy: [], metric: "count", field: undefined, condition: "eq", threshold: 0 };
    expect(evaluateAlert(compiled(spec), flows).events).toHaveLength(1);
    expect(evaluateAlert(compiled({ ...spec, metric: "avg", field: "num_flows" }), flows).events).toEqual([]);
  });

  it("leaves records lacking an aggregateBy field out of every group", () => {
    const noIp = toFlowAlertRecord(aFlow({ source: { ...fromSet, ip: null }, action: "deny" }));
    expect(evaluateAlert(compiled(BLOCKED_IPS), [noIp]).events).toEqual([]);
  });

  it("is unconditional without a metric: one event per group, or per record without aggregateBy", () => {
    const perGroup = evaluateAlert(compiled({ ...BLOCKED_IPS, metric: undefined, field: undefined, condition: undefined, threshold: undefined }), flows);
    expect(perGroup.events.map((e) => e.record)).toEqual([{ dest_namespace: "default", dest_name_aggr: "frontend-6b8c4f9d7-*", source_name_aggr: "ip-address-list", source_ip: "198.51.100.23" }]);
    const perRecord = evaluateAlert(compiled({ ...BLOCKED_IPS, aggregateBy: [], metric: undefined, field: undefined, summary: "${source_ip} ${num_flows}" }), flows);
    expect(perRecord.events.map((e) => e.summary)).toEqual(["198.51.100.23 3", "198.51.100.23 2"]);
  });

  it("splits multi-valued aggregateBy fields into one group per value", () => {
    const r = evaluateAlert(compiled({ ...BLOCKED_IPS, query: "", aggregateBy: ["dest_labels"], metric: "count", field: undefined }), flows);
    expect(r.events.map((e) => e.record)).toEqual([{ dest_labels: "app=frontend", count: 3 }]);
  });

  it("reports unknown fields with the spec path", () => {
    expect(compileAlert({ ...BLOCKED_IPS, query: "nope = 1" }, "flows")).toMatchObject({ ok: false, error: { path: "spec.query", offset: 0 } });
    expect(compileAlert({ ...BLOCKED_IPS, aggregateBy: ["dest_namespace", "qname"] }, "flows")).toMatchObject({ ok: false, error: { path: "spec.aggregateBy[1]" } });
    expect(compileAlert({ ...BLOCKED_IPS, field: "latency" }, "flows")).toMatchObject({ ok: false, error: { path: "spec.field" } });
    expect(compileAlert({ ...BLOCKED_IPS, query: "qname = x", aggregateBy: [], field: "count" }, "dns").ok).toBe(true);
  });
});

describe("metrics and conditions", () => {
  const rows: AlertRecord[] = [{ v: 4 }, { v: "6" }, { v: null }, { w: 1 }];
  it.each([
    ["count", undefined, 4],
    ["sum", "v", 10],
    ["avg", "v", 5],
    ["min", "v", 4],
    ["max", "v", 6],
    ["sum", "missing", 0],
    ["avg", "missing", undefined],
    ["min", "missing", undefined],
    ["max", "missing", undefined],
  ] as const)("%s of %s = %s", (metric, field, expected) => {
    expect(computeMetric(metric, rows, field)).toBe(expected);
  });

  it.each([
    ["eq", 1, 1, true],
    ["eq", 1, 2, false],
    ["not_eq", 1, 2, true],
    ["not_eq", 2, 2, false],
    ["lt", 1, 2, true],
    ["lt", 2, 2, false],
    ["lte", 2, 2, true],
    ["lte", 3, 2, false],
    ["gt", 3, 2, true],
    ["gt", 2, 2, false],
    ["gte", 2, 2, true],
    ["gte", 1, 2, false],
  ] as const)("%s: %d vs %d → %s", (condition, value, threshold, expected) => {
    expect(meetsCondition(value, condition, threshold)).toBe(expected);
  });
});

describe("summary template", () => {
  it("substitutes known variables, keeps unknown ones, prints null as - and joins lists", () => {
    expect(fillSummaryTemplate("${a}/${b} ${c} ${d} ${e} ${missing}", { a: "x", b: 3, c: null, d: ["p", "q"], e: 2.5 })).toBe("x/3 - p, q 2.5 ${missing}");
    expect(fillSummaryTemplate("no vars", {})).toBe("no vars");
    expect(fillSummaryTemplate("${avg}", { avg: 1 / 3 })).toBe("0.333");
  });
});

describe("schedule", () => {
  it("defaults period 5m / lookback 10m, keeps period ≥ 1m, and says when an alert is due", () => {
    expect(alertTiming({})).toEqual({ periodSeconds: 300, lookbackSeconds: 600 });
    expect(alertTiming({ period: "1m", lookback: "90s" })).toEqual({ periodSeconds: 60, lookbackSeconds: 90 });
    expect(alertTiming({ period: "10s", lookback: "bogus" })).toEqual({ periodSeconds: 60, lookbackSeconds: 600 });
    const t = alertTiming({ period: "1m" });
    expect(isAlertDue(undefined, t, 0)).toBe(true);
    expect(isAlertDue(0, t, 59_999)).toBe(false);
    expect(isAlertDue(0, t, 60_000)).toBe(true);
  });
});

describe("dns data set", () => {
  it("evaluates the docs' NXDomain alert over DNS-log records", () => {
    const dnsLog = (qname: string, rcode: string, count: number) =>
      toDnsAlertRecord({
        startTime: 1, endTime: 16, type: "LOG", count, clientIp: "10.244.1.5", clientName: "centos", clientNameAggr: "centos", clientNamespace: "dev", clientLabels: { app: "centos" },
        qname, qtype: "A", qclass: "IN", rcode, rrsets: [], servers: [{ ip: "10.96.0.10", name: "coredns-abc", nameAggr: "coredns-*", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }],
      });
    const c = compileAlert({ description: "NX", summary: "Observed ${sum} NXDomain responses for ${qname}", severity: 100, dataSet: "dns", query: "rcode = NXDomain AND (qtype = A or qtype = AAAA) AND servers.labels = \"k8s-app=kube-dns\"", aggregateBy: ["qname"], field: "count", metric: "sum", condition: "gte", threshold: 100 }, "dns");
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const r = evaluateAlert(c.value, [dnsLog("nope.example", "NXDomain", 60), dnsLog("nope.example", "NXDomain", 50), dnsLog("rare.example", "NXDomain", 3), dnsLog("www.google.com", "NoError", 500)]);
    expect(r.events.map((e) => e.summary)).toEqual(["Observed 110 NXDomain responses for nope.example"]);
  });
});
