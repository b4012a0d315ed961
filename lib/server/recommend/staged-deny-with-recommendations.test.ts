/**
 * Workshop W2.3 on the embedded demo cluster (throwaway PGlite folder): namespace-isolation
 * recommendations are generated from simulated traffic (stagedAction Learn), then a default deny
 * for `catfacts` is staged. The would-be denials must show in the simulator's flows (pending
 * action), the graph, the what-if probe and the impact preview whatever the recommendations'
 * state (learning, dismissed); only a recommendation added to the board (Set) is counted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StagedGlobalNetworkPolicy, StagedNetworkPolicy } from "@/lib/calico/types";
import type { ClusterBackend } from "@/lib/cluster/backend";
import type { FlowLog } from "@/lib/flows";
import { pendingActionOf } from "@/lib/flows";
import { closeDatabase } from "@/lib/server/db";
import { EMBEDDED_CLUSTER_ID, getClusterBackend } from "@/lib/server/cluster/registry";
import { runSimulatedInterval } from "@/lib/server/flows/simulator";
import { groupedFlows, queryGraph } from "@/lib/server/flows/graph";
import { loadClusterSnapshot } from "@/lib/server/policy/snapshot";
import { previewImpact, runWhatIf } from "@/lib/server/policy/what-if";
import { actOnRecommendations, recomputeRecommendations } from "@/lib/server/recommend/namespaces";
import { saveRecommendationSettings } from "@/lib/server/recommend/settings-ops";

const NS = "catfacts";
const T0 = 1_800_000_000;
const actor = "alice";
let dir: string;
let backend: ClusterBackend;

/** W2.3's policy as the console stages it (tier default, namespace selector). */
const stagedDeny: StagedGlobalNetworkPolicy = {
  kind: "StagedGlobalNetworkPolicy",
  metadata: { name: "default-deny" },
  spec: { tier: "default", namespaceSelector: `kubernetes.io/metadata.name == "${NS}"`, types: ["Ingress", "Egress"] },
};

const inCatfacts = (f: FlowLog): boolean => f.source.namespace === NS && f.dest.namespace === NS;

async function catfactsFlows(from: number, to: number): Promise<FlowLog[]> {
  return (await groupedFlows(EMBEDDED_CLUSTER_ID, from, to, "workload")).filter(inCatfacts);
}

async function recommendation(): Promise<StagedNetworkPolicy | undefined> {
  const snap = await loadClusterSnapshot(backend);
  return snap.resources.find((r): r is StagedNetworkPolicy => r.kind === "StagedNetworkPolicy" && r.metadata.namespace === NS && r.spec.tier === "namespace-isolation");
}

/** A probe between two catfacts pods that talk to each other in the simulated traffic. */
async function probePendingAllowed(): Promise<boolean> {
  const snap = await loadClusterSnapshot(backend);
  const flows = await catfactsFlows(T0, T0 + 600);
  const f = flows.find((x) => x.reporter === "src" && x.proto === "tcp" && typeof x.dest.port === "number");
  expect(f).toBeDefined();
  const pod = (aggr: string | undefined) => snap.models.endpoints.find((e) => e.kind === "workload" && e.namespace === NS && aggr !== undefined && e.name.startsWith(aggr.replace(/-\*$/, "").replace(/\*$/, "")));
  const src = pod(f?.source.nameAggr);
  const dst = pod(f?.dest.nameAggr);
  expect(src).toBeDefined();
  expect(dst).toBeDefined();
  const reply = await runWhatIf(backend, {
    source: { kind: "workload", namespace: NS, name: src?.name ?? "" },
    destination: { kind: "workload", namespace: NS, name: dst?.name ?? "" },
    protocol: "TCP",
    ...(typeof f?.dest.port === "number" ? { port: f.dest.port } : {}),
  });
  expect(reply.results.length).toBeGreaterThan(0);
  expect(reply.results.every((r) => r.verdict.allowed)).toBe(true);
  return reply.results.every((r) => r.verdict.staged.allowed);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "palisade-w23-"));
  process.env.PALISADE_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  backend = await getClusterBackend(EMBEDDED_CLUSTER_ID);
  // Traffic to learn from, then one engine run: a Learn recommendation per namespace.
  await runSimulatedInterval(EMBEDDED_CLUSTER_ID, T0, T0 + 120);
  await saveRecommendationSettings(EMBEDDED_CLUSTER_ID, {
    enabled: true,
    namespaceSelector: `projectcalico.org/name == "${NS}"`,
    intervalSeconds: 60,
    initialLookbackSeconds: 3600,
    stabilizationSeconds: 600,
  });
  await recomputeRecommendations(EMBEDDED_CLUSTER_ID, T0 + 130, actor);
  await backend.apply([stagedDeny], { actor });
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe("W2.3: a staged default deny shows would-be denials even when recommendations exist", () => {
  it("the recommendation is learning and allows the namespace's observed traffic", async () => {
    const rec = await recommendation();
    expect(rec?.spec.stagedAction).toBe("Learn");
    expect((rec?.spec.ingress?.length ?? 0) + (rec?.spec.egress?.length ?? 0)).toBeGreaterThan(0);
  });

  it("learning: flows, graph, probe and impact preview show the would-be denials", async () => {
    await runSimulatedInterval(EMBEDDED_CLUSTER_ID, T0 + 200, T0 + 260);
    const flows = await catfactsFlows(T0 + 200, T0 + 260);
    expect(flows.length).toBeGreaterThan(0);
    for (const f of flows) {
      expect(f.action).toBe("allow");
      expect(pendingActionOf(f)).toBe("deny");
      expect(f.policies?.pending.some((p) => p.includes("staged:default.default-deny"))).toBe(true);
      expect(f.policies?.pending.join(" ")).not.toContain("namespace-isolation");
    }
    const graph = await queryGraph(EMBEDDED_CLUSTER_ID, { from: T0 + 200, to: T0 + 260, level: "namespace" }, T0 + 260);
    const edges = graph.edges.filter((e) => e.source.includes(NS) && e.target.includes(NS));
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.every((e) => e.stats.stagedDenied === e.stats.flows)).toBe(true);
    expect(await probePendingAllowed()).toBe(false);
    // Removing the staged deny changes the pending verdict of the namespace's connections.
    const impact = await previewImpact(backend, { upserts: [], deletes: ["StagedGlobalNetworkPolicy/default-deny"], windowMinutes: 5 }, (T0 + 260) * 1000);
    const inNs = impact.changed.filter((c) => c.source.startsWith(`${NS}/`) && c.destination.startsWith(`${NS}/`));
    expect(inNs.length).toBeGreaterThan(0);
    expect(inNs.every((c) => c.before.pending.allowed === false && c.after.pending.allowed === true)).toBe(true);
  });

  it("dismissed (Ignore): still not counted", async () => {
    await actOnRecommendations(EMBEDDED_CLUSTER_ID, { action: "dismiss", namespaces: [NS] }, actor);
    expect((await recommendation())?.spec.stagedAction).toBe("Ignore");
    await runSimulatedInterval(EMBEDDED_CLUSTER_ID, T0 + 300, T0 + 360);
    const flows = await catfactsFlows(T0 + 300, T0 + 360);
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((f) => pendingActionOf(f) === "deny")).toBe(true);
    expect(await probePendingAllowed()).toBe(false);
  });

  it("added to the board (Set): counted, and it admits the traffic it learned", async () => {
    await actOnRecommendations(EMBEDDED_CLUSTER_ID, { action: "activate", namespaces: [NS] }, actor);
    expect((await recommendation())?.spec.stagedAction).toBe("Set");
    await runSimulatedInterval(EMBEDDED_CLUSTER_ID, T0 + 400, T0 + 460);
    const flows = await catfactsFlows(T0 + 400, T0 + 460);
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.some((f) => pendingActionOf(f) === "allow" && f.policies?.pending.some((p) => p.includes("namespace-isolation")))).toBe(true);
    expect(await probePendingAllowed()).toBe(true);
  });
});
