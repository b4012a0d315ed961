/**
 * Contracts of the recommendation endpoints under /api/v1/clusters/{cluster}/recommendations:
 * the single-workload wizard (POST workload), namespace isolation (GET list, settings, run now,
 * bulk actions, one namespace's detail). Route handlers parse with these schemas; the hooks build
 * URLs with `recommendationPaths`.
 */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import { CalicoResourceSchema } from "@/lib/contracts/model-schemas";
import type { RuleEvidence } from "@/lib/recommend";
import { RECOMMENDATION_STATES, RULE_SCOPES } from "@/lib/recommend";
import { toQueryString } from "@/lib/contracts/paths";

const API = "/api/v1";
const seg = encodeURIComponent;
const seconds = z.number().int().min(0).max(4_102_444_800);
const name = z.string().min(1).max(253);

/** POST …/recommendations/workload: recommend a policy for one workload over [from, to). */
export const WorkloadRecommendRequestSchema = lazySchema(() => z.object({
  namespace: name,
  /** Workload name (`frontend`) or aggregated pod name (`frontend-7d8f9c6b5-*`). */
  workload: name,
  from: seconds,
  to: seconds,
  tier: name.optional(),
  order: z.number().finite().optional(),
  name: name.optional(),
}));
export type WorkloadRecommendRequest = z.infer<typeof WorkloadRecommendRequestSchema>;

const direction = z.enum(["ingress", "egress"]);

/** One observed connection in an impact or shadowing list; `before`/`after`: the deciding policy (or `end of tier x`, `no profile`). */
export const ObservedRowViewSchema = lazySchema(() => z.object({
  direction,
  source: z.string(),
  destination: z.string(),
  protocol: z.string(),
  port: z.number().int().optional(),
  before: z.string(),
  after: z.string(),
  newlyDenied: z.boolean(),
}));
export type ObservedRowView = z.infer<typeof ObservedRowViewSchema>;

/** An observed flow an earlier policy still denies with the recommendation enforced; `by`: display name of the denying policy, or `end of tier <t>` when a tier's default denied. */
export const ShadowViewSchema = lazySchema(() => z.object({
  direction,
  source: z.string(),
  destination: z.string(),
  protocol: z.string(),
  port: z.number().int().optional(),
  by: z.string(),
  tier: z.string().optional(),
}));
export type ShadowView = z.infer<typeof ShadowViewSchema>;

/** The evidence of one proposed rule (lib/recommend RuleEvidence stays the type; `satisfies` checks the schema against it). */
const RuleEvidenceSchema = lazySchema(() => z.object({
  direction,
  index: z.number().int().min(0),
  scope: z.enum(RULE_SCOPES),
  protocol: z.string(),
  ports: z.array(z.number().int()).readonly(),
  flows: z.number().min(0),
  records: z.number().int().min(0),
  firstSeen: z.number(),
  lastSeen: z.number(),
  peers: z.array(z.string()).readonly(),
  locals: z.array(z.string()).readonly(),
  summary: z.string(),
}) satisfies z.ZodType<RuleEvidence>);

const ImpactViewSchema = lazySchema(() => z.object({ judged: z.number().int().min(0), changed: z.array(ObservedRowViewSchema).readonly(), newlyDenied: z.number().int().min(0) }));

/** The wizard's answer: the policy, its evidence, impact on the observed flows, shadowing. */
export const WorkloadRecommendationViewSchema = lazySchema(() => z.object({
  policy: CalicoResourceSchema,
  yaml: z.string(),
  evidence: z.array(RuleEvidenceSchema).readonly(),
  flowsUsed: z.number().int().min(0),
  flowsSkipped: z.number().int().min(0),
  impact: ImpactViewSchema,
  shadowed: z.array(ShadowViewSchema).readonly(),
  workloads: z.array(z.string()).readonly(),
}));
export type WorkloadRecommendationView = z.infer<typeof WorkloadRecommendationViewSchema>;

/** POST …/recommendations/check: impact and shadowing of an (edited) policy against the flows. */
export const RecommendationCheckRequestSchema = lazySchema(() => z.object({
  namespace: name,
  workload: name,
  from: seconds,
  to: seconds,
  policy: z.record(z.string(), z.unknown()),
}));
export type RecommendationCheckRequest = z.infer<typeof RecommendationCheckRequestSchema>;
export const RecommendationCheckViewSchema = lazySchema(() => WorkloadRecommendationViewSchema.pick({ impact: true, shadowed: true }));
export type RecommendationCheckView = z.infer<typeof RecommendationCheckViewSchema>;

/** A workload the wizard can recommend for. */
export const WorkloadRefRowSchema = lazySchema(() => z.object({ namespace: z.string().min(1), workload: z.string().min(1), pods: z.number().int().min(0) }));
export type WorkloadRefRow = z.infer<typeof WorkloadRefRowSchema>;

/** GET …/recommendations/workloads reply. */
export const WorkloadRefListSchema = lazySchema(() => z.object({ items: z.array(WorkloadRefRowSchema).readonly() }));

/** Namespace isolation settings (Calico's PolicyRecommendationScope, stored as a Setting row). */
export const RecommendationSettingsSchema = lazySchema(() => z.object({
  enabled: z.boolean(),
  /** Calico selector over namespace labels (`projectcalico.org/name` included). */
  namespaceSelector: z.string().max(2000),
  intervalSeconds: z.number().int().min(5).max(86_400),
  initialLookbackSeconds: z.number().int().min(60).max(30 * 86_400),
  stabilizationSeconds: z.number().int().min(0).max(30 * 86_400),
}));
export type RecommendationSettings = z.infer<typeof RecommendationSettingsSchema>;

/** The settings and when the last run was (RFC 3339). */
export const RecommendationSettingsViewSchema = lazySchema(() => RecommendationSettingsSchema.extend({ lastRun: z.string().optional() }));
export type RecommendationSettingsView = z.infer<typeof RecommendationSettingsViewSchema>;

/** One namespace's recommendation as listed; stagedAction Learn = recommended, Set = added to the policy board (Active), Ignore = dismissed. */
export const NamespaceRecommendationViewSchema = lazySchema(() => z.object({
  namespace: z.string().min(1),
  name: z.string().min(1),
  stagedAction: z.enum(["Learn", "Set", "Ignore", "Delete"]),
  state: z.enum(RECOMMENDATION_STATES),
  lastUpdated: z.string().optional(),
  createdAt: z.string().optional(),
  ingressRules: z.number().int().min(0),
  egressRules: z.number().int().min(0),
  resourceVersion: z.string().optional(),
}));
export type NamespaceRecommendationView = z.infer<typeof NamespaceRecommendationViewSchema>;

export const RecommendationListViewSchema = lazySchema(() => z.object({ items: z.array(NamespaceRecommendationViewSchema).readonly(), settings: RecommendationSettingsViewSchema }));
export type RecommendationListView = z.infer<typeof RecommendationListViewSchema>;

export const NamespaceRecommendationDetailViewSchema = lazySchema(() => z.object({
  item: NamespaceRecommendationViewSchema,
  policy: CalicoResourceSchema,
  yaml: z.string(),
  evidence: z.array(RuleEvidenceSchema).readonly(),
  impact: ImpactViewSchema,
}));
export type NamespaceRecommendationDetailView = z.infer<typeof NamespaceRecommendationDetailViewSchema>;

export const RecommendationActionSchema = lazySchema(() => z.object({
  action: z.enum(["activate", "dismiss"]),
  namespaces: z.array(name).min(1).max(500),
}));
export type RecommendationAction = z.infer<typeof RecommendationActionSchema>;

export const RecommendationRunViewSchema = lazySchema(() => z.object({ at: z.string().min(1), namespaces: z.number().int().min(0), written: z.number().int().min(0) }));
export type RecommendationRunView = z.infer<typeof RecommendationRunViewSchema>;

/** POST …/recommendations/actions reply: how many namespaces' recommendations changed. */
export const RecommendationActionResultSchema = lazySchema(() => z.object({ updated: z.number().int().min(0) }));

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
