/**
 * Differential test of evaluate's decided-results cache: random policy sets and random
 * connections, judged by `evaluate` (cached) and by `evaluateUncached` (every connection walks its
 * tiers) on separately built sets; whole verdicts, traces included, must be equal. Connections
 * repeat and label classes are few, so most cached answers are reused by connections that differ
 * in endpoint, address, port or selector answers.
 */
import { describe, expect, it } from "vitest";
import type { CalicoResource, EntityRule, Rule } from "@/lib/calico/types";
import type { CompiledPolicySet, Connection, EndpointModel, NamespaceModel, Peer } from "@/lib/policy";
import { buildPolicySet, evaluate } from "@/lib/policy";
import { evaluateUncached } from "@/lib/policy/evaluate";
import { mulberry32 } from "@/lib/random";

type Rand = () => number;

function pick<T>(rand: Rand, list: readonly T[]): T {
  const v = list[Math.floor(rand() * list.length)];
  if (v === undefined) throw new Error("empty list");
  return v;
}

const APPS = ["web", "api", "db", "cache"];
const TEAMS = ["a", "b"];
const PORTS = [53, 80, 443, 5432, 8080, 9000];
const NETS = ["10.1.0.0/16", "10.2.0.0/24", "10.2.0.0/16", "10.3.0.128/25", "fd00::/64", "fd00::1/128", "192.168.0.0/16"];

function entity(rand: Rand, withPorts: boolean): EntityRule {
  const e: { -readonly [K in keyof EntityRule]: EntityRule[K] } = {};
  const r = rand();
  if (r < 0.3) e.selector = `app == '${pick(rand, APPS)}'`;
  else if (r < 0.4) e.selector = `app in {'${pick(rand, APPS)}', '${pick(rand, APPS)}'}`;
  else if (r < 0.5) e.namespaceSelector = `team == '${pick(rand, TEAMS)}'`;
  else if (r < 0.55) e.notSelector = `app == '${pick(rand, APPS)}'`;
  else if (r < 0.6) e.namespaceSelector = "all()";
  const n = rand();
  if (n < 0.3) e.nets = [pick(rand, NETS), ...(rand() < 0.3 ? [pick(rand, NETS)] : [])];
  else if (n < 0.35) e.notNets = [pick(rand, NETS)];
  if (withPorts) {
    const p = rand();
    if (p < 0.3) e.ports = [pick(rand, PORTS)];
    else if (p < 0.4) {
      const lo = pick(rand, PORTS);
      e.ports = [`${lo}:${lo + pick(rand, [1, 100, 9000])}`];
    }
    else if (p < 0.45) e.ports = ["http"];
    else if (p < 0.5) e.notPorts = [pick(rand, PORTS)];
  }
  return e;
}

function rule(rand: Rand): Rule {
  const a = rand();
  const action = a < 0.35 ? "Allow" : a < 0.65 ? "Deny" : a < 0.85 ? "Pass" : "Log";
  const pr = rand();
  const protocol = pr < 0.4 ? "TCP" : pr < 0.6 ? "UDP" : pr < 0.65 ? "ICMP" : undefined;
  const carries = protocol === "TCP" || protocol === "UDP";
  const out: { -readonly [K in keyof Rule]: Rule[K] } = { action };
  if (protocol !== undefined) out.protocol = protocol;
  if (rand() < 0.5) out.source = entity(rand, false);
  if (rand() < 0.5) out.destination = entity(rand, carries);
  if (rand() < 0.03) out.notProtocol = "UDP";
  if (rand() < 0.03) out.ipVersion = 6;
  if (protocol === undefined && rand() < 0.03) out.icmp = { type: 8 };
  return out;
}

function rules(rand: Rand, max: number): Rule[] {
  return Array.from({ length: Math.floor(rand() * (max + 1)) }, () => rule(rand));
}

function randomInput(seed: number): { namespaces: NamespaceModel[]; endpoints: EndpointModel[]; resources: CalicoResource[] } {
  const rand = mulberry32(seed);
  const namespaces: NamespaceModel[] = ["ns0", "ns1", "ns2"].map((name, i) => ({ name, labels: { team: TEAMS[i % 2] ?? "a" } }));
  const endpoints: EndpointModel[] = Array.from({ length: 24 }, (_, i) => {
    const ips = [`10.${1 + (i % 3)}.0.${(i * 37) % 250}`, ...(i % 7 === 0 ? ["fd00::1"] : [])];
    if (i % 11 === 5) return { kind: "host" as const, name: `host-${i}`, labels: { app: pick(rand, APPS) }, ips };
    return {
      kind: "workload" as const,
      namespace: `ns${i % 3}`,
      name: `pod-${i}`,
      labels: { app: pick(rand, APPS) },
      ips: i % 13 === 12 ? ["fd00::2"] : ips,
      ports: [{ name: "http", port: pick(rand, [80, 8080]), protocol: "TCP" as const }],
      ...(i % 5 === 0 ? { serviceAccount: "sa" } : {}),
    };
  });
  const resources: CalicoResource[] = [];
  // Some sets have a network set: selectors then also match by address (not cacheable).
  if (seed % 4 === 0) resources.push({ kind: "GlobalNetworkSet", metadata: { name: "ext", labels: { app: "db" } }, spec: { nets: ["192.168.0.0/16", "10.2.0.0/24"] } });
  const tiers = 1 + Math.floor(rand() * 4);
  for (let t = 0; t < tiers; t++) resources.push({ kind: "Tier", metadata: { name: `t${t}` }, spec: { order: t * 10, defaultAction: rand() < 0.5 ? "Deny" : "Pass" } });
  const policies = 2 + Math.floor(rand() * 10);
  for (let p = 0; p < policies; p++) {
    const tier = `t${Math.floor(rand() * tiers)}`;
    const selector = rand() < 0.2 ? "all()" : `app in {'${pick(rand, APPS)}', '${pick(rand, APPS)}'}`;
    // Every fifth policy has more rules than a pre-filter mask holds (checked in full).
    const ingress = rules(rand, p % 5 === 4 ? 40 : 4);
    const egress = rules(rand, 4);
    const spec = { tier, order: Math.floor(rand() * 5), selector, types: ["Ingress" as const, "Egress" as const], ingress, egress };
    const k = rand();
    if (k < 0.4) resources.push({ kind: "GlobalNetworkPolicy", metadata: { name: `${tier}.g${p}` }, spec });
    else if (k < 0.75) resources.push({ kind: "NetworkPolicy", metadata: { name: `${tier}.n${p}`, namespace: `ns${p % 3}` }, spec });
    else if (k < 0.9) resources.push({ kind: "StagedGlobalNetworkPolicy", metadata: { name: `${tier}.sg${p}` }, spec });
    else resources.push({ kind: "StagedGlobalNetworkPolicy", metadata: { name: `${tier}.sd${p}` }, spec: { tier, order: 3, selector, types: ["Ingress", "Egress"] } });
  }
  return { namespaces, endpoints, resources };
}

function randomPeer(rand: Rand, endpoints: readonly EndpointModel[]): Peer {
  const r = rand();
  if (r < 0.8) return { kind: "endpoint", endpoint: pick(rand, endpoints) };
  if (r < 0.85) return { kind: "endpoint", endpoint: pick(rand, endpoints), ip: pick(rand, ["10.1.7.7", "10.2.0.9", "fd00::9", "fd01::9"]) };
  return { kind: "external", ip: pick(rand, ["10.1.0.37", "10.2.0.200", "192.168.1.1", "8.8.8.8", "fd00::1", "fd00::3"]) };
}

function randomConnection(rand: Rand, endpoints: readonly EndpointModel[]): Connection {
  const r = rand();
  const base = { source: randomPeer(rand, endpoints), destination: randomPeer(rand, endpoints) };
  if (r < 0.45) return { ...base, protocol: "TCP", port: pick(rand, [...PORTS, 81, 8081, 9050]) };
  if (r < 0.75) return { ...base, protocol: "UDP", port: pick(rand, PORTS) };
  if (r < 0.85) return { ...base, protocol: "ICMP", icmp: { type: 8 } };
  if (r < 0.9) return { ...base, protocol: "TCP" };
  return { ...base, protocol: "SCTP", port: pick(rand, PORTS) };
}

function build(input: ReturnType<typeof randomInput>): CompiledPolicySet {
  const r = buildPolicySet(input);
  if (!r.ok) throw new Error(JSON.stringify(r.error.slice(0, 3)));
  return r.value;
}

describe("evaluate decided-results cache", () => {
  it("gives the same verdicts and traces as the uncached walk on random sets", () => {
    let compared = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const input = randomInput(seed);
      const cached = build(input);
      const reference = build(input);
      const rand = mulberry32(seed * 7919);
      const conns = Array.from({ length: 300 }, () => randomConnection(rand, input.endpoints));
      // Two passes: the second is answered from the cache where the key allows.
      for (let pass = 0; pass < 2; pass++) {
        for (const conn of conns) {
          const got = evaluate(cached, conn);
          const want = evaluateUncached(reference, conn);
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            expect({ seed, conn, verdict: got }).toEqual({ seed, conn, verdict: want });
          }
          compared++;
        }
      }
    }
    expect(compared).toBe(60 * 300 * 2);
  });

  it("returns shared, frozen verdicts for connections with the same key", () => {
    const input = randomInput(3);
    const set = build(input);
    const [a, b] = input.endpoints.filter((e) => e.kind === "workload");
    if (a === undefined || b === undefined) throw new Error("no workloads");
    const conn: Connection = { source: { kind: "endpoint", endpoint: a }, destination: { kind: "endpoint", endpoint: b }, protocol: "TCP", port: 80 };
    const first = evaluate(set, conn);
    const second = evaluate(set, conn);
    expect(second).toEqual(first);
    expect(second.ingress).toBe(first.ingress);
    expect(Object.isFrozen(second.ingress?.trace)).toBe(true);
  });
});
