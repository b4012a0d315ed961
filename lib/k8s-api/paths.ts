/**
 * Parses the path of a Kubernetes API request (the segments after the server prefix, e.g.
 * after `/k8s`) into what it addresses, like the apiserver's request-info resolver:
 *
 *   /version · /api · /api/v1 · /apis · /apis/{g} · /apis/{g}/{v} · /openapi/v2 · /openapi/v3[/{api/v1|apis/g/v}]
 *   /api/v1/{resource}[/{name}]
 *   /api/v1/namespaces/{ns}/{resource}[/{name}]
 *   /apis/{g}/{v}/[namespaces/{ns}/]{resource}[/{name}]
 *   /apis/authorization.k8s.io/v1/selfsubject{access,rules}reviews · /apis/authentication.k8s.io/v1/selfsubjectreviews
 *
 * `/api/v1/namespaces/{name}` is the Namespace itself. Subresources (`/status`, `/scale`) are not
 * served. Pure; returns a Result and never throws.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { ApiResource } from "@/lib/k8s-api/api-resources";
import { CORE_GROUP, findApiResource, resourcesOf } from "@/lib/k8s-api/api-resources";
import type { ReviewKind } from "@/lib/k8s-api/reviews";
import { findReview } from "@/lib/k8s-api/reviews";

/** What a request path addresses. */
export type K8sRoute =
  | { readonly kind: "root" }
  | { readonly kind: "version" }
  /** `/openapi/v2`, `/openapi/v3`, `/openapi/v3/apis/{g}/{v}` (`path` is what follows the version, "" for none). */
  | { readonly kind: "openapi"; readonly version: string; readonly path: string }
  | { readonly kind: "coreVersions" }
  | { readonly kind: "groups" }
  | { readonly kind: "group"; readonly group: string }
  | { readonly kind: "resourceList"; readonly group: string; readonly version: string }
  | { readonly kind: "review"; readonly review: ReviewKind }
  | {
      readonly kind: "resource";
      readonly resource: ApiResource;
      /** Set for namespaced requests (`/namespaces/{ns}/…`); absent means cluster scope or all namespaces. */
      readonly namespace?: string;
      /** Set for requests to one object. */
      readonly name?: string;
    };

/** Why a path does not resolve: `notFound` (404), or an unknown resource name. */
export interface K8sPathError {
  readonly reason: "notFound";
  readonly message: string;
}

const notFound = (message = "the server could not find the requested resource"): Result<K8sRoute, K8sPathError> => err({ reason: "notFound", message });

function resourcePath(group: string, version: string, rest: readonly string[]): Result<K8sRoute, K8sPathError> {
  if (resourcesOf(group, version) === undefined) return notFound();
  let namespace: string | undefined;
  let tail = rest;
  // `namespaces/{ns}/{resource}…` is a namespaced request; `namespaces[/{name}]` is the Namespace resource.
  if (tail[0] === "namespaces" && tail.length >= 3) {
    namespace = tail[1];
    tail = tail.slice(2);
  }
  const [plural, name, ...extra] = tail;
  if (plural === undefined || plural === "" || extra.length > 0) return notFound();
  const resource = findApiResource(group, version, plural);
  if (resource === undefined) return notFound();
  if (namespace !== undefined && (!resource.namespaced || namespace === "")) return notFound();
  if (name === "") return notFound();
  return ok({ kind: "resource", resource, ...(namespace !== undefined ? { namespace } : {}), ...(name !== undefined ? { name } : {}) });
}

/** Parses decoded path segments (empty segments from a trailing slash are ignored). */
export function parseK8sPath(segments: readonly string[]): Result<K8sRoute, K8sPathError> {
  const s = segments.filter((x, i) => x !== "" || i < segments.length - 1);
  const [first, second, third, ...rest] = s;
  if (first === undefined) return ok({ kind: "root" });
  if (first === "version" && s.length === 1) return ok({ kind: "version" });
  if (first === "openapi" && second !== undefined) return ok({ kind: "openapi", version: second, path: s.slice(2).join("/") });
  if (first === "api") {
    if (second === undefined) return ok({ kind: "coreVersions" });
    if (second !== "v1") return notFound();
    if (third === undefined) return ok({ kind: "resourceList", group: CORE_GROUP, version: "v1" });
    return resourcePath(CORE_GROUP, "v1", [third, ...rest]);
  }
  if (first === "apis") {
    if (second === undefined) return ok({ kind: "groups" });
    if (third === undefined) return ok({ kind: "group", group: second });
    if (rest.length === 0) return ok({ kind: "resourceList", group: second, version: third });
    const review = rest.length === 1 ? findReview(second, third, rest[0] ?? "") : undefined;
    if (review !== undefined) return ok({ kind: "review", review });
    return resourcePath(second, third, rest);
  }
  return notFound();
}
