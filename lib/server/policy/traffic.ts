import "server-only";
/**
 * The board's per-policy traffic counters: one grouped query over the flow store's policy
 * traces (lib/server/flows/policy-reads.ts) mapped onto the cluster's current policies by lib/board
 * policyTrafficOf. Only the policy kinds are listed (no compile), so the counters stay cheap
 * next to the board snapshot.
 */
import type { CalicoResource } from "@/lib/calico/types";
import { policyTrafficOf } from "@/lib/board";
import type { ClusterBackend } from "@/lib/cluster/backend";
import type { BoardTraffic, BoardTrafficQuery } from "@/lib/contracts/board";
import { DEFAULT_FLOW_WINDOW_MINUTES } from "@/lib/contracts/board";
import { BadRequestError } from "@/lib/errors";
import type { FlowRange } from "@/lib/server/flows/policy-reads";
import { readTraceHitGroups } from "@/lib/server/flows/policy-reads";
import { listAll } from "@/lib/server/policy/snapshot";

const POLICY_KINDS = ["NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy", "KubernetesNetworkPolicy", "StagedKubernetesNetworkPolicy", "ClusterNetworkPolicy"] as const;

/**
 * The counters' range: `from`/`to` when given (to defaults to now), else the last `minutes`
 * (default 15). Throws BadRequestError when from is not before to.
 */
export function toFlowRange(q: BoardTrafficQuery, nowMs: number): FlowRange {
  const to = q.to !== undefined ? Date.parse(q.to) / 1000 : nowMs / 1000;
  const from = q.from !== undefined ? Date.parse(q.from) / 1000 : to - (q.minutes ?? DEFAULT_FLOW_WINDOW_MINUTES) * 60;
  if (!(from < to)) throw new BadRequestError("from must be before to");
  return { from, to };
}

/** Allowed / denied / passed hits of every current policy in the range. Throws what the backend and database throw. */
export async function getBoardTraffic(backend: ClusterBackend, q: BoardTrafficQuery, nowMs = Date.now()): Promise<BoardTraffic> {
  const range = toFlowRange(q, nowMs);
  const [lists, hits] = await Promise.all([Promise.all(POLICY_KINDS.map((k) => listAll(backend, k))), readTraceHitGroups(backend.id, range)]);
  // Safe: every listed kind is a policy kind of the CalicoResource union (lib/cluster ObjectOfKind).
  const resources = lists.flatMap((l) => l.items) as unknown as CalicoResource[];
  return { from: range.from, to: range.to, records: hits.records, policies: policyTrafficOf(resources, hits.groups) };
}
