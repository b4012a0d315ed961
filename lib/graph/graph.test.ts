import { describe, expect, it } from "vitest";
import type { FlowLog } from "@/lib/flows";
import type { Graph } from "@/lib/graph";
import { aggregateLargeGraph, applyGraphDiff, buildGraph, contributionOf, diffGraph, graphDiffModel, edgeStyleClass, edgeWidth, filterGraph, isEmptyDiff } from "@/lib/graph";
import type { GraphEdge } from "@/lib/graph/types";
import { edgeIdOf, mergeEdges } from "@/lib/graph/merge";
import { mulberry32 } from "@/lib/random";
import { aFlow, aNet, aWep } from "@/lib/testing/flow-builders";

const PROFILE = ["0|__PROFILE__|__PROFILE__.kns.default|allow|0"];
const svc = (ns: string, name: string, port: number) => ({ namespace: ns, name, portName: "http", portNum: port });

/** frontend → cart (both reports), centos(dev) → frontend.default, internet → frontend, centos → google. */
function flows(): FlowLog[] {
  const frontend = aWep("default", "frontend-7d8f9c6b5-x2k4p", { port: 40000 });
  const cart = aWep("default", "cartservice-5c9d8b7f6d-h7vwq", { port: 7070 });
  const centos = aWep("dev", "centos", { port: 40001 });
  const frontendDst = aWep("default", "frontend-7d8f9c6b5-x2k4p", { port: 8080 });
  return [
    aFlow({ source: frontend, dest: cart, destService: svc("default", "cartservice", 7070), reporter: "src", numFlows: 10 }),
    aFlow({ source: frontend, dest: cart, destService: svc("default", "cartservice", 7070), reporter: "dst", numFlows: 10 }),
    aFlow({ source: centos, dest: frontendDst, destService: svc("default", "frontend", 80), reporter: "src", numFlows: 4, policies: { enforced: PROFILE, pending: ["0|default|staged:default.default-deny|deny|-1"] } }),
    aFlow({ source: centos, dest: frontendDst, destService: svc("default", "frontend", 80), reporter: "dst", numFlows: 4, policies: { enforced: PROFILE, pending: ["0|default|staged:default.default-deny|deny|-1"] } }),
    aFlow({ source: aNet("198.51.100.23"), dest: frontendDst, destService: svc("default", "frontend-external", 80), reporter: "dst", numFlows: 3, action: "deny", policies: { enforced: ["0|security|security.blockep-ips|deny|0"], pending: ["0|security|security.blockep-ips|deny|0"] } }),
    aFlow({ source: centos, dest: aNet("203.0.113.10", "pub", { port: 443 }), destDomains: ["www.google.com"], reporter: "src", numFlows: 2 }),
  ];
}

const edge = (g: Graph, id: string) => g.edges.find((e) => e.id === id);

describe("buildGraph", () => {
  it("namespace level: one node per namespace, external nodes, counts deduplicated across reporters", () => {
    const g = buildGraph(flows());
    expect(g.nodes.map((n) => n.id).sort()).toEqual(["domain:www.google.com", "net:pub", "ns:default", "ns:dev"]);
    expect(edge(g, "ns:default->ns:default")?.stats).toMatchObject({ flows: 10, allowed: 10, denied: 0 });
    expect(edge(g, "ns:dev->ns:default")?.stats).toMatchObject({ flows: 4, allowed: 4, stagedDenied: 4 });
    expect(edge(g, "net:pub->ns:default")?.stats).toMatchObject({ flows: 3, allowed: 0, denied: 3 });
    expect(edge(g, "ns:dev->domain:www.google.com")?.ports).toEqual(["tcp/443"]);
    expect(edge(g, "net:pub->ns:default")?.policies).toEqual(["security|security.blockep-ips"]);
  });

  it("an ingress deny after an egress allow counts as denied, not twice", () => {
    const [src, dst] = flows();
    if (src === undefined || dst === undefined) throw new Error("fixture");
    const g = buildGraph([src, { ...dst, action: "deny" }]);
    expect(edge(g, "ns:default->ns:default")?.stats).toMatchObject({ flows: 10, allowed: 0, denied: 10 });
  });

  it("expanding a namespace shows its workloads and services inside it", () => {
    const g = buildGraph(flows(), { expanded: ["default"] });
    const ids = g.nodes.map((n) => n.id);
    expect(ids[0]).toBe("ns:default");
    expect(g.nodes[0]?.expanded).toBe(true);
    expect(ids).toContain("wl:default/frontend-7d8f9c6b5-*");
    expect(ids).toContain("svc:default/cartservice");
    expect(g.nodes.find((n) => n.id === "svc:default/cartservice")?.parent).toBe("ns:default");
    expect(edge(g, "wl:default/frontend-7d8f9c6b5-*->svc:default/cartservice")?.stats.flows).toBe(10);
    expect(edge(g, "svc:default/cartservice->wl:default/cartservice-5c9d8b7f6d-*")?.stats.flows).toBe(10);
    expect(edge(g, "ns:dev->svc:default/frontend")?.stats.stagedDenied).toBe(4);
    expect(ids).toContain("ns:dev");
  });

  it("pod level uses pod names where the records have them", () => {
    const g = buildGraph(flows(), { level: "pod" });
    expect(g.nodes.map((n) => n.id)).toContain("pod:dev/centos");
    expect(g.nodes.map((n) => n.id)).toContain("pod:default/cartservice-5c9d8b7f6d-h7vwq");
  });

  it("network sets are nodes by name", () => {
    const g = buildGraph([aFlow({ source: { ...aNet("198.51.100.23"), type: "ns", name: "ip-address-list", nameAggr: "ip-address-list" }, reporter: "dst" })]);
    expect(g.nodes.find((n) => n.id === "set:-/ip-address-list")?.kind).toBe("networkset");
  });
});

/**
 * The edges as folding the records one at a time with mergeEdges (buildGraph before it summed
 * in place): each record's edge(s), its policies sorted, merged into the edge so far.
 */
function edgesByMerging(g: Graph, fs: readonly FlowLog[]): GraphEdge[] {
  const byId = new Map<string, GraphEdge>();
  const nodeIds = new Set(g.nodes.map((n) => n.id));
  for (const f of fs) {
    const policies = f.policies === null ? [] : [...new Set([...f.policies.enforced, ...f.policies.pending].map((e) => e.split("|")).filter((p) => p[1] !== undefined && p[2] !== undefined && p[1] !== "__PROFILE__").map((p) => `${p[1]}|${p[2]}`))].sort();
    // The record's edges from the built graph's node ids (the node rules are buildGraph's).
    const ends = graphEndsOf(nodeIds, f);
    for (const [source, target] of ends) {
      const id = edgeIdOf(source, target);
      const edge: GraphEdge = { id, source, target, stats: contributionOf(f), ports: f.dest.port !== null ? [`${f.proto}/${f.dest.port}`] : [], policies, firstSeen: f.startTime, lastSeen: f.endTime };
      const prev = byId.get(id);
      byId.set(id, prev === undefined ? edge : mergeEdges(prev, edge));
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A record's edges at the workload level: source → (service →) destination. */
function graphEndsOf(nodeIds: ReadonlySet<string>, f: FlowLog): [string, string][] {
  const id = (e: FlowLog["source"]): string => (e.type === "wep" ? `wl:${e.namespace}/${e.nameAggr}` : `net:${e.nameAggr}`);
  const src = id(f.source);
  const dst = id(f.dest);
  const svc = `svc:${f.destService.namespace}/${f.destService.name}`;
  if (f.dest.type === "wep" && f.destService.name !== "-" && nodeIds.has(svc)) return [[src, svc], [svc, dst]];
  return [[src, dst]];
}

describe("buildGraph sums", () => {
  it("gives every edge the sums, ports, policies and times of folding its records one at a time", () => {
    const rand = mulberry32(11);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T; // index < length: defined
    const traces = [
      PROFILE,
      ["0|default|staged:default.default-deny|deny|-1"],
      ["0|security|security.blockep-ips|deny|0"],
      ["0|default|default/default.allow-web|allow|0", "1|default|staged:default.default-deny|deny|-1"],
      ["0|platform|platform.pass|pass|0", "1|default|default.allow-all|allow|0"],
      // Malformed entries: no bar, one bar, exactly two bars, the profile tier with no name.
      ["garbage", "0|tier-only", "0|t|n", "0|__PROFILE__", "0|__PROFILE__x|n|allow|0"],
    ];
    for (let round = 0; round < 20; round++) {
      const fs: FlowLog[] = Array.from({ length: 300 }, () => {
        const ns = pick(["a", "b", "c"]);
        const dest = rand() < 0.8 ? aWep(ns, `${pick(["web", "api", "db"])}-7d8f9c6b5-x2k4p`, { port: rand() < 0.9 ? pick([80, 443, 8080]) : null }) : aNet("203.0.113.10", "pub", { port: 443 });
        return aFlow({
          startTime: 1_700_000_000 + Math.floor(rand() * 1000),
          endTime: 1_700_001_000 + Math.floor(rand() * 1000),
          source: aWep(pick(["a", "b"]), `${pick(["client", "web"])}-7d8f9c6b5-abcde`),
          dest,
          destService: dest.type === "wep" && rand() < 0.5 ? svc(dest.namespace, "svc", 80) : { namespace: "-", name: "-", portName: "-", portNum: null },
          proto: pick(["tcp", "udp"]),
          reporter: pick(["src", "dst"] as const),
          action: rand() < 0.8 ? "allow" : "deny",
          numFlows: 1 + Math.floor(rand() * 5),
          bytesIn: Math.floor(rand() * 10_000),
          bytesOut: Math.floor(rand() * 10_000),
          policies: rand() < 0.1 ? null : { enforced: pick(traces), pending: pick(traces) },
        });
      });
      const g = buildGraph(fs, { level: "workload" });
      const expected = edgesByMerging(g, fs).map((e) => ({ ...e, stats: { ...e.stats, allowed: Math.max(0, e.stats.allowed), stagedDenied: Math.min(e.stats.stagedDenied, Math.max(0, e.stats.allowed)), flows: Math.max(e.stats.flows, Math.max(0, e.stats.allowed) + e.stats.denied) } }));
      expect(g.edges).toEqual(expected);
      expect(g.edges.some((e) => e.stats.stagedDenied > 0)).toBe(true);
    }
  });
});

describe("edgeStyleClass and edgeWidth", () => {
  const g = buildGraph(flows());
  it("classifies edges", () => {
    expect(edgeStyleClass(edge(g, "ns:default->ns:default") ?? { stats: { flows: 0, allowed: 0, denied: 0, stagedDenied: 0, bytes: 0, packets: 0 } })).toBe("allowed");
    expect(edgeStyleClass({ stats: { flows: 4, allowed: 4, denied: 0, stagedDenied: 4, bytes: 0, packets: 0 } })).toBe("staged-denied");
    expect(edgeStyleClass({ stats: { flows: 3, allowed: 0, denied: 3, stagedDenied: 0, bytes: 0, packets: 0 } })).toBe("denied");
    expect(edgeStyleClass({ stats: { flows: 3, allowed: 1, denied: 2, stagedDenied: 1, bytes: 0, packets: 0 } })).toBe("mixed");
  });
  it("widths grow with volume within bounds", () => {
    const s = (bytes: number) => ({ stats: { flows: 1, allowed: 1, denied: 0, stagedDenied: 0, bytes, packets: 1 } });
    expect(edgeWidth(s(0), { maxVolume: 1e6 })).toBe(1);
    expect(edgeWidth(s(1e6), { maxVolume: 1e6 })).toBe(8);
    const mid = edgeWidth(s(1e3), { maxVolume: 1e6 });
    expect(mid).toBeGreaterThan(1);
    expect(mid).toBeLessThan(8);
  });
});

describe("filterGraph", () => {
  const g = buildGraph(flows(), { expanded: ["default", "dev"] });
  it("hide unrelated keeps the neighbourhood of the selected node", () => {
    const one = filterGraph(g, { focus: { nodeId: "wl:dev/centos", depth: 1 } });
    expect(one.nodes.map((n) => n.id).sort()).toEqual(["domain:www.google.com", "ns:default", "ns:dev", "svc:default/frontend", "wl:dev/centos"]);
    const two = filterGraph(g, { focus: { nodeId: "wl:dev/centos", depth: 2 } });
    expect(two.nodes.map((n) => n.id)).toContain("wl:default/frontend-7d8f9c6b5-*");
    expect(two.nodes.map((n) => n.id)).not.toContain("svc:default/cartservice");
  });
  it("filters by action class, namespace and search text", () => {
    expect(filterGraph(g, { actions: ["denied"] }).edges.map((e) => e.id)).toEqual(["net:pub->svc:default/frontend-external", "svc:default/frontend-external->wl:default/frontend-7d8f9c6b5-*"]);
    expect(filterGraph(g, { actions: ["staged-denied"] }).edges.every((e) => e.stats.stagedDenied > 0)).toBe(true);
    const dev = filterGraph(g, { namespaces: ["dev"] });
    expect(dev.edges.every((e) => e.source === "wl:dev/centos" || e.target === "wl:dev/centos")).toBe(true);
    const search = filterGraph(g, { search: "GOOGLE" });
    expect(search.nodes.map((n) => n.id).sort()).toEqual(["domain:www.google.com", "ns:dev", "wl:dev/centos"]);
  });
  it("returns the graph itself for an empty spec and nothing for an unknown focus", () => {
    expect(filterGraph(g, {})).toBe(g);
    expect(filterGraph(g, { focus: { nodeId: "nope" } })).toEqual({ nodes: [], edges: [] });
  });
});

describe("aggregateLargeGraph", () => {
  it("folds workloads into namespaces above the limit, keeping totals", () => {
    const g = buildGraph(flows(), { level: "pod" });
    const total = g.edges.reduce((n, e) => n + e.stats.flows, 0);
    expect(aggregateLargeGraph(g, 100).stage).toBe(0);
    const folded = aggregateLargeGraph(g, 4);
    expect(folded.stage).toBe(1);
    expect(folded.graph.nodes.length).toBeLessThanOrEqual(4);
    expect(folded.graph.edges.reduce((n, e) => n + e.stats.flows, 0)).toBe(total);
    const buckets = aggregateLargeGraph(g, 2);
    expect(buckets.stage).toBe(2);
  });
});

describe("diffGraph", () => {
  it("applying the diff to prev gives next", () => {
    const prev = buildGraph(flows().slice(0, 4), { expanded: ["default"] });
    const next = buildGraph(flows().slice(2), { expanded: ["default", "dev"] });
    const d = diffGraph(prev, next);
    expect(isEmptyDiff(d)).toBe(false);
    const model = graphDiffModel(prev);
    applyGraphDiff(model, d);
    const applied = model.graph();
    const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(applied.nodes)).toEqual(byId(next.nodes));
    expect(byId(applied.edges)).toEqual(byId(next.edges));
    expect(d.removeEdges).toContain("wl:default/frontend-7d8f9c6b5-*->svc:default/cartservice");
    expect(d.updateNodes.map((n) => n.id)).toContain("ns:dev");
    const parentIndex = d.addNodes.findIndex((n) => n.parent === undefined);
    expect(parentIndex === -1 || d.addNodes.slice(0, parentIndex).every((n) => n.parent === undefined)).toBe(true);
  });
  it("is empty between equal graphs and reports count changes as updates", () => {
    const g = buildGraph(flows());
    expect(isEmptyDiff(diffGraph(g, buildGraph(flows())))).toBe(true);
    const more = buildGraph([...flows(), aFlow({ source: aNet("192.0.2.10"), reporter: "dst" })]);
    const d = diffGraph(g, more);
    expect(d.updateEdges.map((e) => e.id)).toEqual(["net:pub->ns:default"]);
  });
});
