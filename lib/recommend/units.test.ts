import { describe, expect, it } from "vitest";
import type { GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import type { FlowLog } from "@/lib/flows";
import { aFlow, aNet, aWep } from "@/lib/testing/flow-builders";
import {
  classifyPeer,
  commonLabels,
  hasRuleChanges,
  hasRules,
  isStableLabelKey,
  labelsSelector,
  nextRecommendationState,
  recommendForWorkload,
  RecommendIndex,
  rulesSignature,
  workloadSelector,
  toObservedConnections,
  PUBLIC_STAND_IN_IP,
  PRIVATE_STAND_IN_IP,
} from "@/lib/recommend";
import type { PeerContext, RecommendCluster } from "@/lib/recommend";

describe("labels", () => {
  it("drops per-pod and per-rollout labels and prefers app / k8s-app / app.kubernetes.io/name", () => {
    for (const k of ["pod-template-hash", "controller-revision-hash", "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "projectcalico.org/namespace"]) expect(isStableLabelKey(k)).toBe(false);
    expect(isStableLabelKey("tier")).toBe(true);
    expect(workloadSelector({ "pod-template-hash": "x", app: "web", tier: "f" })).toBe('app == "web"');
    expect(workloadSelector({ "k8s-app": "kube-dns" })).toBe('k8s-app == "kube-dns"');
    expect(workloadSelector({ "app.kubernetes.io/name": "db" })).toBe('app.kubernetes.io/name == "db"');
    expect(workloadSelector({ tier: "f", role: "r", "pod-template-hash": "h" })).toBe('role == "r" && tier == "f"');
    expect(workloadSelector({ "pod-template-hash": "h" })).toBe("all()");
    expect(workloadSelector({ role: 'a"b' })).toBe('role == "a\\"b"');
  });
  it("intersects label maps and selects network sets by all their labels", () => {
    expect(commonLabels([{ a: "1", b: "2" }, { a: "1", b: "3" }])).toEqual({ a: "1" });
    expect(commonLabels([])).toEqual({});
    expect(labelsSelector({ z: "1", a: "2" })).toBe('a == "2" && z == "1"');
    expect(labelsSelector({})).toBeUndefined();
    expect(labelsSelector(undefined)).toBeUndefined();
  });
});

const gns: GlobalNetworkSet = { kind: "GlobalNetworkSet", metadata: { name: "partners", labels: { kind: "partners" } }, spec: { nets: ["198.18.0.0/16", "198.18.5.0/24"] } };
const wide: GlobalNetworkSet = { kind: "GlobalNetworkSet", metadata: { name: "wide", labels: { kind: "wide" } }, spec: { nets: ["198.0.0.0/8"] } };
const nsSet: NetworkSet = { kind: "NetworkSet", metadata: { name: "vendors", namespace: "other" }, spec: { nets: ["2001:db8::/64"] } };
const cluster: RecommendCluster = {
  namespaces: [{ name: "default", labels: {} }, { name: "other", labels: {} }],
  endpoints: [
    { kind: "workload", namespace: "default", name: "client-7d9f8c6b5d-abcde", labels: { app: "client", "pod-template-hash": "7d9f8c6b5d" }, ips: ["10.244.1.5"] },
    { kind: "workload", namespace: "default", name: "server-6b8c4f9d7-fghij", labels: { app: "server", "pod-template-hash": "6b8c4f9d7" }, ips: ["10.244.2.9"] },
  ],
  services: [{ namespace: "default", name: "server", selector: { app: "server" }, ports: [{ port: 80, targetPort: 8080 }] }],
  networkSets: [gns, wide, nsSet],
};
const ctx = (granularity: PeerContext["granularity"] = "workload"): PeerContext => ({ index: new RecommendIndex(cluster), policyNamespace: "default", granularity, clusterDomain: "cluster.local" });

describe("classifyPeer: order of preference", () => {
  it("a Service only when it backs the pod on the flow's port and protocol", () => {
    const svc = { namespace: "default", name: "server", portName: "-", portNum: 80 };
    expect(classifyPeer(aFlow({ destService: svc }), "egress", ctx())?.scope).toBe("Service");
    expect(classifyPeer(aFlow({ destService: svc, proto: "udp" }), "egress", ctx())?.scope).toBe("Workload");
    expect(classifyPeer(aFlow({ destService: svc, dest: aWep("default", "server-6b8c4f9d7-fghij", { port: 9999 }) }), "egress", ctx())?.scope).toBe("Workload");
    expect(classifyPeer(aFlow({ destService: { ...svc, name: "missing" } }), "egress", ctx())?.entity).toEqual({ selector: 'app == "server"' });
  });
  it("workloads elsewhere get a namespace selector; namespace granularity writes namespaces", () => {
    const f = aFlow({ dest: aWep("other", "db-6b8c4f9d7-fghij", { port: 5432, labels: { app: "db" } }) });
    expect(classifyPeer(f, "egress", ctx())?.entity).toEqual({ selector: 'app == "db"', namespaceSelector: "projectcalico.org/name == 'other'" });
    expect(classifyPeer(f, "egress", ctx("namespace"))?.entity).toEqual({ namespaceSelector: "projectcalico.org/name == 'other'" });
    expect(classifyPeer(aFlow({ reporter: "dst", source: aWep("other", "db-6b8c4f9d7-fghij", { labels: { app: "db" } }) }), "ingress", ctx())?.scope).toBe("Namespace");
  });
  it("network sets: by name (flow type ns) or by longest prefix of the address; global() for global sets", () => {
    const byName = classifyPeer(aFlow({ dest: { ...aNet("198.18.5.1"), type: "ns", nameAggr: "partners" } }), "egress", ctx());
    expect(byName?.entity).toEqual({ selector: 'kind == "partners"', namespaceSelector: "global()" });
    expect(classifyPeer(aFlow({ dest: aNet("198.18.5.1") }), "egress", ctx())?.peer).toBe("partners");
    expect(classifyPeer(aFlow({ dest: aNet("198.99.0.1") }), "egress", ctx())?.peer).toBe("wide");
    const v6 = classifyPeer(aFlow({ dest: aNet("2001:db8::7") }), "egress", ctx());
    expect(v6?.entity).toEqual({ nets: ["2001:db8::/64"] });
    expect(v6?.peer).toBe("other/vendors");
    const unknownSet = classifyPeer(aFlow({ dest: { ...aNet("203.0.113.9"), type: "ns", nameAggr: "gone" } }), "egress", ctx());
    expect(unknownSet?.scope).toBe("Cidr");
  });
  it("domains before addresses; cluster-local names dropped; /32 and /128; pvt; pub mop-up", () => {
    expect(classifyPeer(aFlow({ dest: aNet("203.0.113.9"), destDomains: ["WWW.Example.com", "x.default.svc.cluster.local"] }), "egress", ctx())?.domains).toEqual(["www.example.com"]);
    expect(classifyPeer(aFlow({ dest: aNet("203.0.113.9"), destDomains: ["x.svc.cluster.local"] }), "egress", ctx())?.entity).toEqual({ nets: ["203.0.113.9/32"] });
    expect(classifyPeer(aFlow({ dest: aNet("2001:db9::1") }), "egress", ctx())?.entity).toEqual({ nets: ["2001:db9::1/128"] });
    expect(classifyPeer(aFlow({ dest: { ...aNet("10.1.1.1", "pvt"), ip: null } }), "egress", ctx())?.scope).toBe("Private");
    expect(classifyPeer(aFlow({ reporter: "dst", source: { ...aNet("1.1.1.1"), ip: null } }), "ingress", ctx())?.entity).toEqual({});
    expect(classifyPeer(aFlow({ dest: { ...aWep("default", "x"), type: "hep" } }), "egress", ctx())).toBeUndefined();
  });
});

describe("recommendForWorkload edge cases", () => {
  it("skips denied flows and unknown protocols, keeps ICMP and portless flows without ports, stamps lastUpdated", () => {
    const flows: FlowLog[] = [
      aFlow({ action: "deny" }),
      aFlow({ proto: "bogus" }),
      aFlow({ proto: "icmp", dest: aWep("default", "server-6b8c4f9d7-fghij", { port: null }) }),
      aFlow({ dest: aWep("default", "server-6b8c4f9d7-fghij", { port: null }) }),
      aFlow({ dest: aWep("default", "server-6b8c4f9d7-fghij", { port: 8080 }) }),
    ];
    const rec = recommendForWorkload({ namespace: "default", workload: "client", flows, cluster, options: { now: 1_700_000_100, tier: "security", order: 5, name: "mine" } });
    expect(rec.flowsSkipped).toBe(1);
    expect(rec.flowsUsed).toBe(3);
    expect(rec.policy.metadata.name).toBe("security.mine");
    expect(rec.policy.spec).toMatchObject({ tier: "security", order: 5 });
    expect(rec.policy.metadata.annotations?.["policyrecommendation.tigera.io/lastUpdated"]).toBe("2023-11-14T22:15:00Z");
    const egress = rec.policy.spec.egress ?? [];
    expect(egress.map((r) => [r.protocol, r.destination?.ports])).toEqual([
      ["ICMP", undefined],
      ["TCP", undefined],
    ]);
    expect(rec.evidence.find((e) => e.protocol === "TCP")?.ports).toEqual([8080]);
    expect(egress[1]?.metadata?.annotations?.["policyrecommendation.tigera.io/lastUpdated"]).toBe("2023-11-14T22:15:00Z");
  });
  it("adds DNS when the workload resolves names (DNS logs), and caps annotated peers", () => {
    const many = Array.from({ length: 25 }, (_, i) => aFlow({ dest: aNet(`203.0.113.${i + 1}`) }));
    const rec = recommendForWorkload({
      namespace: "default",
      workload: "client",
      flows: many,
      cluster: { ...cluster, networkSets: [] },
      options: { dnsLogs: [{ startTime: 0, endTime: 1, type: "LOG", count: 1, clientIp: null, clientName: "-", clientNameAggr: "client-7d9f8c6b5d-*", clientNamespace: "default", clientLabels: {}, qname: "a", qtype: "A", qclass: "IN", rcode: "NoError", rrsets: [], servers: [] }] },
    });
    const dns = rec.evidence.filter((e) => e.scope === "Dns");
    expect(dns.map((e) => [e.protocol, e.records])).toEqual([
      ["TCP", 0],
      ["UDP", 0],
    ]);
    expect(dns[0]?.summary).toContain("not itself observed");
    const cidrs = rec.policy.spec.egress?.filter((r) => r.metadata?.annotations?.["policyrecommendation.tigera.io/scope"] === "Cidr") ?? [];
    expect(cidrs).toHaveLength(25);
    const none = recommendForWorkload({ namespace: "default", workload: "nobody", flows: many, cluster });
    expect(none.flowsUsed).toBe(0);
    expect(none.firstSeen).toBeUndefined();
    expect(none.policy.spec.selector).toBe("all()");
  });
});

describe("observed connections", () => {
  it("use stand-in addresses for aggregated networks, one connection per domain, and skip what cannot be placed", () => {
    const index = new RecommendIndex(cluster);
    const all = () => true;
    const flows = [
      aFlow({ dest: { ...aNet("1.1.1.1"), ip: null }, destDomains: ["a.com", "b.com"] }),
      aFlow({ dest: { ...aNet("1.1.1.1", "pvt"), ip: null } }),
      aFlow({ reporter: "dst", dest: aWep("default", "server-6b8c4f9d7-fghij", { port: 8080 }), source: { ...aNet("1.1.1.1"), ip: null } }),
      aFlow({ dest: { ...aNet("1.1.1.1"), type: "ns", nameAggr: "partners", ip: null } }),
      aFlow({ dest: { ...aNet("1.1.1.1"), type: "ns", nameAggr: "gone", ip: null } }),
      aFlow({ dest: { ...aWep("default", "x"), type: "hep" } }),
      aFlow({ source: aWep("default", "ghost-7d9f8c6b5d-abcde", { ip: null }) }),
      aFlow({ dest: aWep("default", "ghost-7d9f8c6b5d-abcde", { ip: "10.9.9.9", port: 80 }) }),
      aFlow({ dest: aWep("default", "ghost-7d9f8c6b5d-abcde", { ip: null, port: 80 }) }),
      aFlow({ proto: "bogus" }),
      aFlow({ action: "deny" }),
    ];
    const out = toObservedConnections(flows, index, all);
    const dests = out.map((o) => (o.connection.destination.kind === "external" ? `${o.connection.destination.ip}|${o.connection.destination.domain ?? ""}` : o.connection.destination.endpoint.name));
    expect(dests).toEqual([`${PUBLIC_STAND_IN_IP}|a.com`, `${PUBLIC_STAND_IN_IP}|b.com`, `${PRIVATE_STAND_IN_IP}|`, "server-6b8c4f9d7-fghij", "198.18.0.0|", "10.9.9.9|"]);
    expect(out[3]?.direction).toBe("ingress");
  });
});

describe("nextRecommendationState (Calico's status machine)", () => {
  const base = { stabilizationPeriod: 600, staleAfter: 3600, interval: 150 };
  it("NoData until the first rules, Learning on every change", () => {
    expect(nextRecommendationState(undefined, { ...base, now: 100, flowsSeen: false, changed: false })).toEqual({ state: "NoData" });
    expect(nextRecommendationState(undefined, { ...base, now: 100, flowsSeen: true, changed: true })).toEqual({ state: "Learning", lastUpdated: 100, lastFlowSeen: 100 });
  });
  it("Learning ≤ 2 intervals, Stabilizing ≤ stabilization, then Stable; a change resets to Learning", () => {
    const prev = { state: "Learning" as const, lastUpdated: 0, lastFlowSeen: 0 };
    expect(nextRecommendationState(prev, { ...base, now: 300, flowsSeen: true, changed: false }).state).toBe("Learning");
    expect(nextRecommendationState(prev, { ...base, now: 301, flowsSeen: true, changed: false }).state).toBe("Stabilizing");
    expect(nextRecommendationState(prev, { ...base, now: 600, flowsSeen: true, changed: false }).state).toBe("Stabilizing");
    const stable = nextRecommendationState(prev, { ...base, now: 601, flowsSeen: true, changed: false });
    expect(stable).toEqual({ state: "Stable", lastUpdated: 0, lastFlowSeen: 601 });
    expect(nextRecommendationState(stable, { ...base, now: 700, flowsSeen: true, changed: true })).toEqual({ state: "Learning", lastUpdated: 700, lastFlowSeen: 700 });
    expect(nextRecommendationState({ state: "Learning", lastUpdated: 0, lastFlowSeen: 0 }, { stabilizationPeriod: 600, staleAfter: 3600, now: 301, flowsSeen: true, changed: false }).state).toBe("Stabilizing");
  });
  it("Stale when no flow was seen for staleAfter", () => {
    const prev = { state: "Stable" as const, lastUpdated: 0, lastFlowSeen: 100 };
    expect(nextRecommendationState(prev, { ...base, now: 3700, flowsSeen: false, changed: false }).state).toBe("Stable");
    expect(nextRecommendationState(prev, { ...base, now: 3701, flowsSeen: false, changed: false })).toEqual({ state: "Stale", lastUpdated: 0, lastFlowSeen: 100 });
    expect(nextRecommendationState({ state: "Learning", lastUpdated: 0 }, { ...base, now: 10, flowsSeen: false, changed: false }).state).toBe("Stale");
  });
});

describe("rule signatures", () => {
  it("ignore annotations but see rule changes", () => {
    const a = { selector: "all()", ingress: [{ action: "Allow" as const, metadata: { annotations: { x: "1" } } }] };
    const b = { selector: "all()", ingress: [{ action: "Allow" as const, metadata: { annotations: { x: "2" } } }] };
    expect(rulesSignature(a)).toBe(rulesSignature(b));
    expect(hasRuleChanges(a, b)).toBe(false);
    expect(hasRuleChanges(undefined, b)).toBe(true);
    expect(hasRuleChanges(a, { ...b, ingress: [{ action: "Deny" as const }] })).toBe(true);
    expect(hasRules(a)).toBe(true);
    expect(hasRules({})).toBe(false);
  });
});

describe("annotations round trip", () => {
  it("reads back status and evidence written by the recommender", async () => {
    const { statusAnnotations, statusFromAnnotations, evidenceFromAnnotations, toRfc3339 } = await import("@/lib/recommend");
    const a = statusAnnotations({ state: "Stable", lastUpdated: 1_700_000_000, lastFlowSeen: 1_700_000_100 }, { keep: "me" });
    expect(a.keep).toBe("me");
    expect(statusFromAnnotations(a)).toEqual({ state: "Stable", lastUpdated: 1_700_000_000, lastFlowSeen: 1_700_000_100 });
    expect(statusAnnotations({ state: "NoData" }, a)["policyrecommendation.tigera.io/lastUpdated"]).toBeUndefined();
    expect(statusFromAnnotations({ "policyrecommendation.tigera.io/status": "Weird" })).toBeUndefined();
    expect(statusFromAnnotations(undefined)).toBeUndefined();
    expect(statusFromAnnotations({ "policyrecommendation.tigera.io/status": "Learning", "policyrecommendation.tigera.io/lastUpdated": "nope" })).toEqual({ state: "Learning" });
    expect(toRfc3339(0)).toBe("1970-01-01T00:00:00Z");
    const rec = recommendForWorkload({ namespace: "default", workload: "client", flows: [aFlow()], cluster });
    const ev = evidenceFromAnnotations(rec.policy.spec);
    expect(ev.map((e) => [e.direction, e.scope, e.protocol, e.ports, e.flows, e.peers])).toEqual(rec.evidence.map((e) => [e.direction, e.scope, e.protocol, e.ports, e.flows, e.peers]));
    expect(evidenceFromAnnotations({ ingress: [{ action: "Allow" }] })[0]).toMatchObject({ scope: "Public", protocol: "any", flows: 0, peers: [] });
  });
});

describe("rule signatures ignore key order", () => {
  it("treats a stored copy with reordered keys as unchanged", () => {
    const a = { egress: [{ action: "Allow" as const, protocol: "TCP" as const, destination: { selector: "a", ports: [1] } }] };
    const b = { egress: [{ destination: { ports: [1], selector: "a" }, protocol: "TCP" as const, action: "Allow" as const }] };
    expect(hasRuleChanges(a, b)).toBe(false);
  });
});
