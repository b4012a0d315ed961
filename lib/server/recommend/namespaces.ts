import "server-only";
/**
 * Namespace isolation on the server (Calico's policy recommendation engine): each run recomputes
 * one StagedNetworkPolicy (stagedAction Learn) per namespace in scope in tier
 * `namespace-isolation` (created at order 10000 when missing), writing through the cluster
 * backend so every change is audited; a recommendation that is unchanged and keeps its status is
 * not rewritten. Recommendations moved to the board (stagedAction Set) or dismissed (Ignore) are
 * never touched again, as Calico's engine only processes Learn policies.
 */
import type { CalicoResource, StagedNetworkPolicy, Tier } from "@/lib/calico/types";
import { toYaml } from "@/lib/calico";
import type { ClusterBackend } from "@/lib/cluster/backend";
import type { NamespaceRecommendationDetailView, NamespaceRecommendationView, RecommendationAction, RecommendationListView, RecommendationRunView } from "@/lib/contracts/recommendations";
import { BadRequestError, NotFoundError } from "@/lib/errors";
import {
  evidenceFromAnnotations,
  hasRuleChanges,
  hasRules,
  namespaceRecommendationName,
  NAMESPACE_ISOLATION_TIER,
  NAMESPACE_ISOLATION_TIER_ORDER,
  nextRecommendationState,
  recommendForNamespaces,
  statusAnnotations,
  statusFromAnnotations,
} from "@/lib/recommend";
import { parseSelector } from "@/lib/selector";
import { getPrisma } from "@/lib/server/db";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import type { ClusterSnapshot } from "@/lib/server/policy/snapshot";
import { loadClusterSnapshot } from "@/lib/server/policy/snapshot";
import { loadAllowedFlows, loadDnsClients } from "@/lib/server/flows/recommend-reads";
import { judgeRecommendation } from "@/lib/server/recommend/judge";
import { readRecommendationSettings, writeRecommendationSettings } from "@/lib/server/recommend/settings";

/** The actor recorded in the audit log for the engine's writes. */
export const ENGINE_ACTOR = "system:policy-recommendation";

function recommendationsOf(snap: ClusterSnapshot): Map<string, StagedNetworkPolicy> {
  const out = new Map<string, StagedNetworkPolicy>();
  for (const r of snap.resources) {
    if (r.kind !== "StagedNetworkPolicy" || r.spec.tier !== NAMESPACE_ISOLATION_TIER) continue;
    const ns = r.metadata.namespace ?? "default";
    if (r.metadata.name === namespaceRecommendationName(ns)) out.set(ns, r);
  }
  return out;
}

/** Namespaces whose labels (plus `projectcalico.org/name`) match the scope's selector. */
export function namespacesInScope(snap: Pick<ClusterSnapshot, "models">, selector: string): string[] {
  const parsed = parseSelector(selector.trim() === "" ? "all()" : selector);
  if (!parsed.ok) throw new BadRequestError(`the namespace selector is invalid: ${parsed.error.message}`);
  return snap.models.namespaces
    .filter((n) => parsed.value.matches({ ...n.labels, "projectcalico.org/name": n.name, "kubernetes.io/metadata.name": n.name }))
    .map((n) => n.name)
    .sort();
}

async function ensureTier(backend: ClusterBackend, snap: ClusterSnapshot, actor: string): Promise<void> {
  if (snap.resources.some((r) => r.kind === "Tier" && r.metadata.name === NAMESPACE_ISOLATION_TIER)) return;
  const tier: Tier = { kind: "Tier", metadata: { name: NAMESPACE_ISOLATION_TIER }, spec: { order: NAMESPACE_ISOLATION_TIER_ORDER } };
  await backend.create(tier, { actor });
}

/**
 * One engine run for a cluster at `now` (UNIX seconds): flows of the initial lookback, one
 * recommendation per namespace in scope. Throws BadRequestError when recommendations are off.
 */
export async function recomputeRecommendations(clusterId: string, now: number = Math.floor(Date.now() / 1000), actor: string = ENGINE_ACTOR): Promise<RecommendationRunView> {
  const prisma = await getPrisma();
  const settings = await readRecommendationSettings(prisma, clusterId);
  if (!settings.enabled) throw new BadRequestError("policy recommendations are not enabled for this cluster (Settings → Policy recommendations)");
  const backend = await getClusterBackend(clusterId);
  const snap = await loadClusterSnapshot(backend);
  const scope = namespacesInScope(snap, settings.namespaceSelector);
  const from = now - settings.initialLookbackSeconds;
  const [flows, dns] = await Promise.all([loadAllowedFlows(clusterId, from, now + 1, scope), loadDnsClients(clusterId, from, now + 1)]);
  const recs = recommendForNamespaces({ flows, cluster: snap.models, namespaces: scope, options: { dnsLogs: dns, now } });
  const existing = recommendationsOf(snap);
  let written = 0;
  let tierChecked = false;
  for (const [ns, rec] of recs) {
    const stored = existing.get(ns);
    if (stored !== undefined && (stored.spec.stagedAction ?? "Set") !== "Learn") continue;
    const prev = statusFromAnnotations(stored?.metadata.annotations);
    const changed = hasRules(rec.policy.spec) && hasRuleChanges(stored?.spec, rec.policy.spec);
    const next = nextRecommendationState(prev, {
      now,
      flowsSeen: rec.flowsUsed > 0,
      changed,
      stabilizationPeriod: settings.stabilizationSeconds,
      staleAfter: settings.initialLookbackSeconds,
      interval: settings.intervalSeconds,
    });
    if (stored !== undefined && !changed && prev?.state === next.state) continue;
    const spec = changed || stored === undefined ? rec.policy.spec : stored.spec;
    const annotations = statusAnnotations(next, stored?.metadata.annotations ?? {});
    const policy: StagedNetworkPolicy = {
      kind: "StagedNetworkPolicy",
      metadata: { ...rec.policy.metadata, annotations, ...(stored?.metadata.resourceVersion !== undefined ? { resourceVersion: stored.metadata.resourceVersion } : {}) },
      spec,
    };
    if (!tierChecked) {
      await ensureTier(backend, snap, actor);
      tierChecked = true;
    }
    if (stored === undefined) await backend.create(policy, { actor });
    else await backend.update(policy, { actor });
    written++;
  }
  const at = new Date(now * 1000).toISOString();
  await writeRecommendationSettings(prisma, clusterId, { lastRun: at });
  return { at, namespaces: scope.length, written };
}

function toView(p: StagedNetworkPolicy): NamespaceRecommendationView {
  const status = statusFromAnnotations(p.metadata.annotations);
  const action = p.spec.stagedAction ?? "Set";
  return {
    namespace: p.metadata.namespace ?? "default",
    name: p.metadata.name,
    stagedAction: action,
    state: status?.state ?? "NoData",
    ...(status?.lastUpdated !== undefined ? { lastUpdated: new Date(status.lastUpdated * 1000).toISOString() } : {}),
    ...(p.metadata.creationTimestamp !== undefined ? { createdAt: p.metadata.creationTimestamp } : {}),
    ingressRules: p.spec.ingress?.length ?? 0,
    egressRules: p.spec.egress?.length ?? 0,
    ...(p.metadata.resourceVersion !== undefined ? { resourceVersion: p.metadata.resourceVersion } : {}),
  };
}

/** Every namespace recommendation of the cluster (any stagedAction), by namespace, and the settings. */
export async function listRecommendations(clusterId: string): Promise<RecommendationListView> {
  const backend = await getClusterBackend(clusterId);
  const [snap, settings] = await Promise.all([loadClusterSnapshot(backend), getPrisma().then((prisma) => readRecommendationSettings(prisma, clusterId))]);
  const items = [...recommendationsOf(snap).values()].map(toView).sort((a, b) => (a.namespace < b.namespace ? -1 : 1));
  return { items, settings };
}

/** One namespace's recommendation: policy, YAML, evidence (its rule annotations), impact on the lookback's flows. */
export async function recommendationDetail(clusterId: string, namespace: string): Promise<NamespaceRecommendationDetailView> {
  const backend = await getClusterBackend(clusterId);
  const snap = await loadClusterSnapshot(backend);
  const stored = recommendationsOf(snap).get(namespace);
  if (stored === undefined) throw new NotFoundError(`no recommendation for namespace "${namespace}"`);
  const settings = await readRecommendationSettings(await getPrisma(), clusterId);
  const now = Math.floor(Date.now() / 1000);
  const flows = await loadAllowedFlows(clusterId, now - settings.initialLookbackSeconds, now + 1, [namespace]);
  const { stagedAction: _staged, ...enforcedSpec } = stored.spec;
  const enforced: CalicoResource = { kind: "NetworkPolicy", metadata: { name: stored.metadata.name, namespace }, spec: enforcedSpec };
  const judged = judgeRecommendation(snap, enforced, flows, (ep) => ep.type === "wep" && ep.namespace === namespace);
  return { item: toView(stored), policy: stored, yaml: toYaml([stored]), evidence: evidenceFromAnnotations(stored.spec), impact: judged.impact };
}

/**
 * Bulk actions: `activate` (Add to policy board: stagedAction Set, stays staged in
 * namespace-isolation, enforce it from the board) and `dismiss` (stagedAction Ignore: no more
 * updates). Throws NotFoundError for a namespace without recommendation.
 */
export async function actOnRecommendations(clusterId: string, req: RecommendationAction, actor: string): Promise<{ updated: number }> {
  const backend = await getClusterBackend(clusterId);
  const snap = await loadClusterSnapshot(backend);
  const recs = recommendationsOf(snap);
  const missing = req.namespaces.filter((ns) => !recs.has(ns));
  if (missing.length > 0) throw new NotFoundError(`no recommendation for namespace${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  const stagedAction = req.action === "activate" ? "Set" : "Ignore";
  let updated = 0;
  for (const ns of new Set(req.namespaces)) {
    const p = recs.get(ns);
    if (p === undefined || p.spec.stagedAction === stagedAction) continue;
    await backend.update({ ...p, spec: { ...p.spec, stagedAction } }, { actor });
    updated++;
  }
  return { updated };
}
