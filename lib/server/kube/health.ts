import "server-only";
/**
 * Cluster health as the console shows it: `ok`, `stale` (connection to the API server lost;
 * pages show the last cached state and reconnect by themselves) or `unavailable` (never reached,
 * or the connection cannot be set up). Recorded by the watch cache (cache.ts) and read by
 * `GET /api/v1/clusters/{id}/health`. Kept on globalThis: the cache runs in the bundle that
 * registered the Kubernetes factory (instrumentation), the route in another.
 */
import { getCluster, getClusterBackend } from "@/lib/server/cluster/registry";

export type ClusterHealthState = "ok" | "stale" | "unavailable";

export interface ClusterHealth {
  readonly state: ClusterHealthState;
  /** RFC 3339: when the cluster entered this state (as seen by this process). */
  readonly since: string;
  /** Why it is not ok (the last connection error; names hosts, never credentials). */
  readonly reason?: string;
}

interface HealthGlobal {
  __palisadeClusterHealth?: Map<string, ClusterHealth>;
}
const store = globalThis as typeof globalThis & HealthGlobal;
const health = (store.__palisadeClusterHealth ??= new Map<string, ClusterHealth>());

/**
 * Records a cluster's state. `since` moves only when the state changes; a reason given replaces
 * the previous one, an absent reason keeps it (ok never has one).
 */
export function recordHealth(clusterId: string, next: { readonly state: ClusterHealthState; readonly reason?: string }, now: Date = new Date()): ClusterHealth {
  const prev = health.get(clusterId);
  const since = prev !== undefined && prev.state === next.state ? prev.since : now.toISOString();
  const reason = next.state === "ok" ? undefined : (next.reason ?? (prev?.state === next.state ? prev.reason : undefined));
  const value: ClusterHealth = { state: next.state, since, ...(reason !== undefined ? { reason } : {}) };
  health.set(clusterId, value);
  return value;
}

/** The recorded health of a cluster, if any. */
export function readHealth(clusterId: string): ClusterHealth | undefined {
  return health.get(clusterId);
}

/**
 * A cluster's health: the embedded cluster is always ok; a kubernetes cluster's backend is
 * connected if it is not yet (a failure to connect is `unavailable` with the reason), then its
 * recorded state is answered. Throws NotFoundError for an unknown cluster.
 */
export async function clusterHealth(clusterId: string): Promise<ClusterHealth> {
  const info = await getCluster(clusterId);
  if (info.kind === "embedded") return { state: "ok", since: info.createdAt };
  try {
    await getClusterBackend(clusterId);
  } catch (e) {
    // The cluster exists (checked above), so any failure here is one of connecting: a kubeconfig
    // that cannot be read, an unreachable server, refused credentials. Messages name hosts and
    // files, never tokens (kube-transport.ts).
    return recordHealth(clusterId, { state: "unavailable", reason: e instanceof Error ? e.message : String(e) });
  }
  return readHealth(clusterId) ?? recordHealth(clusterId, { state: "ok" });
}
