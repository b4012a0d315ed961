import "server-only";
/**
 * The Kubernetes-compatible API of Palisade, mounted under /k8s: discovery, and the object
 * verbs on the embedded cluster (or another cluster id), so kubectl and client-go work against
 * it. One entry point, `serveK8sApi`, passes every request through the gate (k8s-gate.ts) and
 * turns every failure into a Kubernetes Status. See lib/k8s-api/DESIGN.md.
 */
import type { ClusterBackend } from "@/lib/cluster/backend";
import { EMBEDDED_CLUSTER_ID } from "@/lib/cluster/clusters";
import { isDomainError } from "@/lib/errors";
import { CORE_GROUP } from "@/lib/k8s-api/api-resources";
import { buildApiGroup, buildApiGroupList, buildApiResourceList, buildApiVersions, buildVersionInfo } from "@/lib/k8s-api/discovery";
import type { K8sRoute } from "@/lib/k8s-api/paths";
import { parseK8sPath } from "@/lib/k8s-api/paths";
import { parseGoBool, parseReadQuery, parseWriteQuery } from "@/lib/k8s-api/query";
import type { ReviewKind } from "@/lib/k8s-api/reviews";
import { AUTHORIZATION_GROUP, buildAccessReview, buildRulesReview, buildSelfSubjectReview, parseAccessReview, rulesReviewNamespace } from "@/lib/k8s-api/reviews";
import type { K8sStatus } from "@/lib/k8s-api/status";
import { buildFailureStatus, invalidStatus, methodNotAllowedStatus } from "@/lib/k8s-api/status";
import type { FieldValidation } from "@/lib/k8s-api/field-validation";
import { parseFieldValidation } from "@/lib/k8s-api/field-validation";
import { ok } from "@/lib/result";
import { newFieldCheck, withWarnings } from "@/lib/server/kube/k8s-fields";
import { serveOpenApiV2, serveOpenApiV3 } from "@/lib/server/kube/k8s-openapi";
import { toK8sStatus } from "@/lib/k8s-api/status-mapping";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { readJsonBody, subjectOf } from "@/lib/server/kube/k8s-body";
import { scopeBackend } from "@/lib/server/auth/scoped-backend";
import { authenticateK8sRequest, authorizeK8sRequest } from "@/lib/server/kube/k8s-gate";
import type { K8sAccessRequest } from "@/lib/server/auth/k8s-authz";
import { READ_VERBS, WRITE_VERBS, authorizeK8s } from "@/lib/server/auth/k8s-authz";
import type { Principal } from "@/lib/server/auth/principal";
import type { ObjectRequest } from "@/lib/server/kube/k8s-objects";
import { createOne, deleteOne, getOne, listMany, patchOne, replaceOne } from "@/lib/server/kube/k8s-objects";
import { K8sStatusError, k8sJson, k8sStatusResponse } from "@/lib/server/kube/k8s-response";
import { watchMany } from "@/lib/server/kube/k8s-watch";
import { log, toErrorFields } from "@/lib/server/log";

export interface K8sApiOptions {
  /** The cluster served; default the embedded cluster. */
  readonly clusterId?: string;
}

const READ_METHODS = new Set(["GET", "HEAD"]);
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);

function notFound(message = "the server could not find the requested resource"): K8sStatusError {
  return new K8sStatusError(buildFailureStatus("NotFound", message, {}));
}

function serveDiscovery(req: Request, route: Exclude<K8sRoute, { kind: "resource" | "review" }>, url: URL): Response {
  switch (route.kind) {
    case "root":
      return k8sJson({ paths: ["/api", "/api/v1", "/apis", "/openapi/v2", "/openapi/v3", "/version"] });
    case "version":
      return k8sJson(buildVersionInfo());
    case "coreVersions":
      return k8sJson(buildApiVersions(url.host));
    case "groups":
      return k8sJson(buildApiGroupList());
    case "group": {
      const doc = buildApiGroup(route.group);
      if (doc === undefined) throw notFound();
      return k8sJson(doc);
    }
    case "resourceList": {
      const doc = buildApiResourceList(route.group, route.version);
      if (doc === undefined) throw notFound();
      return k8sJson(doc);
    }
    case "openapi": {
      // kubectl explain reads v3; kubectl's validation v3 (fieldValidation support), then v2.
      if (route.version === "v2" && route.path === "") return serveOpenApiV2(req);
      const doc = route.version === "v3" ? serveOpenApiV3(req, url, route.path) : undefined;
      if (doc === undefined) throw notFound();
      return doc;
    }
    default: {
      const never: never = route;
      return never;
    }
  }
}

async function serveResource(req: Request, url: URL, route: Extract<K8sRoute, { kind: "resource" }>, backend: ClusterBackend, actor: string): Promise<Response> {
  const { resource, namespace, name } = route;
  // One object of a namespaced kind is addressed only through its namespace.
  if (resource.namespaced && name !== undefined && namespace === undefined) throw notFound();
  const write = parseWriteQuery(url.searchParams);
  if (!write.ok) throw new K8sStatusError(buildFailureStatus("BadRequest", write.error));
  const method = req.method.toUpperCase();
  const validation = WRITE_METHODS.has(method) ? parseFieldValidation(url.searchParams) : ok<FieldValidation>("Warn");
  if (!validation.ok) throw new K8sStatusError(writeOptionsInvalid(method, validation.error));
  const fields = newFieldCheck(validation.value);
  const r: ObjectRequest = { req, backend, resource, ...(namespace !== undefined ? { namespace } : {}), actor, dryRun: write.value.dryRun, fields };
  try {
    return withWarnings(await serveObjects(r, url, method, name), fields);
  } catch (e) {
    // Warnings go out with a failure too (an unknown field dropped, then the object refused).
    if (fields.warnings.length === 0) throw e;
    if (e instanceof K8sStatusError) return withWarnings(k8sStatusResponse(e.status), fields);
    if (isDomainError(e)) return withWarnings(k8sStatusResponse(toK8sStatus(e, subjectOf(resource, name))), fields);
    throw e;
  }
}

/** The 422 of an invalid write option, as apimachinery words it (`CreateOptions.meta.k8s.io "" is invalid: …`). */
function writeOptionsInvalid(method: string, message: string): K8sStatus {
  const kind = method === "POST" ? "CreateOptions" : method === "PUT" ? "UpdateOptions" : "PatchOptions";
  const colon = message.indexOf(": ");
  return invalidStatus({ group: "meta.k8s.io", resource: "", kind, name: "" }, [{ path: message.slice(0, colon), message: message.slice(colon + 2) }]);
}

async function serveObjects(r: ObjectRequest, url: URL, method: string, name: string | undefined): Promise<Response> {
  const { resource, namespace } = r;
  if (name === undefined) {
    if (method === "GET") {
      const q = parseReadQuery(url.searchParams);
      if (!q.ok) throw new K8sStatusError(buildFailureStatus("BadRequest", q.error));
      return q.value.watch ? watchMany(r, q.value) : await listMany(r, q.value);
    }
    if (method === "POST") {
      if (resource.namespaced && namespace === undefined) throw notFound();
      return createOne(r);
    }
    throw new K8sStatusError(methodNotAllowedStatus(method === "DELETE" ? "deletecollection" : method.toLowerCase(), subjectOf(resource)));
  }
  switch (method) {
    case "GET":
      return getOne(r, name);
    case "PUT":
      return replaceOne(r, name);
    case "PATCH":
      return patchOne(r, name);
    case "DELETE":
      return deleteOne(r, name);
    default:
      throw new K8sStatusError(methodNotAllowedStatus(method.toLowerCase(), subjectOf(resource)));
  }
}

/**
 * Serves one /k8s request. `segments` is the path after the mount point. Never throws: every
 * failure is a Status response (unknown errors are logged and answered 500 InternalError).
 */
export async function serveK8sApi(req: Request, segments: readonly string[], options: K8sApiOptions = {}): Promise<Response> {
  const url = new URL(req.url);
  const route = parseK8sPath(segments);
  let subject = route.ok && route.value.kind === "resource" ? subjectOf(route.value.resource, route.value.name) : { group: CORE_GROUP, resource: "", kind: "" };
  try {
    const principal = await authenticateK8sRequest(req);
    const method = req.method.toUpperCase();
    if (!route.ok) throw notFound(route.error.message);
    if (route.value.kind === "review") {
      // Every authenticated user may ask about themselves (upstream's system:basic-user role).
      if (method !== "POST") throw new K8sStatusError(methodNotAllowedStatus(method.toLowerCase(), { group: "", resource: "" }));
      return await serveReview(req, route.value.review, principal);
    }
    if (route.value.kind !== "resource") {
      authorizeK8sRequest(principal, { verb: method === "HEAD" ? "head" : method.toLowerCase(), nonResourcePath: url.pathname });
      if (!READ_METHODS.has(method)) throw new K8sStatusError(methodNotAllowedStatus(req.method.toLowerCase(), { group: "", resource: "" }));
      return serveDiscovery(req, route.value, url);
    }
    subject = subjectOf(route.value.resource, route.value.name);
    authorizeK8sRequest(principal, accessRequestOf(method, url, route.value));
    // The caller's tier and namespace permissions apply to every read and write (scoped-backend.ts).
    const backend = scopeBackend(await getClusterBackend(options.clusterId ?? EMBEDDED_CLUSTER_ID), principal);
    return await serveResource(req, url, route.value, backend, principal.username);
  } catch (e) {
    if (e instanceof K8sStatusError) return k8sStatusResponse(e.status);
    if (isDomainError(e)) return k8sStatusResponse(toK8sStatus(e, subject));
    log.error("unhandled error in /k8s", { method: req.method, path: url.pathname, error: toErrorFields(e) });
    return k8sStatusResponse(buildFailureStatus("InternalError", "an unexpected error occurred; the server log has the details"));
  }
}

/** The authorization attributes of a resource request, as the apiserver's request-info resolver derives them. */
function accessRequestOf(method: string, url: URL, route: Extract<K8sRoute, { kind: "resource" }>): K8sAccessRequest {
  const watch = parseGoBool(url.searchParams, "watch");
  const verb =
    method === "GET" || method === "HEAD"
      ? route.name !== undefined
        ? "get"
        : watch.ok && watch.value === true
          ? "watch"
          : "list"
      : method === "POST"
        ? "create"
        : method === "PUT"
          ? "update"
          : method === "PATCH"
            ? "patch"
            : method === "DELETE"
              ? route.name !== undefined
                ? "delete"
                : "deletecollection"
              : method.toLowerCase();
  return {
    verb,
    group: route.resource.group,
    resource: route.resource.plural,
    ...(route.namespace !== undefined ? { namespace: route.namespace } : {}),
    ...(route.name !== undefined ? { name: route.name } : {}),
  };
}

/** Answers a self review (access, rules, whoami) from the principal through authorizeK8s. */
async function serveReview(req: Request, review: ReviewKind, principal: Principal): Promise<Response> {
  const body = await readJsonBody(req);
  if (review === "SelfSubjectReview") {
    return k8sJson(buildSelfSubjectReview({ username: principal.username, ...(principal.userId !== undefined ? { uid: principal.userId } : {}), groups: ["system:authenticated", `palisade:${principal.role}`] }), 201);
  }
  if (review === "SelfSubjectRulesReview") {
    const namespace = rulesReviewNamespace(body);
    const allowed = (verb: string): boolean => authorizeK8s(principal, { verb, group: "*", resource: "*", namespace }).allowed;
    const resourceVerbs = [...READ_VERBS, ...WRITE_VERBS].filter(allowed);
    const all = authorizeK8s(principal, { verb: "*", group: "*", resource: "*", namespace }).allowed;
    const nonResourceVerbs = ["get", "head", "post", "put", "patch", "delete"].filter((verb) => authorizeK8s(principal, { verb, nonResourcePath: "*" }).allowed);
    return k8sJson(buildRulesReview(namespace, all ? ["*"] : resourceVerbs, nonResourceVerbs), 201);
  }
  const question = parseAccessReview(body);
  if (!question.ok) {
    throw new K8sStatusError(invalidStatus({ group: AUTHORIZATION_GROUP, resource: "selfsubjectaccessreviews", kind: "SelfSubjectAccessReview" }, question.error));
  }
  const decision = authorizeK8s(principal, question.value);
  return k8sJson(buildAccessReview(body, decision.allowed, decision.reason), 201);
}
