"use client";
import { useClusterHealth } from "@/lib/hooks/use-kube-clusters";
import { useCurrentCluster } from "@/components/shell/cluster-context";

/**
 * A banner under the top bar while the current cluster is not healthy: `stale` (the connection
 * to its API server was lost; pages show the last known state and it reconnects by itself) or
 * `unavailable` (it cannot be reached). Nothing is shown while healthy or while health is unknown.
 */
export function StaleBanner() {
  const { clusterId } = useCurrentCluster();
  const health = useClusterHealth(clusterId);
  const h = health.data;
  if (h === undefined || h.state === "ok") return null;
  const since = new Date(h.since).toLocaleTimeString();
  return (
    <div className={`notice ${h.state === "stale" ? "notice-warn" : "notice-error"}`} role="alert" data-testid="stale-banner" style={{ margin: "0 0 12px" }}>
      <strong>{h.state === "stale" ? "Showing cached data: the connection to this cluster was lost" : "This cluster cannot be reached"}</strong> (since {since}).{" "}
      {h.state === "stale" ? "Palisade reconnects by itself; changes made meanwhile appear once it has." : "Check its connection settings in Settings."}
      {h.reason !== undefined ? <div className="mono">{h.reason}</div> : null}
    </div>
  );
}
