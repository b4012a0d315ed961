"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IssueTokenRequest } from "@/lib/contracts/users";
import { IssuedTokenSchema, TokenListSchema } from "@/lib/contracts/users";
import { NoContentSchema } from "@/lib/contracts/no-content";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** The caller's API tokens (an admin: everyone's). */
export function useApiTokens() {
  return useQuery({ queryKey: queryKeys.apiTokens(), queryFn: ({ signal }) => apiFetch("/api/v1/tokens", { schema: TokenListSchema, signal }) });
}

/** Issues an API token for the signed-in user; the secret is in the mutation's data, once. */
export function useIssueApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: IssueTokenRequest) => apiFetch("/api/v1/tokens", { schema: IssuedTokenSchema, method: "POST", json: body }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.apiTokens() }),
  });
}

/** Revokes a token (your own; an admin: anyone's). */
export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/tokens/${encodeURIComponent(id)}`, { schema: NoContentSchema, method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.apiTokens() }),
  });
}
