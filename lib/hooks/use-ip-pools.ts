"use client";
/** The IP pools page's read (pools with usage). Creating, editing and deleting pools go through the resource routes (use-policies). */
import { useQuery } from "@tanstack/react-query";
import { IpPoolsOverviewSchema, ipPoolPaths } from "@/lib/contracts/ip-pools";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** Query keys of the IP pool reads (children of queryKeys.cluster, so any cluster write refreshes them). */
export function useIpPools(cluster: string) {
  return useQuery({
    queryKey: queryKeys.ipPools(cluster),
    queryFn: ({ signal }) => apiFetch(ipPoolPaths.overview(cluster), { schema: IpPoolsOverviewSchema, signal }),
  });
}
