"use client";
import { useMutation } from "@tanstack/react-query";
import type { IssueApiTokenRequest, IssuedApiTokenResponse } from "@/lib/contracts/api-tokens";
import { apiFetch } from "@/lib/hooks/fetcher";

/** Issues an API token for the signed-in admin; the secret is in the mutation's data, once. */
export function useIssueApiToken() {
  return useMutation({
    mutationFn: (body: IssueApiTokenRequest) => apiFetch<IssuedApiTokenResponse>("/api/v1/tokens", { method: "POST", json: body }),
  });
}
