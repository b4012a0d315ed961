import "server-only";
/**
 * A recommendation judged against the cluster and the flows it came from: the impact of
 * enforcing it (computeImpact over the observed connections) and the observed flows an earlier
 * policy would still deny with it enforced (the shadowing hint), as views.
 */
import type { CalicoResource } from "@/lib/calico/types";
import type { ObservedRowView, ShadowView } from "@/lib/contracts/recommendations";
import type { FlowEndpoint, FlowLog } from "@/lib/flows";
import type { DirectionVerdict, Peer } from "@/lib/policy";
import type { ObservedConnection } from "@/lib/recommend";
import { findDeniedObserved, impactOnObserved, RecommendIndex, toObservedConnections, verdictOfObserved } from "@/lib/recommend";
import type { ClusterSnapshot } from "@/lib/server/policy/snapshot";
import { compileWith } from "@/lib/server/policy/snapshot";
import { applyChanges } from "@/lib/server/policy/what-if";

/** Most rows an impact or shadowing list returns. */
export const MAX_ROWS = 200;

const peerName = (p: Peer): string =>
  p.kind === "endpoint" ? (p.endpoint.kind === "workload" ? `${p.endpoint.namespace}/${p.endpoint.name}` : `host ${p.endpoint.name}`) : (p.domain ?? p.ip ?? "external");

function decided(v: DirectionVerdict | null): string {
  if (v === null) return "-";
  const who = v.reason === "endOfTier" ? `end of tier ${v.tier ?? ""}` : v.policy !== undefined ? `${v.namespace !== undefined ? `${v.namespace}/` : ""}${v.policy}` : v.profile !== undefined ? `profile ${v.profile}` : "no policy or profile";
  return `${v.action === "Allow" ? "allowed" : "denied"} by ${who}`;
}

function base(o: ObservedConnection) {
  return {
    direction: o.direction,
    source: peerName(o.connection.source),
    destination: peerName(o.connection.destination),
    protocol: String(o.connection.protocol),
    ...(o.connection.port !== undefined ? { port: o.connection.port } : {}),
  };
}

/** The result of judging one recommendation. */
export interface JudgeResult {
  readonly impact: { readonly judged: number; readonly changed: readonly ObservedRowView[]; readonly newlyDenied: number };
  readonly shadowed: readonly ShadowView[];
}

/**
 * Judges `policy` (enforced, added to or replacing its namesake in the cluster) against the
 * observed allowed flows whose local side passes `isLocal`. Throws ValidationError when the
 * cluster's policies plus this one do not compile.
 */
export function judgeRecommendation(snap: ClusterSnapshot, policy: CalicoResource, flows: readonly FlowLog[], isLocal: (ep: FlowEndpoint) => boolean): JudgeResult {
  const after = compileWith(snap.models, applyChanges(snap.resources, [policy], []));
  const observed = toObservedConnections(flows, new RecommendIndex(snap.models), isLocal);
  const impacts = impactOnObserved(snap.policySet, after, observed);
  const changed: ObservedRowView[] = impacts.slice(0, MAX_ROWS).map((i) => ({
    ...base(i.observed),
    before: decided(verdictOfObserved(i.before, i.observed)),
    after: decided(verdictOfObserved(i.after, i.observed)),
    newlyDenied: i.newlyDenied,
  }));
  const seen = new Set<string>();
  const shadowed: ShadowView[] = [];
  for (const d of findDeniedObserved(after, observed)) {
    const by = d.reason === "endOfTier" ? `end of tier ${d.tier ?? ""}` : d.policy !== undefined ? `${d.namespace !== undefined ? `${d.namespace}/` : ""}${d.policy}` : "no policy or profile allows it";
    const row: ShadowView = { ...base(d.observed), by, ...(d.tier !== undefined ? { tier: d.tier } : {}) };
    const k = JSON.stringify(row);
    if (seen.has(k)) continue;
    seen.add(k);
    if (shadowed.length < MAX_ROWS) shadowed.push(row);
  }
  return { impact: { judged: observed.length, changed, newlyDenied: impacts.filter((i) => i.newlyDenied).length }, shadowed };
}
