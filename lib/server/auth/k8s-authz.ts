import "server-only";
/**
 * The one authorization decision of the Kubernetes-compatible API (/k8s): may this principal
 * perform this verb on this resource (or non-resource URL)? The gate of every /k8s request and
 * the access reviews (`kubectl auth can-i`, SelfSubjectRulesReview) both ask this function, so
 * finer permissions (per tier, per namespace) plug in here and nowhere else.
 *
 * Today's rules follow Palisade's roles: viewer reads (get, list, watch), editor also writes
 * (create, update, patch, delete, deletecollection), admin may do anything (including `*` and
 * verbs such as impersonate, bind, escalate). Non-resource URLs (discovery, /version, /openapi)
 * are readable by every role. A tier or namespace scope refuses here what it refuses whatever the
 * object (see scopeDecision); per-object tier checks happen in the scoped backend. Pure: no IO.
 */
import type { Verb } from "@/lib/auth/permissions";
import { TIERED_KINDS, VERBS, decide } from "@/lib/auth/permissions";
import { API_RESOURCES } from "@/lib/k8s-api/api-resources";
import type { Principal, Role } from "@/lib/server/auth/principal";
import { hasRole } from "@/lib/server/auth/principal";

export const READ_VERBS = ["get", "list", "watch"] as const;
export const WRITE_VERBS = ["create", "update", "patch", "delete", "deletecollection"] as const;

/** What a request (or an access review) asks, in Kubernetes' authorization attributes. */
export type K8sAccessRequest =
  | {
      readonly verb: string;
      /** API group ("" for core; "*" for any). */
      readonly group: string;
      /** Plural resource name ("*" for any). */
      readonly resource: string;
      readonly subresource?: string;
      /** Absent or "" for cluster scope / all namespaces. */
      readonly namespace?: string;
      readonly name?: string;
    }
  | { readonly verb: string; readonly nonResourcePath: string };

export interface K8sAccessDecision {
  readonly allowed: boolean;
  /** Why, in words (SubjectAccessReviewStatus.reason / evaluationError). */
  readonly reason: string;
}

function requiredRole(verb: string): Role {
  if ((READ_VERBS as readonly string[]).includes(verb)) return "viewer";
  if ((WRITE_VERBS as readonly string[]).includes(verb)) return "editor";
  return "admin";
}

/** The decision for one request. */
export function authorizeK8s(principal: Principal, request: K8sAccessRequest): K8sAccessDecision {
  if ("nonResourcePath" in request) {
    const required: Role = request.verb === "get" || request.verb === "head" ? "viewer" : "admin";
    return hasRole(principal.role, required)
      ? { allowed: true, reason: `Palisade role ${principal.role} may ${request.verb} non-resource URLs` }
      : { allowed: false, reason: `Palisade role ${principal.role} may not ${request.verb} ${request.nonResourcePath}: it needs the ${required} role` };
  }
  const required = requiredRole(request.verb);
  if (!hasRole(principal.role, required)) return { allowed: false, reason: `Palisade role ${principal.role} does not allow ${request.verb}: it needs the ${required} role` };
  // A namespace scope limits where the role applies (lib/auth/permissions.ts): a request in a
  // namespace outside it is refused here, so `kubectl auth can-i -n <ns>` tells the truth. Tier
  // scopes need the object (its spec.tier), so the scoped backend decides those per object, and
  // lists across namespaces are filtered there rather than refused.
  const scope = principal.namespaces;
  if (scope !== "all" && request.namespace !== undefined && request.namespace !== "" && !scope.includes(request.namespace)) {
    return { allowed: false, reason: `namespace "${request.namespace}" is outside ${principal.username}'s namespace scope (${scope.join(", ") || "none"})` };
  }
  const scoped = scopeDecision(principal, request);
  if (scoped !== undefined) return scoped;
  return { allowed: true, reason: `Palisade role ${principal.role} allows ${request.verb}` };
}

/** The model kind a (group, plural) names, in any served version. */
function kindOf(group: string, plural: string): string | undefined {
  for (const list of API_RESOURCES.values()) for (const r of list) if (r.group === group && r.plural === plural) return r.kind;
  return undefined;
}

/**
 * The tier/namespace scope's refusal of a request whose answer does not depend on the object
 * (lib/auth/permissions.ts `decide`): creating or deleting a Tier needs every tier, changing a
 * Tier needs that tier, writing a cluster-wide kind outside tiers (IP pools, Felix
 * configuration…) needs an unrestricted scope. So `kubectl auth can-i create tiers` answers what
 * the write would get. Tiered policies are left to the scoped backend, which reads the object's
 * `spec.tier` (a request names no tier); undefined = no refusal here.
 */
function scopeDecision(principal: Principal, request: Exclude<K8sAccessRequest, { nonResourcePath: string }>): K8sAccessDecision | undefined {
  if (principal.tiers === "all" && principal.namespaces === "all") return undefined;
  const kind = kindOf(request.group, request.resource);
  if (kind === undefined || TIERED_KINDS.has(kind)) return undefined;
  const verb: Verb | undefined = request.verb === "deletecollection" ? "delete" : (VERBS as readonly string[]).includes(request.verb) ? (request.verb as Verb) : undefined; // checked by includes
  if (verb === undefined) return undefined;
  const name = request.name !== undefined && request.name !== "" ? request.name : undefined;
  const namespace = kind === "Namespace" ? name : request.namespace !== undefined && request.namespace !== "" ? request.namespace : undefined;
  const tier = kind === "Tier" ? name : undefined;
  const decision = decide(principal, verb, { kind, ...(namespace !== undefined ? { namespace } : {}), ...(tier !== undefined ? { tier } : {}) });
  return decision.allowed ? undefined : { allowed: false, reason: decision.reason };
}

/** The apiserver's Forbidden wording for a denied resource request. */
export function forbiddenMessage(principal: Principal, request: Exclude<K8sAccessRequest, { nonResourcePath: string }>): string {
  const group = request.group === "" ? `in API group ""` : `in API group "${request.group}"`;
  const scope = request.namespace !== undefined && request.namespace !== "" ? `in the namespace "${request.namespace}"` : "at the cluster scope";
  const resource = request.subresource !== undefined ? `${request.resource}/${request.subresource}` : request.resource;
  return `User "${principal.username}" cannot ${request.verb} resource "${resource}" ${group} ${scope}`;
}
