import { describe, expect, it } from "vitest";
import type { CalicoResource, GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import type { FlowEndpoint, FlowLog } from "@/lib/flows";
import { aggregatedPodName } from "@/lib/flows";
import type { NamespaceModel, ServiceModel, WorkloadEndpoint } from "@/lib/policy";
import { buildPolicySet } from "@/lib/policy";
import type { Rng } from "@/lib/random";
import { createRng } from "@/lib/random";
import { aFlow } from "@/lib/testing/flow-builders";
import { findDeniedObserved, isWorkloadEndpoint, recommendForNamespaces, recommendForWorkload, RecommendIndex, toObservedConnections } from "@/lib/recommend";
import type { RecommendCluster } from "@/lib/recommend";

// Property: a recommended policy never denies a flow that was observed and allowed. Random
// clusters and flows from a seeded generator; each recommendation is enforced in its tier with a
// trailing default deny and every observed allowed flow is judged by lib/policy's evaluate.

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
const chance = (rng: Rng, p: number): boolean => rng.next() < p;

interface World {
  readonly cluster: RecommendCluster;
  readonly workloads: readonly { ns: string; aggr: string; pods: WorkloadEndpoint[] }[];
}

function makeWorld(rng: Rng): World {
  const nsNames = ["alpha", "beta", "gamma"].slice(0, 2 + Math.floor(rng.next() * 2));
  const namespaces: NamespaceModel[] = nsNames.map((name) => ({ name, labels: { team: pick(rng, ["a", "b"]) } }));
  const endpoints: WorkloadEndpoint[] = [];
  const services: ServiceModel[] = [];
  const workloads: { ns: string; aggr: string; pods: WorkloadEndpoint[] }[] = [];
  let ip = 2;
  for (const ns of nsNames) {
    for (let w = 0; w < 2 + Math.floor(rng.next() * 3); w++) {
      const app = `app${w}`;
      const hash = `${w}a${ns.length}b${w}c9d`;
      const labelled = chance(rng, 0.8);
      const pods: WorkloadEndpoint[] = [];
      for (let p = 0; p < 1 + Math.floor(rng.next() * 3); p++) {
        const labels: Record<string, string> = { "pod-template-hash": hash, ...(labelled ? { app } : { tier: `t${w}`, role: "x" }), ...(chance(rng, 0.3) ? { "statefulset.kubernetes.io/pod-name": `p${p}` } : {}) };
        const pod: WorkloadEndpoint = { kind: "workload", namespace: ns, name: `${app}-${hash}-q${p}x${w}z`, labels, ips: [`10.244.${nsNames.indexOf(ns)}.${ip++}`], ports: [{ name: "web", port: 8080, protocol: "TCP" }] };
        pods.push(pod);
        endpoints.push(pod);
      }
      const first = pods[0];
      if (first === undefined) continue;
      workloads.push({ ns, aggr: aggregatedPodName(first.name, first.labels), pods });
      if (chance(rng, 0.6)) services.push({ namespace: ns, name: `${app}-svc`, selector: labelled ? { app } : { tier: `t${w}` }, ports: [{ port: 80, targetPort: chance(rng, 0.5) ? 8080 : "web", protocol: "TCP" }] });
    }
  }
  const gns: GlobalNetworkSet = { kind: "GlobalNetworkSet", metadata: { name: "partners", labels: { kind: "partners" } }, spec: { nets: ["198.18.0.0/24"] } };
  const bare: GlobalNetworkSet = { kind: "GlobalNetworkSet", metadata: { name: "bare" }, spec: { nets: ["198.18.9.0/24"] } };
  const nsSet: NetworkSet = { kind: "NetworkSet", metadata: { name: "vendors", namespace: nsNames[0] ?? "alpha", labels: { vendor: "yes" } }, spec: { nets: ["198.19.0.0/24"] } };
  return { cluster: { namespaces, endpoints, services, networkSets: [gns, bare, nsSet] }, workloads };
}

function wepOf(w: { ns: string; aggr: string; pods: WorkloadEndpoint[] }, rng: Rng, port: number | null): FlowEndpoint {
  const pod = pick(rng, w.pods);
  return { type: "wep", namespace: w.ns, name: "-", nameAggr: w.aggr, ip: chance(rng, 0.3) ? (pod.ips[0] ?? null) : null, port, labels: pod.labels };
}

function remoteOf(world: World, rng: Rng, port: number | null): { ep: FlowEndpoint; domains: string[] } {
  const roll = rng.next();
  if (roll < 0.45) return { ep: wepOf(pick(rng, world.workloads), rng, port), domains: [] };
  if (roll < 0.55) return { ep: { type: "ns", namespace: "-", name: "-", nameAggr: "partners", ip: chance(rng, 0.5) ? "198.18.0.7" : null, port, labels: {} }, domains: [] };
  if (roll < 0.6) return { ep: { type: "ns", namespace: world.workloads[0]?.ns ?? "alpha", name: "-", nameAggr: "vendors", ip: null, port, labels: {} }, domains: [] };
  if (roll < 0.65) return { ep: { type: "net", namespace: "-", name: "-", nameAggr: "pub", ip: "198.18.9.20", port, labels: {} }, domains: [] };
  const pvt = chance(rng, 0.3);
  const ip = chance(rng, 0.4) ? (pvt ? "172.16.4.4" : `203.0.113.${1 + Math.floor(rng.next() * 200)}`) : null;
  const domains = !pvt && chance(rng, 0.5) ? [pick(rng, ["api.example.com", "www.example.org"]), ...(chance(rng, 0.3) ? ["cdn.example.net"] : [])] : [];
  return { ep: { type: "net", namespace: "-", name: "-", nameAggr: pvt ? "pvt" : "pub", ip, port, labels: {} }, domains };
}

function makeFlows(world: World, rng: Rng, n: number): FlowLog[] {
  const out: FlowLog[] = [];
  for (let i = 0; i < n; i++) {
    const local = pick(rng, world.workloads);
    const proto = pick(rng, ["tcp", "tcp", "tcp", "udp", "icmp", "sctp"]);
    const port = proto === "icmp" ? null : chance(rng, 0.1) ? null : pick(rng, [53, 80, 443, 8080, 9000]);
    const remote = remoteOf(world, rng, null);
    const localEp = wepOf(local, rng, null);
    const egress = chance(rng, 0.5);
    const source = egress ? localEp : { ...remote.ep, port: null };
    const dest = egress ? { ...remote.ep, port } : { ...localEp, port };
    let destService = { namespace: "-", name: "-", portName: "-", portNum: null as number | null };
    if (egress && remote.ep.type === "wep" && chance(rng, 0.6)) {
      const svc = world.cluster.services.find((s) => s.namespace === remote.ep.namespace);
      if (svc !== undefined) destService = { namespace: svc.namespace, name: svc.name, portName: "-", portNum: 80 };
    }
    const start = 1_700_000_000 + Math.floor(rng.next() * 3600);
    out.push(aFlow({ startTime: start, endTime: start + 15, source, dest, destService, destDomains: egress ? remote.domains : [], proto, reporter: egress ? "src" : "dst", action: chance(rng, 0.85) ? "allow" : "deny", numFlows: 1 + Math.floor(rng.next() * 5) }));
  }
  return out;
}

function enforce(world: World, policy: CalicoResource, tier: string) {
  const tiers: CalicoResource[] = tier === "default" ? [] : [{ kind: "Tier", metadata: { name: tier }, spec: { order: 100 } }];
  const deny: CalicoResource = { kind: "GlobalNetworkPolicy", metadata: { name: `${tier}.trailing-deny` }, spec: { tier, order: 1e9, selector: "all()", types: ["Ingress", "Egress"] } };
  const enforced: CalicoResource = policy.kind === "StagedNetworkPolicy" ? { kind: "NetworkPolicy", metadata: policy.metadata, spec: (({ stagedAction: _s, ...rest }) => rest)(policy.spec) } : policy;
  const set = buildPolicySet({ namespaces: world.cluster.namespaces, endpoints: world.cluster.endpoints, services: world.cluster.services, resources: [...tiers, ...world.cluster.networkSets, enforced, deny] });
  if (!set.ok) throw new Error(JSON.stringify(set.error));
  return set.value;
}

describe("property: recommendations never deny an observed allowed flow", () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
    it(`seed ${seed}`, () => {
      const rng = createRng(seed);
      const world = makeWorld(rng);
      const flows = makeFlows(world, rng, 400);
      const index = new RecommendIndex(world.cluster);
      for (const w of world.workloads) {
        const rec = recommendForWorkload({ namespace: w.ns, workload: w.aggr, flows, cluster: world.cluster });
        const observed = toObservedConnections(flows, index, (ep) => isWorkloadEndpoint(ep, w.ns, w.aggr));
        const denied = findDeniedObserved(enforce(world, rec.policy, "default"), observed);
        expect(denied.map((d) => ({ flow: d.observed.flow, by: d.policy ?? d.reason })), `${w.ns}/${w.aggr}`).toEqual([]);
      }
      for (const [ns, rec] of recommendForNamespaces({ flows, cluster: world.cluster })) {
        const observed = toObservedConnections(flows, index, (ep) => ep.type === "wep" && ep.namespace === ns);
        const denied = findDeniedObserved(enforce(world, rec.policy, "namespace-isolation"), observed);
        expect(denied.map((d) => ({ flow: d.observed.flow, by: d.policy ?? d.reason })), ns).toEqual([]);
      }
    });
  }
});

describe("the property can fail", () => {
  it("a recommendation with its rules removed denies observed flows", () => {
    const rng = createRng(1);
    const world = makeWorld(rng);
    const flows = makeFlows(world, rng, 400);
    const w = world.workloads[0];
    if (w === undefined) throw new Error("no workload");
    const rec = recommendForWorkload({ namespace: w.ns, workload: w.aggr, flows, cluster: world.cluster });
    const stripped: CalicoResource = { ...rec.policy, spec: { ...rec.policy.spec, ingress: [], egress: [] } };
    const observed = toObservedConnections(flows, new RecommendIndex(world.cluster), (ep) => isWorkloadEndpoint(ep, w.ns, w.aggr));
    expect(observed.length).toBeGreaterThan(0);
    expect(findDeniedObserved(enforce(world, stripped, "default"), observed).length).toBe(observed.length);
  });
});
