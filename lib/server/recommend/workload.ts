import "server-only";
/**
 * The single-workload wizard on the server: read the cluster and the range's allowed flows,
 * recommend, judge the recommendation against the same flows.
 */
import type { CalicoResource } from "@/lib/calico/types";
import { toYaml } from "@/lib/calico";
import type { RecommendationCheckRequest, RecommendationCheckView, WorkloadRecommendRequest, WorkloadRecommendationView, WorkloadRefRow } from "@/lib/contracts/recommendations";
import { BadRequestError, ValidationError } from "@/lib/errors";
import { aggregatedPodName, workloadNameOf } from "@/lib/flows";
import { isWorkloadEndpoint, recommendForWorkload } from "@/lib/recommend";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { loadClusterSnapshot } from "@/lib/server/policy/snapshot";
import { parseUpserts } from "@/lib/server/policy/what-if";
import { loadAllowedFlows, loadDnsClients } from "@/lib/server/flows/recommend-reads";
import { judgeRecommendation } from "@/lib/server/recommend/judge";

function checkRange(from: number, to: number): void {
  if (to <= from) throw new BadRequestError("the time range is empty: `to` must be after `from`");
}

/** Recommends a policy for one workload over [from, to). Throws NotFoundError, BadRequestError. */
export async function recommendWorkload(clusterId: string, req: WorkloadRecommendRequest): Promise<WorkloadRecommendationView> {
  checkRange(req.from, req.to);
  const backend = await getClusterBackend(clusterId);
  const [snap, flows, dns] = await Promise.all([loadClusterSnapshot(backend), loadAllowedFlows(clusterId, req.from, req.to, [req.namespace]), loadDnsClients(clusterId, req.from, req.to)]);
  const rec = recommendForWorkload({
    namespace: req.namespace,
    workload: req.workload,
    flows,
    cluster: snap.models,
    options: { dnsLogs: dns, ...(req.tier !== undefined ? { tier: req.tier } : {}), ...(req.order !== undefined ? { order: req.order } : {}), ...(req.name !== undefined ? { name: req.name } : {}) },
  });
  const judged = judgeRecommendation(snap, rec.policy, flows, (ep) => isWorkloadEndpoint(ep, req.namespace, req.workload));
  return { policy: rec.policy, yaml: toYaml([rec.policy]), evidence: rec.evidence, flowsUsed: rec.flowsUsed, flowsSkipped: rec.flowsSkipped, ...judged, workloads: [] };
}

/** Impact and shadowing of an edited recommendation. Throws ValidationError for an invalid policy. */
export async function checkWorkloadPolicy(clusterId: string, req: RecommendationCheckRequest): Promise<RecommendationCheckView> {
  checkRange(req.from, req.to);
  const [policy] = parseUpserts([req.policy]);
  if (policy === undefined || policy.kind === "Tier") throw new ValidationError("not a policy", [{ path: "policy.kind", message: "must be a policy kind" }]);
  const backend = await getClusterBackend(clusterId);
  const [snap, flows] = await Promise.all([loadClusterSnapshot(backend), loadAllowedFlows(clusterId, req.from, req.to, [req.namespace])]);
  const enforced: CalicoResource = policy;
  return judgeRecommendation(snap, enforced, flows, (ep) => isWorkloadEndpoint(ep, req.namespace, req.workload));
}

/** The workloads of the cluster (pods grouped by aggregated name), for the wizard's pickers. */
export async function listWorkloads(clusterId: string): Promise<{ items: WorkloadRefRow[] }> {
  const snap = await loadClusterSnapshot(await getClusterBackend(clusterId));
  const counts = new Map<string, WorkloadRefRow>();
  for (const ep of snap.models.endpoints) {
    const workload = workloadNameOf(aggregatedPodName(ep.name, ep.labels));
    const k = `${ep.namespace}/${workload}`;
    const prev = counts.get(k);
    counts.set(k, { namespace: ep.namespace, workload, pods: (prev?.pods ?? 0) + 1 });
  }
  return { items: [...counts.values()].sort((a, b) => (a.namespace === b.namespace ? (a.workload < b.workload ? -1 : 1) : a.namespace < b.namespace ? -1 : 1)) };
}
