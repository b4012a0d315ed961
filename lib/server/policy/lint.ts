import "server-only";
/**
 * The policy analyser on a live cluster (lib/policy lintPolicies): the cluster's policy picture,
 * the rule hits of the flow-history window (one grouped query over the enforced and pending
 * traces, by reporter: src = egress, dst = ingress) for unused rules, and the window's distinct
 * connections (else the what-if matrix) for staged policies that would deny allowed traffic.
 */
import { buildFlowConnections } from "@/lib/board";
import type { ClusterBackend } from "@/lib/cluster/backend";
import type { LintQuery, LintResponse } from "@/lib/contracts/lint";
import { DEFAULT_LINT_WINDOW_MINUTES } from "@/lib/contracts/lint";
import { lintPolicies } from "@/lib/policy";
import type { FlowRange } from "@/lib/server/flows/policy-reads";
import { readFlowTuples, readRuleHits } from "@/lib/server/flows/policy-reads";
import { loadClusterSnapshot } from "@/lib/server/policy/snapshot";
import { buildWhatIfMatrix } from "@/lib/server/policy/what-if";

/**
 * Most distinct connections the staged-policy check judges (the window's most frequent first):
 * the board asks for findings on every load, so the check stays well under a second.
 */
export const LINT_MAX_CONNECTIONS = 2_000;

function windowText(minutes: number): string {
  return minutes % 1440 === 0 ? `${minutes / 1440}d` : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/** Every finding of the analyser for a cluster. Throws what the backend and database throw. */
export async function lintCluster(backend: ClusterBackend, q: LintQuery, nowMs = Date.now()): Promise<LintResponse> {
  const minutes = q.windowMinutes ?? DEFAULT_LINT_WINDOW_MINUTES;
  const range: FlowRange = { from: nowMs / 1000 - minutes * 60, to: nowMs / 1000 };
  const [snap, hits, tuples] = await Promise.all([loadClusterSnapshot(backend), readRuleHits(backend.id, range), readFlowTuples(backend.id, range, LINT_MAX_CONNECTIONS)]);
  let connections;
  let source: "flows" | "matrix" = "flows";
  let truncated = tuples.truncated;
  if (tuples.records > 0) {
    connections = buildFlowConnections(tuples.tuples, { endpoints: snap.policySet.endpoints, networkSets: snap.models.networkSets }).connections.map((c) => c.connection);
  } else {
    const matrix = buildWhatIfMatrix(snap, LINT_MAX_CONNECTIONS);
    connections = matrix.connections;
    truncated = matrix.truncated;
    source = "matrix";
  }
  // Without any flow in the window every rule would look unused: leave that analysis out then.
  const ruleHits = hits.records > 0 ? { counts: hits.counts, window: windowText(minutes) } : undefined;
  const findings = lintPolicies({ set: snap.policySet, resources: snap.resources, connections, ...(ruleHits !== undefined ? { ruleHits } : {}) });
  return { findings, from: range.from, to: range.to, records: hits.records, connections: { source, judged: connections.length, truncated } };
}
