/** The policy analyser's API: GET …/policies-ops/lint?windowMinutes=N. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import type { LintFinding } from "@/lib/policy";
import { LINT_SEVERITIES } from "@/lib/policy";

/** Default flow-history window of the unused-rule analysis and the staged-policy check, in minutes. */
export const DEFAULT_LINT_WINDOW_MINUTES = 24 * 60;

export const LintQuerySchema = lazySchema(() => z.object({
  windowMinutes: z.coerce.number().int().min(1).max(30 * 24 * 60).optional(),
}));
export type LintQuery = z.infer<typeof LintQuerySchema>;

const RuleRefSchema = lazySchema(() => z.object({ direction: z.enum(["ingress", "egress"]), index: z.number().int().min(0) }));
const LintPolicyRefSchema = lazySchema(() => z.object({
  key: z.string().min(1),
  kind: z.enum(["NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy", "KubernetesNetworkPolicy", "StagedKubernetesNetworkPolicy", "ClusterNetworkPolicy"]),
  name: z.string().min(1),
  namespace: z.string().optional(),
  tier: z.string().min(1),
}));
/** One finding of the analyser (lib/policy LintFinding stays the type; `satisfies` checks the schema against it). */
const LintFindingSchema = lazySchema(() => z.object({
  code: z.enum(["shadowed-rule", "unselected-policy", "unused-rule", "duplicate-policy", "staged-denies-allowed"]),
  severity: z.enum(LINT_SEVERITIES),
  policy: LintPolicyRefSchema,
  rule: RuleRefSchema.optional(),
  related: z.object({ policy: LintPolicyRefSchema, rule: RuleRefSchema.optional() }).optional(),
  message: z.string().min(1),
  count: z.number().int().min(0).optional(),
  examples: z.array(z.string()).readonly().optional(),
}) satisfies z.ZodType<LintFinding>);

/**
 * The findings, the flow-history window read (UNIX seconds) and the records in it, and where the
 * staged-policy check took its connections: the window's flows, or the what-if matrix when it had none.
 */
export const LintResponseSchema = lazySchema(() => z.object({
  findings: z.array(LintFindingSchema).readonly(),
  /** UNIX seconds, fractional (the range ends at "now"). */
  from: z.number().min(0),
  to: z.number().min(0),
  records: z.number().int().min(0),
  connections: z.object({ source: z.enum(["flows", "matrix"]), judged: z.number().int().min(0), truncated: z.boolean() }),
}));
export type LintResponse = z.infer<typeof LintResponseSchema>;
