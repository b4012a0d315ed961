"use client";
/**
 * The Threat feeds page's calls: every GlobalThreatFeed with its sync state, and "sync now".
 * Keys live under the cluster's key, so any write to the cluster refreshes them. Creating,
 * editing and deleting feeds go through the resource routes (use-policies).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ThreatFeedSyncRequest } from "@/lib/contracts/threat-feeds";
import { ThreatFeedSyncResponseSchema, ThreatFeedsOverviewSchema, threatFeedPaths } from "@/lib/contracts/threat-feeds";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** Query keys of the threat-feed reads (children of queryKeys.cluster). */
/** The puller wakes every 5 s; the page follows it closely enough to show a sync within seconds. */
const REFRESH_MS = 5_000;

export function useThreatFeeds(cluster: string) {
  return useQuery({
    queryKey: queryKeys.threatFeeds(cluster),
    queryFn: ({ signal }) => apiFetch(threatFeedPaths.overview(cluster), { schema: ThreatFeedsOverviewSchema, signal }),
    refetchInterval: REFRESH_MS,
  });
}

/** "Sync now": the leader pulls the feed on its next tick. */
export function useSyncThreatFeed(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: ThreatFeedSyncRequest) => apiFetch(threatFeedPaths.sync(cluster), { schema: ThreatFeedSyncResponseSchema, method: "POST", json: req }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.threatFeeds(cluster) }),
  });
}
