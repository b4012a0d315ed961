"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateUserRequest, OidcSettings, UpdateUserRequest } from "@/lib/contracts/users";
import { AuthEventPageSchema, OidcSettingsViewSchema, UserListSchema, UserViewSchema } from "@/lib/contracts/users";
import { NoContentSchema } from "@/lib/contracts/no-content";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** Every user (admin). */
export function useUsers() {
  return useQuery({ queryKey: queryKeys.users(), queryFn: ({ signal }) => apiFetch("/api/v1/users", { schema: UserListSchema, signal }) });
}

function useInvalidateUsers() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: queryKeys.users() });
    void qc.invalidateQueries({ queryKey: queryKeys.authEvents() });
    void qc.invalidateQueries({ queryKey: queryKeys.apiTokens() });
  };
}

export function useCreateUser() {
  const done = useInvalidateUsers();
  return useMutation({ mutationFn: (body: CreateUserRequest) => apiFetch("/api/v1/users", { schema: UserViewSchema, method: "POST", json: body }), onSettled: done });
}

export function useUpdateUser() {
  const done = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ username, patch }: { username: string; patch: UpdateUserRequest }) =>
      apiFetch(`/api/v1/users/${encodeURIComponent(username)}`, { schema: UserViewSchema, method: "PATCH", json: patch }),
    onSettled: done,
  });
}

export function useDeleteUser() {
  const done = useInvalidateUsers();
  return useMutation({ mutationFn: (username: string) => apiFetch(`/api/v1/users/${encodeURIComponent(username)}`, { schema: NoContentSchema, method: "DELETE" }), onSettled: done });
}

export function useResetPassword() {
  const done = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) =>
      apiFetch(`/api/v1/users/${encodeURIComponent(username)}/password`, { schema: NoContentSchema, method: "POST", json: { password } }),
    onSettled: done,
  });
}

/** The newest authentication audit events (an admin: everyone's; others: their own). */
export function useAuthEvents(limit = 50) {
  return useQuery({ queryKey: queryKeys.authEventsPage(limit), queryFn: ({ signal }) => apiFetch(`/api/v1/auth-events?limit=${limit}`, { schema: AuthEventPageSchema, signal }) });
}

/** OIDC sign-in state and the group → role / scope mapping (admin). */
export function useOidcSettings() {
  return useQuery({ queryKey: queryKeys.oidcSettings(), queryFn: ({ signal }) => apiFetch("/api/v1/settings/oidc", { schema: OidcSettingsViewSchema, signal }) });
}

export function useSaveOidcSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OidcSettings) => apiFetch("/api/v1/settings/oidc", { schema: OidcSettingsViewSchema, method: "PUT", json: body }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.oidcSettings() });
      void qc.invalidateQueries({ queryKey: queryKeys.authEvents() });
    },
  });
}
