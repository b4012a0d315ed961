"use client";
import { useEffect, useMemo } from "react";
import { useClusters } from "@/lib/hooks/use-clusters";
import { useCurrentCluster } from "@/components/shell/cluster-context";

const FALLBACK_CLUSTER = "embedded";

/** Header control choosing the cluster every page reads from. */
export function ClusterSwitcher() {
  const { clusterId, setClusterId } = useCurrentCluster();
  const clusters = useClusters();
  const items = useMemo(() => clusters.data?.items ?? [], [clusters.data]);

  // A remembered cluster that was removed (here or in another tab) falls back to the demo cluster.
  useEffect(() => {
    if (clusters.isSuccess && items.length > 0 && !items.some((c) => c.id === clusterId)) {
      setClusterId(items.some((c) => c.id === FALLBACK_CLUSTER) ? FALLBACK_CLUSTER : (items[0]?.id ?? FALLBACK_CLUSTER));
    }
  }, [clusters.isSuccess, items, clusterId, setClusterId]);

  return (
    <div className="topbar-field">
      <label htmlFor="cluster-switcher">Cluster</label>
      <select
        id="cluster-switcher"
        className="select"
        value={clusterId}
        onChange={(e) => setClusterId(e.target.value)}
        disabled={!clusters.isSuccess}
      >
        {items.length === 0 ? <option value={clusterId}>{clusterId}</option> : null}
        {items.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
