import "server-only";
/**
 * The one gate of the /k8s API: `Authorization: Bearer <ApiToken>` only. Cookies are ignored
 * here (a browser's ambient session can never reach /k8s, so there is no CSRF surface). Who may
 * do what is decided by authorizeK8s (lib/server/auth/k8s-authz.ts), the same function that
 * answers access reviews.
 */
import { buildFailureStatus, unauthorizedStatus } from "@/lib/k8s-api/status";
import { resolveApiToken } from "@/lib/server/auth/api-tokens";
import { readBearerToken } from "@/lib/server/auth/authenticate";
import type { K8sAccessRequest } from "@/lib/server/auth/k8s-authz";
import { authorizeK8s, forbiddenMessage } from "@/lib/server/auth/k8s-authz";
import type { Principal } from "@/lib/server/auth/principal";
import { K8sStatusError } from "@/lib/server/kube/k8s-response";

/** The principal of a /k8s request. Throws K8sStatusError 401 (no or bad token). */
export async function authenticateK8sRequest(req: Request): Promise<Principal> {
  const token = readBearerToken(req.headers);
  const principal = token === undefined ? undefined : await resolveApiToken(token);
  if (principal === undefined) throw new K8sStatusError(unauthorizedStatus());
  return principal;
}

/** Checks that `principal` may make `request`. Throws K8sStatusError 403 worded like the apiserver's. */
export function authorizeK8sRequest(principal: Principal, request: K8sAccessRequest): void {
  const decision = authorizeK8s(principal, request);
  if (decision.allowed) return;
  if ("nonResourcePath" in request) {
    throw new K8sStatusError(buildFailureStatus("Forbidden", `forbidden: User "${principal.username}" cannot ${request.verb} path "${request.nonResourcePath}"`));
  }
  const qualified = request.group === "" ? request.resource : `${request.resource}.${request.group}`;
  const subject = request.name !== undefined ? `${qualified} "${request.name}"` : qualified;
  throw new K8sStatusError(
    buildFailureStatus("Forbidden", `${subject} is forbidden: ${forbiddenMessage(principal, request)}: ${decision.reason}`, {
      ...(request.name !== undefined ? { name: request.name } : {}),
      group: request.group,
      kind: request.resource,
    }),
  );
}
