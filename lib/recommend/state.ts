/**
 * The status of a continuously updated recommendation, as Calico's policy recommendation engine
 * keeps it in `policyrecommendation.tigera.io/status`: NoData until a rule exists; Learning while
 * the rules changed within the last two intervals; Stabilizing until the stabilization period has
 * passed without a change; then Stable. Stale: rules exist but no flow of the namespace was seen
 * for `staleAfter` (Calico lists the state without documenting its trigger; this is our reading).
 */

export const RECOMMENDATION_STATES = ["NoData", "Learning", "Stabilizing", "Stable", "Stale"] as const;
export type RecommendationState = (typeof RECOMMENDATION_STATES)[number];

/** Calico's defaults (PolicyRecommendationScope): interval 2.5 m, initial lookback 24 h, stabilization 10 m. */
export const DEFAULT_INTERVAL_SECONDS = 150;
export const DEFAULT_INITIAL_LOOKBACK_SECONDS = 24 * 3600;
export const DEFAULT_STABILIZATION_SECONDS = 600;

export interface RecommendationStatus {
  readonly state: RecommendationState;
  /** When the rules last changed (UNIX seconds); undefined while there were never rules. */
  readonly lastUpdated?: number;
  /** When a flow of the scope was last seen (UNIX seconds). */
  readonly lastFlowSeen?: number;
}

export interface StateInput {
  /** UNIX seconds. */
  readonly now: number;
  /** Whether this run saw any allowed flow of the scope. */
  readonly flowsSeen: boolean;
  /** Whether this run changed the rules (ignoring evidence annotations). */
  readonly changed: boolean;
  /** Seconds without change before Stable. */
  readonly stabilizationPeriod: number;
  /** Seconds without flows before Stale. */
  readonly staleAfter: number;
  /** The engine interval in seconds (Learning lasts two); default 150. */
  readonly interval?: number;
}

/**
 * The status after one run. A change always means Learning (Calico resets to Learning on any
 * change); otherwise the age of the last change decides, boundaries as Calico's updateStatus:
 * age ≤ 2 × interval Learning, ≤ stabilization Stabilizing, beyond Stable. Never throws.
 */
export function nextRecommendationState(prev: RecommendationStatus | undefined, input: StateInput): RecommendationStatus {
  const lastFlowSeen = input.flowsSeen ? input.now : prev?.lastFlowSeen;
  const seen = lastFlowSeen !== undefined ? { lastFlowSeen } : {};
  if (input.changed) return { state: "Learning", lastUpdated: input.now, ...seen };
  const lastUpdated = prev?.lastUpdated;
  if (lastUpdated === undefined) return { state: "NoData", ...seen };
  const keep = { lastUpdated, ...seen };
  if (lastFlowSeen === undefined || input.now - lastFlowSeen > input.staleAfter) return { state: "Stale", ...keep };
  const age = input.now - lastUpdated;
  const interval = input.interval ?? DEFAULT_INTERVAL_SECONDS;
  if (age <= 2 * interval) return { state: "Learning", ...keep };
  if (age <= input.stabilizationPeriod) return { state: "Stabilizing", ...keep };
  return { state: "Stable", ...keep };
}
