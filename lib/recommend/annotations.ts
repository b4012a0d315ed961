/**
 * Reading back what the recommender wrote on a stored policy: each rule's evidence from its
 * `policyrecommendation.tigera.io/*` annotations, and the status annotations of a policy.
 */
import type { PolicySpec, Rule } from "@/lib/calico/types";
import { ANNOTATION_PREFIX } from "@/lib/recommend/rules";
import type { RecommendationState, RecommendationStatus } from "@/lib/recommend/state";
import { RECOMMENDATION_STATES } from "@/lib/recommend/state";
import type { RuleDirection, RuleEvidence, RuleScope } from "@/lib/recommend/types";
import { RULE_SCOPES } from "@/lib/recommend/types";

export const STATUS_ANNOTATION = `${ANNOTATION_PREFIX}/status`;
export const LAST_UPDATED_ANNOTATION = `${ANNOTATION_PREFIX}/lastUpdated`;
export const LAST_FLOW_SEEN_ANNOTATION = `${ANNOTATION_PREFIX}/lastFlowSeen`;

/** RFC 3339 seconds (`2024-01-01T00:00:00Z`) for UNIX seconds. */
export function toRfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function fromRfc3339(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** The status a policy's annotations record; undefined when it has none we understand. */
export function statusFromAnnotations(annotations: Readonly<Record<string, string>> | undefined): RecommendationStatus | undefined {
  const state = annotations?.[STATUS_ANNOTATION];
  if (state === undefined || !(RECOMMENDATION_STATES as readonly string[]).includes(state)) return undefined;
  const lastUpdated = fromRfc3339(annotations?.[LAST_UPDATED_ANNOTATION]);
  const lastFlowSeen = fromRfc3339(annotations?.[LAST_FLOW_SEEN_ANNOTATION]);
  // Checked against RECOMMENDATION_STATES above.
  return { state: state as RecommendationState, ...(lastUpdated !== undefined ? { lastUpdated } : {}), ...(lastFlowSeen !== undefined ? { lastFlowSeen } : {}) };
}

/** The status annotations for a status (merged over `existing`, which keeps other keys). */
export function statusAnnotations(status: RecommendationStatus, existing: Readonly<Record<string, string>> = {}): Record<string, string> {
  const out: Record<string, string> = { ...existing, [STATUS_ANNOTATION]: status.state };
  if (status.lastUpdated !== undefined) out[LAST_UPDATED_ANNOTATION] = toRfc3339(status.lastUpdated);
  else delete out[LAST_UPDATED_ANNOTATION];
  if (status.lastFlowSeen !== undefined) out[LAST_FLOW_SEEN_ANNOTATION] = toRfc3339(status.lastFlowSeen);
  return out;
}

function ruleEvidence(rule: Rule, direction: RuleDirection, index: number): RuleEvidence {
  const a = rule.metadata?.annotations ?? {};
  const scopeText = a[`${ANNOTATION_PREFIX}/scope`] ?? "";
  const scope: RuleScope = (RULE_SCOPES as readonly string[]).includes(scopeText) ? (scopeText as RuleScope) : "Public"; // checked against RULE_SCOPES
  const ports = (a[`${ANNOTATION_PREFIX}/ports`] ?? "").split(",").filter((p) => /^\d+$/.test(p)).map(Number);
  const peers = (a[`${ANNOTATION_PREFIX}/peers`] ?? "").split(", ").filter((p) => p !== "");
  const protocol = rule.protocol !== undefined ? String(rule.protocol) : "any";
  return {
    direction,
    index,
    scope,
    protocol,
    ports,
    flows: Number(a[`${ANNOTATION_PREFIX}/flows`] ?? 0) || 0,
    records: 0,
    firstSeen: fromRfc3339(a[`${ANNOTATION_PREFIX}/firstSeen`]) ?? 0,
    lastSeen: fromRfc3339(a[`${ANNOTATION_PREFIX}/lastSeen`]) ?? 0,
    peers,
    locals: [],
    summary: `${direction} ${protocol}${ports.length > 0 ? ` ${ports.join(",")}` : ""} ${direction === "egress" ? "to" : "from"} ${peers.join(", ") || "(no evidence recorded)"}`,
  };
}

/**
 * Evidence of every rule of a stored policy, from its rule annotations (ingress first). Rules
 * without annotations (edited by hand) give evidence with no flows. Never throws.
 */
export function evidenceFromAnnotations(spec: Pick<PolicySpec, "ingress" | "egress">): RuleEvidence[] {
  return [...(spec.ingress ?? []).map((r, i) => ruleEvidence(r, "ingress", i)), ...(spec.egress ?? []).map((r, i) => ruleEvidence(r, "egress", i))];
}
