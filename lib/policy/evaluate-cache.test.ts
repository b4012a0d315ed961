/**
 * Differential test of evaluate's decided-results cache and of the rule selector tests shared
 * between rules: random policy sets and random connections, judged by `evaluate` (the fast path
 * reading the DecidedIndex, then the cached walk) on a set built as every caller builds it, and
 * by `evaluateUncached` (every connection walks its tiers) on a reference set built without
 * shared selector tests and with pending walks reading their own filter's masks; whole verdicts, traces included, must be equal. Connections repeat and
 * label classes are few (several endpoints per class), so most cached answers are reused by
 * connections that differ in endpoint, address, port or selector answers.
 */
import { describe, expect, it } from "vitest";
import type { CalicoResource, EntityRule, Rule } from "@/lib/calico/types";
import type { CompiledPolicySet, Connection, EndpointModel, NamespaceModel, Peer } from "@/lib/policy";
import { buildPolicySet, evaluate } from "@/lib/policy";
import { evaluateUncached } from "@/lib/policy/evaluate";
import { buildPolicySetWith } from "@/lib/policy/build";
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
  if (r < 0.25) e.selector = `app == '${pick(rand, APPS)}'`;
  else if (r < 0.33) e.selector = `app in {'${pick(rand, APPS)}', '${pick(rand, APPS)}'}`;
  else if (r < 0.4) e.namespaceSelector = `team == '${pick(rand, TEAMS)}'`;
  else if (r < 0.45) e.notSelector = `app == '${pick(rand, APPS)}'`;
  else if (r < 0.5) e.namespaceSelector = "all()";
  else if (r < 0.53) e.namespaceSelector = "global()";
  else if (r < 0.56) e.serviceAccounts = { names: ["sa"] };
  else if (r < 0.59) e.serviceAccounts = { selector: "role == 'admin'" };
  else if (r < 0.62) {
    e.namespaceSelector = `team == '${pick(rand, TEAMS)}'`;
    e.selector = `has(app) && app != '${pick(rand, APPS)}'`;
  }
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
  const namespaces: NamespaceModel[] = ["ns0", "ns1", "ns2"].map((name, i) => ({
    name,
    labels: { team: TEAMS[i % 2] ?? "a" },
    serviceAccounts: [{ name: "sa", labels: { role: i === 1 ? "admin" : "user" } }],
  }));
  // 48 endpoints over few label classes: several endpoints (different addresses) per class.
  const endpoints: EndpointModel[] = Array.from({ length: 48 }, (_, i) => {
    const ips = i % 17 === 16 ? [] : [`10.${1 + (i % 3)}.0.${(i * 37) % 250}`, ...(i % 7 === 0 ? ["fd00::1"] : [])];
    if (i % 11 === 5) {
      const profiles = pick(rand, [[], ["projectcalico-default-allow"], ["kns.ns0"], ["ksa.ns0.sa", "kns.ns1"]]);
      return { kind: "host" as const, name: `host-${i}`, labels: { app: pick(rand, APPS) }, ips, ...(profiles.length > 0 ? { profiles } : {}) };
    }
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
  let previous: { ingress: Rule[]; egress: Rule[] } | undefined;
  for (let p = 0; p < policies; p++) {
    const tier = `t${Math.floor(rand() * tiers)}`;
    const selector = rand() < 0.2 ? "all()" : `app in {'${pick(rand, APPS)}', '${pick(rand, APPS)}'}`;
    // Every fifth policy has more rules than a pre-filter mask holds (checked in full). Some
    // policies repeat the previous one's rules (in another namespace, tier or kind): their
    // selector tests are shared only where they test the same thing.
    const repeat = previous !== undefined && rand() < 0.3 ? previous : undefined;
    const ingress = repeat?.ingress ?? rules(rand, p % 5 === 4 ? 40 : 4);
    const egress = repeat?.egress ?? rules(rand, 4);
    previous = { ingress, egress };
    const scope = rand();
    const spec = {
      tier,
      order: Math.floor(rand() * 5),
      selector,
      types: ["Ingress" as const, "Egress" as const],
      ingress,
      egress,
      ...(scope < 0.1 ? { serviceAccountSelector: "role == 'admin'" } : {}),
    };
    const k = rand();
    if (k < 0.35) {
      const global = scope >= 0.1 && scope < 0.2 ? { ...spec, namespaceSelector: `team == '${pick(rand, TEAMS)}'` } : spec;
      resources.push({ kind: "GlobalNetworkPolicy", metadata: { name: `${tier}.g${p}` }, spec: global });
    } else if (k < 0.7) resources.push({ kind: "NetworkPolicy", metadata: { name: `${tier}.n${p}`, namespace: `ns${p % 3}` }, spec });
    else if (k < 0.8) resources.push({ kind: "StagedGlobalNetworkPolicy", metadata: { name: `${tier}.sg${p}` }, spec });
    else if (k < 0.9) {
      // A staged version of an enforced namespaced policy name, or a new one, with every stagedAction.
      const stagedAction = pick(rand, ["", "Set", "Delete", "Learn", "Ignore"] as const);
      resources.push({
        kind: "StagedNetworkPolicy",
        metadata: { name: `${tier}.n${Math.max(0, p - 1)}`, namespace: `ns${Math.max(0, p - 1) % 3}` },
        spec: { ...spec, ...(stagedAction !== "" ? { stagedAction } : {}) },
      });
    } else resources.push({ kind: "StagedGlobalNetworkPolicy", metadata: { name: `${tier}.sd${p}` }, spec: { tier, order: 3, selector, types: ["Ingress", "Egress"] } });
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
  if (r < 0.35) return { ...base, protocol: "TCP", port: pick(rand, [...PORTS, 81, 8081, 9050]) };
  if (r < 0.45) return { ...base, protocol: "TCP", port: pick(rand, PORTS), sourcePort: pick(rand, [80, 40000]), http: { method: "GET", path: "/x" } };
  if (r < 0.75) return { ...base, protocol: "UDP", port: pick(rand, PORTS) };
  if (r < 0.85) return { ...base, protocol: "ICMP", icmp: { type: 8 } };
  if (r < 0.9) return { ...base, protocol: "TCP" };
  return { ...base, protocol: "SCTP", port: pick(rand, PORTS) };
}

function build(input: ReturnType<typeof randomInput>, asCallersBuild = true): CompiledPolicySet {
  const r = asCallersBuild ? buildPolicySet(input) : buildPolicySetWith(input, { sharePeerTests: false, pendingMasksFromEnforced: false });
  if (!r.ok) throw new Error(JSON.stringify(r.error.slice(0, 3)));
  return r.value;
}

describe("evaluate decided-results cache", () => {
  it("gives the same verdicts and traces as the uncached walk on random sets", () => {
    let compared = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const input = randomInput(seed);
      const cached = build(input);
      // The same, with no translation tables (as past the set's table budget): cells are searched.
      const untabled = build(input);
      untabled.internal.globalBounds.tableBudget.left = 0;
      const reference = build(input, false);
      const rand = mulberry32(seed * 7919);
      const conns = Array.from({ length: 300 }, () => randomConnection(rand, input.endpoints));
      // Two passes: the second is answered from the cache where the key allows.
      for (let pass = 0; pass < 2; pass++) {
        for (const conn of conns) {
          const want = evaluateUncached(reference, conn);
          for (const set of [cached, untabled]) {
            const got = evaluate(set, conn);
            if (JSON.stringify(got) !== JSON.stringify(want)) {
              expect({ seed, tables: set === cached, conn, verdict: got }).toEqual({ seed, tables: set === cached, conn, verdict: want });
            }
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(60 * 300 * 2 * 2);
  });

  it("returns shared, frozen verdicts for connections with the same key", () => {
    const namespaces: NamespaceModel[] = [{ name: "ns0", labels: {} }];
    const pod = (i: number, app: string): EndpointModel => ({ kind: "workload", namespace: "ns0", name: `pod-${i}`, labels: { app }, ips: [`10.0.0.${i}`] });
    const [a, b, c] = [pod(1, "web"), pod(2, "db"), pod(3, "db")];
    const rule: Rule = { action: "Allow", protocol: "TCP", source: { selector: "app == 'web'" }, destination: { ports: [80] } };
    const resources: CalicoResource[] = [{ kind: "GlobalNetworkPolicy", metadata: { name: "default.db" }, spec: { selector: "app == 'db'", ingress: [rule] } }];
    const set = build({ namespaces, endpoints: [a, b, c], resources });
    const conn = (to: EndpointModel): Connection => ({ source: { kind: "endpoint", endpoint: a }, destination: { kind: "endpoint", endpoint: to }, protocol: "TCP", port: 80 });
    const first = evaluate(set, conn(b));
    const second = evaluate(set, conn(b));
    // Another endpoint of the same label class, with another address: the same decided result.
    const third = evaluate(set, conn(c));
    expect(first.ingress).toMatchObject({ action: "Allow", policy: "default.db", rule: 0 });
    expect(second).toEqual(first);
    expect(second.ingress).toBe(first.ingress);
    expect(third.ingress).toBe(first.ingress);
    expect(Object.isFrozen(second.ingress?.trace)).toBe(true);
  });
});
