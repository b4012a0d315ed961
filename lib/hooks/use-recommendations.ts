"use client";
/**
 * Policy recommendations: the namespace-isolation list, one recommendation's detail, the
 * settings, run-now and bulk actions; the single-workload wizard's recommend and check calls.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RecommendationAction, RecommendationCheckRequest, RecommendationSettings, WorkloadRecommendRequest } from "@/lib/contracts/recommendations";
import {
  NamespaceRecommendationDetailViewSchema,
  RecommendationActionResultSchema,
  RecommendationCheckViewSchema,
  RecommendationListViewSchema,
  RecommendationRunViewSchema,
  RecommendationSettingsViewSchema,
  WorkloadRecommendationViewSchema,
  WorkloadRefListSchema,
  recommendationPaths,
} from "@/lib/contracts/recommendations";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** The namespace recommendations and the settings; refreshed every 10 s (the engine runs in the background). */
export function useRecommendations(cluster: string) {
  return useQuery({
    queryKey: queryKeys.recommendations(cluster),
    queryFn: ({ signal }) => apiFetch(recommendationPaths.list(cluster), { schema: RecommendationListViewSchema, signal }),
    refetchInterval: 10_000,
  });
}

/** One namespace's recommendation (policy, YAML, evidence, impact); disabled without a namespace. */
export function useRecommendationDetail(cluster: string, namespace: string | undefined) {
  return useQuery({
    queryKey: queryKeys.recommendationDetail(cluster, namespace ?? ""),
    queryFn: ({ signal }) => apiFetch(recommendationPaths.namespace(cluster, namespace ?? ""), { schema: NamespaceRecommendationDetailViewSchema, signal }),
    enabled: namespace !== undefined,
  });
}

export function useRecommendationSettings(cluster: string) {
  return useQuery({
    queryKey: queryKeys.recommendationSettings(cluster),
    queryFn: ({ signal }) => apiFetch(recommendationPaths.settings(cluster), { schema: RecommendationSettingsViewSchema, signal }),
  });
}

/** Saves the settings; every recommendation query of the cluster is refreshed after. */
export function useSaveRecommendationSettings(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (s: RecommendationSettings) => apiFetch(recommendationPaths.settings(cluster), { schema: RecommendationSettingsViewSchema, method: "PUT", json: s }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.recommendations(cluster) }),
  });
}

/** "Recompute now": one engine run; the cluster's objects (policies, tiers) are refreshed after. */
export function useRunRecommendations(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(recommendationPaths.run(cluster), { schema: RecommendationRunViewSchema, method: "POST" }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) }),
  });
}

/** Add to policy board / dismiss, for one or many namespaces. */
export function useRecommendationAction(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: RecommendationAction) => apiFetch(recommendationPaths.actions(cluster), { schema: RecommendationActionResultSchema, method: "POST", json: req }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) }),
  });
}

/** The wizard's recommend call (computes; writes nothing). */
export function useRecommendWorkload(cluster: string) {
  return useMutation({
    mutationFn: (req: WorkloadRecommendRequest) => apiFetch(recommendationPaths.workload(cluster), { schema: WorkloadRecommendationViewSchema, method: "POST", json: req }),
  });
}

/** Impact and shadowing of an edited recommendation against the observed flows. */
export function useCheckRecommendation(cluster: string) {
  return useMutation({
    mutationFn: (req: RecommendationCheckRequest) => apiFetch(recommendationPaths.check(cluster), { schema: RecommendationCheckViewSchema, method: "POST", json: req }),
  });
}

/** Workloads to pick from in the wizard. */
export function useRecommendWorkloads(cluster: string) {
  return useQuery({
    queryKey: queryKeys.recommendWorkloads(cluster),
    queryFn: ({ signal }) => apiFetch(recommendationPaths.workloads(cluster), { schema: WorkloadRefListSchema, signal }),
  });
}
