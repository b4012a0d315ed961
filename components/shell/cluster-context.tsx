"use client";
import { createContext, useCallback, useContext, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { CLUSTER_COOKIE } from "@/components/shell/cluster-cookie";


interface ClusterContextValue {
  readonly clusterId: string;
  readonly setClusterId: (id: string) => void;
}

const ClusterContext = createContext<ClusterContextValue | undefined>(undefined);

/** Holds the cluster every page reads from; switching persists it in a cookie. */
export function ClusterProvider({ initialClusterId, children }: { readonly initialClusterId: string; readonly children: ReactNode }) {
  const [clusterId, setState] = useState(initialClusterId);
  const setClusterId = useCallback((id: string) => {
    document.cookie = `${CLUSTER_COOKIE}=${encodeURIComponent(id)}; Path=/; Max-Age=31536000; SameSite=Lax`;
    setState(id);
  }, []);
  const value = useMemo(() => ({ clusterId, setClusterId }), [clusterId, setClusterId]);
  return <ClusterContext.Provider value={value}>{children}</ClusterContext.Provider>;
}

/** The selected cluster id and its setter. Must be used inside ClusterProvider. */
export function useCurrentCluster(): ClusterContextValue {
  const value = useContext(ClusterContext);
  if (value === undefined) throw new Error("useCurrentCluster must be used inside ClusterProvider");
  return value;
}
