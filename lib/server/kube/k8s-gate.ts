import "server-only";
/**
 * The one gate of the /k8s API: `Authorization: Bearer <ApiToken>` only. Cookies are ignored
 * here (a browser's ambient session can never reach /k8s, so there is no CSRF surface), and
 * reads need the viewer role, writes the editor role, like the console API.
 */
import { buildFailureStatus, unauthorizedStatus } from "@/lib/k8s-api/status";
import { resolveApiToken } from "@/lib/server/auth/api-tokens";
import { readBearerToken } from "@/lib/server/auth/authenticate";
import type { Principal, Role } from "@/lib/server/auth/principal";
import { hasRole } from "@/lib/server/auth/principal";
import { K8sStatusError } from "@/lib/server/kube/k8s-response";

/** The principal of a /k8s request. Throws K8sStatusError 401 (no or bad token) or 403 (role). */
export async function admitK8sRequest(req: Request, required: Role): Promise<Principal> {
  const token = readBearerToken(req.headers);
  const principal = token === undefined ? undefined : await resolveApiToken(token);
  if (principal === undefined) throw new K8sStatusError(unauthorizedStatus());
  if (!hasRole(principal.role, required)) {
    throw new K8sStatusError(buildFailureStatus("Forbidden", `User "${principal.username}" cannot perform this request: it needs the ${required} role (has ${principal.role})`));
  }
  return principal;
}
