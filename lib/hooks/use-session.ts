"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { LoginRequest } from "@/lib/contracts/session";
import { SessionInfoSchema } from "@/lib/contracts/session";
import { apiPaths } from "@/lib/contracts/paths";
import { NoContentSchema } from "@/lib/contracts/no-content";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** The signed-in user. */
export function useSession() {
  return useQuery({ queryKey: queryKeys.session(), queryFn: ({ signal }) => apiFetch(apiPaths.session(), { schema: SessionInfoSchema, signal }) });
}

/** Logs in (POST /api/v1/session); the server sets the session cookie. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => apiFetch(apiPaths.session(), { schema: SessionInfoSchema, method: "POST", json: body }),
    onSuccess: (info) => client.setQueryData(queryKeys.session(), info),
  });
}

/** Logs out (DELETE /api/v1/session) and drops every cached answer. */
export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(apiPaths.session(), { schema: NoContentSchema, method: "DELETE" }),
    onSettled: () => client.clear(),
  });
}
