/**
 * Recommender benchmark: 1,000,000 allowed flow records over 40 namespaces of 25 workloads each
 * (pod-to-pod with and without Services, network sets, domains, public and private networks,
 * src and dst reports) → one namespace-isolation recommendation per namespace (target ≤ 30 s);
 * and one workload with 100,000 flows through the wizard's engine (target ≤ 5 s).
 * `npx tsx bench/recommend.bench.ts` prints the figures as JSON; `runRecommendBench()` returns them.
 */
import { pathToFileURL } from "node:url";
import type { FlowEndpoint, FlowLog } from "@/lib/flows";
import type { ServiceModel, WorkloadEndpoint } from "@/lib/policy";
import { recommendForNamespaces, recommendForWorkload } from "@/lib/recommend";
import type { RecommendCluster } from "@/lib/recommend";
import { createRng } from "@/lib/random";

export interface RecommendBenchOptions {
  readonly records?: number;
  readonly workloadRecords?: number;
  readonly namespaces?: number;
  readonly workloadsPerNamespace?: number;
  readonly seed?: number;
}

export interface RecommendBenchResult {
  readonly records: number;
  readonly namespaces: number;
  readonly namespaceRules: number;
  readonly namespacesMs: number;
  readonly namespacesBudgetMs: number;
  readonly workloadRecords: number;
  readonly workloadRules: number;
  readonly workloadMs: number;
  readonly workloadBudgetMs: number;
  readonly withinBudget: boolean;
}

const NONE: FlowLog["destService"] = { namespace: "-", name: "-", portName: "-", portNum: null };

function makeCluster(o: Required<RecommendBenchOptions>): RecommendCluster {
  const endpoints: WorkloadEndpoint[] = [];
  const services: ServiceModel[] = [];
  for (let n = 0; n < o.namespaces; n++) {
    for (let w = 0; w < o.workloadsPerNamespace; w++) {
      for (let p = 0; p < 2; p++) endpoints.push({ kind: "workload", namespace: `ns${n}`, name: `app${w}-5f6d8c9b7c-p${p}abc`, labels: { app: `app${w}`, "pod-template-hash": "5f6d8c9b7c" }, ips: [`10.${n}.${w}.${p + 1}`] });
      services.push({ namespace: `ns${n}`, name: `app${w}`, selector: { app: `app${w}` }, ports: [{ port: 80, targetPort: 8080 }] });
    }
  }
  return {
    namespaces: Array.from({ length: o.namespaces }, (_, n) => ({ name: `ns${n}`, labels: {} })),
    endpoints,
    services,
    networkSets: [{ kind: "GlobalNetworkSet", metadata: { name: "partners", labels: { kind: "partners" } }, spec: { nets: ["198.18.0.0/16"] } }],
  };
}

function makeFlows(o: Required<RecommendBenchOptions>, count: number, pinned?: { ns: number; w: number }): FlowLog[] {
  const rng = createRng(o.seed);
  const wep = (n: number, w: number, port: number | null): FlowEndpoint => ({ type: "wep", namespace: `ns${n}`, name: "-", nameAggr: `app${w}-5f6d8c9b7c-*`, ip: null, port, labels: { app: `app${w}`, "pod-template-hash": "5f6d8c9b7c" } });
  const out: FlowLog[] = new Array<FlowLog>(count);
  for (let i = 0; i < count; i++) {
    const n = pinned?.ns ?? Math.floor(rng.next() * o.namespaces);
    const w = pinned?.w ?? Math.floor(rng.next() * o.workloadsPerNamespace);
    const src = rng.next() < 0.5;
    const roll = rng.next();
    const start = 1_700_000_000 + Math.floor(rng.next() * 86_400);
    let remote: FlowEndpoint;
    let service = NONE;
    let domains: string[] = [];
    let port = 8080;
    if (roll < 0.6) {
      const rn = rng.next() < 0.7 ? n : Math.floor(rng.next() * o.namespaces);
      const rw = Math.floor(rng.next() * o.workloadsPerNamespace);
      remote = wep(rn, rw, null);
      if (src && rng.next() < 0.5) service = { namespace: `ns${rn}`, name: `app${rw}`, portName: "-", portNum: 80 };
    } else if (roll < 0.7) remote = { type: "ns", namespace: "-", name: "-", nameAggr: "partners", ip: null, port: null, labels: {} };
    else if (roll < 0.85) {
      remote = { type: "net", namespace: "-", name: "-", nameAggr: "pub", ip: null, port: null, labels: {} };
      port = 443;
      if (src) domains = [`api${Math.floor(rng.next() * 50)}.example.com`];
    } else remote = { type: "net", namespace: "-", name: "-", nameAggr: rng.next() < 0.5 ? "pvt" : "pub", ip: null, port: null, labels: {} };
    const local = wep(n, w, null);
    out[i] = {
      startTime: start,
      endTime: start + 15,
      source: src ? local : remote,
      dest: src ? { ...remote, port } : { ...local, port },
      destService: service,
      destDomains: domains,
      proto: rng.next() < 0.9 ? "tcp" : "udp",
      action: "allow",
      reporter: src ? "src" : "dst",
      policies: null,
      bytesIn: 100,
      bytesOut: 100,
      packetsIn: 1,
      packetsOut: 1,
      numFlows: 1,
      numFlowsStarted: 1,
      numFlowsCompleted: 1,
    };
  }
  return out;
}

/** Runs both measurements and reports them against the budgets. */
export function runRecommendBench(options: RecommendBenchOptions = {}): RecommendBenchResult {
  const o: Required<RecommendBenchOptions> = { records: 1_000_000, workloadRecords: 100_000, namespaces: 40, workloadsPerNamespace: 25, seed: 4242, ...options };
  const cluster = makeCluster(o);
  const flows = makeFlows(o, o.records);
  const t0 = performance.now();
  const all = recommendForNamespaces({ flows, cluster });
  const namespacesMs = Math.round(performance.now() - t0);
  let namespaceRules = 0;
  for (const r of all.values()) namespaceRules += (r.policy.spec.ingress?.length ?? 0) + (r.policy.spec.egress?.length ?? 0);
  const one = makeFlows(o, o.workloadRecords, { ns: 0, w: 0 });
  const t1 = performance.now();
  const rec = recommendForWorkload({ namespace: "ns0", workload: "app0", flows: one, cluster });
  const workloadMs = Math.round(performance.now() - t1);
  const workloadRules = (rec.policy.spec.ingress?.length ?? 0) + (rec.policy.spec.egress?.length ?? 0);
  return { records: o.records, namespaces: all.size, namespaceRules, namespacesMs, namespacesBudgetMs: 30_000, workloadRecords: o.workloadRecords, workloadRules, workloadMs, workloadBudgetMs: 5_000, withinBudget: namespacesMs <= 30_000 && workloadMs <= 5_000 };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(runRecommendBench(), null, 2)}\n`);
}
