/**
 * Policy-engine benchmark: 10,000 endpoints, 1,000 policies (10,000 rules) in 50 tiers,
 * 1,000,000 connection tuples. Budget (issue #14): ≤ 3 s on one core, build + evaluation
 * (the single JS thread; `totalCpuMs` is the CPU time of both, for a loaded machine). `npx tsx bench/engine.bench.ts`
 * prints the figures as JSON; `runEngineBench()` returns them.
 *
 * Workload: 50 namespaces; endpoints in deployments of 10 replicas over 200 apps; 50 tiers
 * (every fifth with defaultAction Deny, the rest Pass); 500 GlobalNetworkPolicies and 500
 * NetworkPolicies, 5 ingress + 5 egress rules each (selectors, namespaceSelectors, port ranges,
 * nets, Pass every fifth rule); one StagedGlobalNetworkPolicy default deny, so every connection
 * also gets a pending verdict. Connections: random endpoint pairs, TCP/UDP over ~250 ports.
 */
import { pathToFileURL } from "node:url";
import type { CalicoResource, Rule } from "@/lib/calico/types";
import type { Connection, NamespaceModel, WorkloadEndpoint } from "@/lib/policy";
import { buildPolicySet, evaluate } from "@/lib/policy";
import { mulberry32 } from "@/lib/random";

export interface EngineBenchOptions {
  readonly endpoints?: number;
  readonly policies?: number;
  readonly rulesPerPolicy?: number;
  readonly tiers?: number;
  readonly connections?: number;
  /** Apps each policy selector names (1-5); more apps = more policies per endpoint. */
  readonly appsPerSelector?: number;
  readonly seed?: number;
}

export interface EngineBenchResult {
  readonly endpoints: number;
  readonly policies: number;
  readonly rules: number;
  readonly tiers: number;
  readonly connections: number;
  readonly appsPerSelector: number;
  readonly buildMs: number;
  readonly evaluateMs: number;
  readonly totalMs: number;
  /** CPU time (user + system) of build + evaluation: the wall time minus other processes' share. */
  readonly totalCpuMs: number;
  readonly evaluationsPerSecond: number;
  readonly allowed: number;
  readonly stagedAllowed: number;
  readonly budgetMs: number;
  readonly withinBudget: boolean;
}

const APPS = 200;
const NAMESPACES = 50;

function makeRule(rand: () => number, i: number): Rule {
  const action = i % 5 === 4 ? "Pass" : rand() < 0.5 ? "Allow" : "Deny";
  switch (i % 4) {
    case 0:
      return { action, protocol: "TCP", source: { selector: `app == 'app${Math.floor(rand() * APPS)}'` }, destination: { ports: [8000 + Math.floor(rand() * 50)] } };
    case 1:
      return { action, protocol: "TCP", destination: { ports: [`${9000 + Math.floor(rand() * 20)}:${9100 + Math.floor(rand() * 20)}`] } };
    case 2:
      return { action, source: { nets: [`10.${Math.floor(rand() * 40)}.0.0/16`] } };
    default:
      return { action, protocol: "UDP", source: { namespaceSelector: `team == 't${Math.floor(rand() * 10)}'`, selector: `tier in {'web', 'api'}` } };
  }
}

function buildInput(o: Required<EngineBenchOptions>): { namespaces: NamespaceModel[]; endpoints: WorkloadEndpoint[]; resources: CalicoResource[] } {
  const rand = mulberry32(o.seed);
  const namespaces: NamespaceModel[] = Array.from({ length: NAMESPACES }, (_, i) => ({ name: `ns${i}`, labels: { team: `t${i % 10}` } }));
  // Endpoints come in deployments of 10 replicas (same labels and namespace): 1,000 distinct
  // (app, namespace) groups for 10,000 endpoints.
  const endpoints: WorkloadEndpoint[] = Array.from({ length: o.endpoints }, (_, i) => {
    const group = Math.floor(i / 10);
    return {
    kind: "workload",
    namespace: `ns${Math.floor(group / 20) % NAMESPACES}`,
    name: `pod-${i}`,
    labels: { app: `app${group % APPS}`, tier: ["web", "api", "db"][group % 3] ?? "web" },
    ips: [`10.${Math.floor(i / 250) % 40}.${i % 250}.${1 + (Math.floor(i / 10000) % 250)}`],
    ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    };
  });
  const resources: CalicoResource[] = [];
  for (let t = 0; t < o.tiers; t++) {
    resources.push({ kind: "Tier", metadata: { name: `tier${t}` }, spec: { order: (t + 1) * 10, defaultAction: t % 5 === 4 ? "Deny" : "Pass" } });
  }
  for (let p = 0; p < o.policies; p++) {
    const tier = `tier${p % o.tiers}`;
    // rulesPerPolicy rules in all: the first half ingress, the rest egress.
    const rules = Array.from({ length: o.rulesPerPolicy }, (_, i) => makeRule(rand, i));
    const half = Math.ceil(rules.length / 2);
    const spec = {
      tier,
      order: Math.floor(rand() * 100),
      // `appsPerSelector` apps per selector: 3 gives each endpoint about 6 policies per direction.
      selector: `app in {${[p, p * 7, p * 13 + 5, p * 31 + 11, p * 17 + 3].slice(0, o.appsPerSelector).map((x) => `'app${x % APPS}'`).join(", ")}}`,
      types: ["Ingress" as const, "Egress" as const],
      ingress: rules.slice(0, half),
      egress: rules.slice(half),
    };
    if (p % 2 === 0) resources.push({ kind: "GlobalNetworkPolicy", metadata: { name: `${tier}.gnp-${p}` }, spec });
    else {
      // Put each namespaced policy in the namespace of a deployment its selector selects.
      const group = (p % APPS) + APPS * (p % 5);
      const ns = `ns${Math.floor(group / 20) % NAMESPACES}`;
      resources.push({ kind: "NetworkPolicy", metadata: { name: `${tier}.np-${p}`, namespace: ns }, spec });
    }
  }
  resources.push({ kind: "StagedGlobalNetworkPolicy", metadata: { name: "default-deny" }, spec: { order: 2000, selector: "all()", types: ["Ingress", "Egress"] } });
  return { namespaces, endpoints, resources };
}

/** Runs the benchmark and returns its figures. Throws if the generated input does not compile. */
export function runEngineBench(options: EngineBenchOptions = {}): EngineBenchResult {
  const o: Required<EngineBenchOptions> = {
    endpoints: 10_000,
    policies: 1_000,
    rulesPerPolicy: 10,
    tiers: 50,
    connections: 1_000_000,
    appsPerSelector: 3,
    seed: 42,
    ...options,
  };
  const input = buildInput(o);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const built = buildPolicySet(input);
  if (!built.ok) throw new Error(`bench input does not compile: ${JSON.stringify(built.error.slice(0, 3))}`);
  const set = built.value;
  const t1 = performance.now();
  const rand = mulberry32(o.seed + 1);
  let allowed = 0;
  let stagedAllowed = 0;
  const eps = input.endpoints;
  for (let i = 0; i < o.connections; i++) {
    const src = eps[Math.floor(rand() * eps.length)];
    const dst = eps[Math.floor(rand() * eps.length)];
    if (src === undefined || dst === undefined) continue;
    const r = rand();
    const conn: Connection = {
      source: { kind: "endpoint", endpoint: src },
      destination: { kind: "endpoint", endpoint: dst },
      protocol: r < 0.7 ? "TCP" : "UDP",
      port: r < 0.35 ? 8000 + Math.floor(rand() * 50) : r < 0.7 ? 9000 + Math.floor(rand() * 150) : 53,
    };
    const v = evaluate(set, conn);
    if (v.allowed) allowed++;
    if (v.staged.allowed) stagedAllowed++;
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const budgetMs = 3_000;
  return {
    endpoints: o.endpoints,
    policies: o.policies,
    rules: o.policies * o.rulesPerPolicy,
    tiers: o.tiers,
    connections: o.connections,
    appsPerSelector: o.appsPerSelector,
    buildMs: Math.round(t1 - t0),
    evaluateMs: Math.round(t2 - t1),
    totalMs: Math.round(t2 - t0),
    totalCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    evaluationsPerSecond: Math.round(o.connections / ((t2 - t1) / 1000)),
    allowed,
    stagedAllowed,
    budgetMs,
    withinBudget: t2 - t0 <= budgetMs,
  };
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  process.stdout.write(`${JSON.stringify(runEngineBench(), null, 2)}\n`);
}
