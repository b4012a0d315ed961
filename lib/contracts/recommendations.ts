/**
 * Contracts of the recommendation endpoints under /api/v1/clusters/{cluster}/recommendations:
 * the single-workload wizard (POST workload), namespace isolation (GET list, settings, run now,
 * bulk actions, one namespace's detail). Route handlers parse with these schemas; the hooks build
 * URLs with `recommendationPaths`.
 */
import { z } from "zod";
import type { CalicoResource } from "@/lib/calico/types";
import type { RecommendationState, RuleEvidence } from "@/lib/recommend";
import { toQueryString } from "@/lib/contracts/paths";

const API = "/api/v1";
const seg = encodeURIComponent;
const seconds = z.number().int().min(0).max(4_102_444_800);
const name = z.string().min(1).max(253);

/** POST …/recommendations/workload: recommend a policy for one workload over [from, to). */
export const WorkloadRecommendRequestSchema = z.object({
  namespace: name,
  /** Workload name (`frontend`) or aggregated pod name (`frontend-7d8f9c6b5-*`). */
  workload: name,
  from: seconds,
  to: seconds,
  tier: name.optional(),
  order: z.number().finite().optional(),
  name: name.optional(),
});
export type WorkloadRecommendRequest = z.infer<typeof WorkloadRecommendRequestSchema>;

/** One observed connection in an impact or shadowing list. */
export interface ObservedRowView {
  readonly direction: "ingress" | "egress";
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  readonly port?: number;
  /** The deciding policy (or `end of tier x`, `no profile`) before and after. */
  readonly before: string;
  readonly after: string;
  readonly newlyDenied: boolean;
}

/** An observed flow an earlier policy still denies with the recommendation enforced. */
export interface ShadowView {
  readonly direction: "ingress" | "egress";
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  readonly port?: number;
  /** Display name of the denying policy, or `end of tier <t>` when a tier's default denied. */
  readonly by: string;
  readonly tier?: string;
}

/** The wizard's answer: the policy, its evidence, impact on the observed flows, shadowing. */
export interface WorkloadRecommendationView {
  readonly policy: CalicoResource;
  readonly yaml: string;
  readonly evidence: readonly RuleEvidence[];
  readonly flowsUsed: number;
  readonly flowsSkipped: number;
  readonly impact: { readonly judged: number; readonly changed: readonly ObservedRowView[]; readonly newlyDenied: number };
  readonly shadowed: readonly ShadowView[];
  readonly workloads: readonly string[];
}

/** POST …/recommendations/check: impact and shadowing of an (edited) policy against the flows. */
export const RecommendationCheckRequestSchema = z.object({
  namespace: name,
  workload: name,
  from: seconds,
  to: seconds,
  policy: z.record(z.string(), z.unknown()),
});
export type RecommendationCheckRequest = z.infer<typeof RecommendationCheckRequestSchema>;
export type RecommendationCheckView = Pick<WorkloadRecommendationView, "impact" | "shadowed">;

/** A workload the wizard can recommend for. */
export interface WorkloadRefRow {
  readonly namespace: string;
  readonly workload: string;
  readonly pods: number;
}

/** Namespace isolation settings (Calico's PolicyRecommendationScope, stored as a Setting row). */
export const RecommendationSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Calico selector over namespace labels (`projectcalico.org/name` included). */
  namespaceSelector: z.string().max(2000),
  intervalSeconds: z.number().int().min(5).max(86_400),
  initialLookbackSeconds: z.number().int().min(60).max(30 * 86_400),
  stabilizationSeconds: z.number().int().min(0).max(30 * 86_400),
});
export type RecommendationSettings = z.infer<typeof RecommendationSettingsSchema>;

export interface RecommendationSettingsView extends RecommendationSettings {
  readonly lastRun?: string;
}

/** One namespace's recommendation as listed. */
export interface NamespaceRecommendationView {
  readonly namespace: string;
  readonly name: string;
  /** Learn = recommended, Set = added to the policy board (Active), Ignore = dismissed. */
  readonly stagedAction: "Learn" | "Set" | "Ignore" | "Delete";
  readonly state: RecommendationState;
  readonly lastUpdated?: string;
  readonly createdAt?: string;
  readonly ingressRules: number;
  readonly egressRules: number;
  readonly resourceVersion?: string;
}

export interface RecommendationListView {
  readonly items: readonly NamespaceRecommendationView[];
  readonly settings: RecommendationSettingsView;
}

export interface NamespaceRecommendationDetailView {
  readonly item: NamespaceRecommendationView;
  readonly policy: CalicoResource;
  readonly yaml: string;
  readonly evidence: readonly RuleEvidence[];
  readonly impact: WorkloadRecommendationView["impact"];
}

export const RecommendationActionSchema = z.object({
  action: z.enum(["activate", "dismiss"]),
  namespaces: z.array(name).min(1).max(500),
});
export type RecommendationAction = z.infer<typeof RecommendationActionSchema>;

export interface RecommendationRunView {
  readonly at: string;
  readonly namespaces: number;
  readonly written: number;
}

/** URL builders. */
export const recommendationPaths = {
  list: (cluster: string): string => `${API}/clusters/${seg(cluster)}/recommendations`,
  settings: (cluster: string): string => `${API}/clusters/${seg(cluster)}/recommendations/settings`,
  run: (cluster: string): string => `${API}/clusters/${seg(cluster)}/recommendations/run`,
  actions: (cluster: string): string => `${API}/clusters/${seg(cluster)}/recommendations/actions`,
  namespace: (cluster: string, ns: string): string => `${API}/clusters/${seg(cluster)}/recommendations/namespaces/${seg(ns)}`,
  workload: (cluster: string): string => `${API}/clusters/${seg(cluster)}/recommendations/workload`,
  check: (cluster: string): string => `${API}/clusters/${seg(cluster)}/recommendations/check`,
  workloads: (cluster: string): string => `${API}/clusters/${seg(cluster)}/recommendations/workloads`,
  /** The wizard page with its fields filled. */
  wizard: (q: { namespace?: string; workload?: string }): string => `/recommendations/new${toQueryString(q)}`,
};
