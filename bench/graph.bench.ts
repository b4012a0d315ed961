/**
 * Service-graph benchmark: flows for 2,000 pods in 40 namespaces and 10,000 distinct pod pairs
 * (each reported at src and dst: 20,000 records, pod to pod without Services), built at pod
 * level (2,000 pod nodes plus 40 namespace containers, 10,000
 * edges), then filtered (hide unrelated, depth 2; an action filter), folded by
 * aggregateLargeGraph, and diffed against a graph built from the next interval with 5 % of
 * the pairs changed. Each stage is timed in RUNS rounds and the medians are reported (the
 * first round includes JIT warm-up; the median is what a page pays on its second refresh on).
 * `npx tsx bench/graph.bench.ts` prints the figures as JSON; `runGraphBench()` returns them.
 */
import { pathToFileURL } from "node:url";
import type { FlowLog } from "@/lib/flows";
import { aggregateLargeGraph, applyGraphDiff, buildGraph, diffGraph, filterGraph, graphDiffModel } from "@/lib/graph";
import { createRng } from "@/lib/random";

export interface GraphBenchOptions {
  readonly pods?: number;
  readonly namespaces?: number;
  readonly pairs?: number;
  readonly seed?: number;
}

export interface GraphBenchResult {
  readonly records: number;
  readonly nodes: number;
  readonly edges: number;
  readonly buildMs: number;
  readonly filterMs: number;
  readonly aggregateMs: number;
  readonly diffMs: number;
  readonly applyMs: number;
  readonly totalMs: number;
  readonly focusNodes: number;
  readonly diffSize: number;
  /** Rounds timed; every *Ms figure is the median over them. */
  readonly runs: number;
}

const RUNS = 5;

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function makeFlows(o: Required<GraphBenchOptions>, variant: number): FlowLog[] {
  const rng = createRng(o.seed);
  const pod = (i: number) => ({ ns: `ns${i % o.namespaces}`, name: `app${i}-5f6d8c9b7c-abcde`, ip: `10.${(i >> 8) & 255}.${i & 255}.1` });
  const out: FlowLog[] = [];
  const seen = new Set<string>();
  while (seen.size < o.pairs) {
    const a = rng.int(0, o.pods - 1);
    const b = rng.int(0, o.pods - 1);
    const key = `${a}>${b}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    const changed = variant > 0 && seen.size % 20 === 0;
    const s = pod(a);
    const d = pod(changed ? (b + variant) % o.pods : b);
    const deny = rng.next() < 0.1;
    for (const reporter of ["src", "dst"] as const) {
      out.push({
        startTime: 1_700_000_000,
        endTime: 1_700_000_015,
        source: { type: "wep", namespace: s.ns, name: s.name, nameAggr: s.name.replace(/-abcde$/, "-*"), ip: s.ip, port: null, labels: { app: `app${a}` } },
        dest: { type: "wep", namespace: d.ns, name: d.name, nameAggr: d.name.replace(/-abcde$/, "-*"), ip: d.ip, port: 8080, labels: { app: `app${b}` } },
        destService: { namespace: "-", name: "-", portName: "-", portNum: null },
        destDomains: [],
        proto: "tcp",
        action: deny && reporter === "dst" ? "deny" : "allow",
        reporter,
        policies: { enforced: ["0|__PROFILE__|__PROFILE__.kns.x|allow|0"], pending: rng.next() < 0.2 ? ["0|default|staged:default.default-deny|deny|-1"] : ["0|__PROFILE__|__PROFILE__.kns.x|allow|0"] },
        bytesIn: rng.int(100, 10_000),
        bytesOut: rng.int(100, 10_000),
        packetsIn: 5,
        packetsOut: 5,
        numFlows: rng.int(1, 20),
        numFlowsStarted: 1,
        numFlowsCompleted: 1,
      });
    }
  }
  return out;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, Math.round((performance.now() - t0) * 10) / 10];
}

/** Runs the benchmark. Deterministic inputs for a seed. */
export function runGraphBench(options: GraphBenchOptions = {}): GraphBenchResult {
  const o: Required<GraphBenchOptions> = { pods: 2_000, namespaces: 40, pairs: 10_000, seed: 42, ...options };
  const flows = makeFlows(o, 0);
  const nextFlows = makeFlows(o, 7);
  const rounds = Array.from({ length: RUNS }, () => {
    const [graph, buildMs] = time(() => buildGraph(flows, { level: "pod" }));
    const pods = graph.nodes.filter((n) => n.kind === "pod");
    const [focus, filterMs] = time(() => {
      const f = filterGraph(graph, { focus: { nodeId: pods[0]?.id ?? "", depth: 2 } });
      filterGraph(graph, { actions: ["denied"] });
      return f;
    });
    const [, aggregateMs] = time(() => aggregateLargeGraph(graph, 500));
    const next = buildGraph(nextFlows, { level: "pod" });
    const [diff, diffMs] = time(() => diffGraph(graph, next));
    const [, applyMs] = time(() => applyGraphDiff(graphDiffModel(graph), diff));
    return { graph, focus, diff, buildMs, filterMs, aggregateMs, diffMs, applyMs };
  });
  const last = rounds[rounds.length - 1];
  if (last === undefined) throw new Error("no rounds");
  const { graph, focus, diff } = last;
  const m = (k: "buildMs" | "filterMs" | "aggregateMs" | "diffMs" | "applyMs"): number => median(rounds.map((r) => r[k]));
  const [buildMs, filterMs, aggregateMs, diffMs, applyMs] = [m("buildMs"), m("filterMs"), m("aggregateMs"), m("diffMs"), m("applyMs")];
  return {
    records: flows.length,
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    buildMs,
    filterMs,
    aggregateMs,
    diffMs,
    applyMs,
    totalMs: Math.round((buildMs + filterMs + aggregateMs + diffMs + applyMs) * 10) / 10,
    focusNodes: focus.nodes.length,
    diffSize: diff.addEdges.length + diff.removeEdges.length + diff.updateEdges.length + diff.addNodes.length + diff.removeNodes.length + diff.updateNodes.length,
    runs: RUNS,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(runGraphBench(), null, 2)}\n`);
}
