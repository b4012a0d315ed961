import "server-only";
/**
 * The object verbs of the /k8s API (get, list, create, update, patch, delete) on one
 * ClusterBackend. Each answers the object in the group version of the request (wire.ts).
 */
import type { ClusterBackend, ClusterObject } from "@/lib/cluster/backend";
import { toWireObject } from "@/lib/contracts/resources";
import { ConflictError } from "@/lib/errors";
import type { ApiResource } from "@/lib/k8s-api/api-resources";
import { CORE_GROUP, NETWORKING_GROUP } from "@/lib/k8s-api/api-resources";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { applyMergePatch, findStrategicDirectives, isJsonObject } from "@/lib/k8s-api/merge-patch";
import type { ReadQuery } from "@/lib/k8s-api/query";
import { matchesFieldSelector } from "@/lib/k8s-api/query";
import { buildFailureStatus } from "@/lib/k8s-api/status";
import { buildListDocument, metadataOf, metadataString, toServedObject, withMetadataField } from "@/lib/k8s-api/wire";
import { readBodyText, readJsonBody, readObjectBody, toModelObject } from "@/lib/server/kube/k8s-body";
import { K8sStatusError, k8sJson } from "@/lib/server/kube/k8s-response";

/** One request to one resource. */
export interface ObjectRequest {
  readonly req: Request;
  readonly backend: ClusterBackend;
  readonly resource: ApiResource;
  readonly namespace?: string;
  readonly actor: string;
  readonly dryRun: boolean;
}

/** The wire form of a backend object in the request's group version. */
export function served(obj: ClusterObject, resource: ApiResource): JsonObject {
  return toServedObject(toWireObject(obj), resource);
}

/** GET one object. */
export async function getOne(r: ObjectRequest, name: string): Promise<Response> {
  return k8sJson(served(await r.backend.get(r.resource.kind, name, r.namespace), r.resource));
}

/** GET a collection (one namespace, or all namespaces / cluster scope). */
export async function listMany(r: ObjectRequest, q: ReadQuery): Promise<Response> {
  const result = await r.backend.list(r.resource.kind, {
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    ...(q.labelSelector !== undefined ? { labelSelector: q.labelSelector } : {}),
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    ...(q.continue !== undefined ? { continue: q.continue } : {}),
  });
  // Field selectors filter the page (the backend port has no field selector); a page may then
  // hold fewer than `limit` items, which the Kubernetes API also allows.
  const items = result.items.filter((o) => matchesFieldSelector(q.fieldSelector, o.metadata.name, o.metadata.namespace)).map((o) => served(o, r.resource));
  return k8sJson(buildListDocument(r.resource, items, result.resourceVersion, result.continue));
}

/** POST a new object. 201 with the stored (or dry-run) object. */
export async function createOne(r: ObjectRequest): Promise<Response> {
  const body = await readObjectBody(r.req);
  const obj = toModelObject(body, { resource: r.resource, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), creating: true });
  const created = await r.backend.create(obj, { dryRun: r.dryRun, actor: r.actor });
  return k8sJson(served(created, r.resource), 201);
}

/** PUT a whole object; its resourceVersion must be current (409 otherwise). */
export async function replaceOne(r: ObjectRequest, name: string): Promise<Response> {
  const body = await readObjectBody(r.req);
  if (metadataString(body, "resourceVersion") === undefined) {
    // Kubernetes allows an unconditional PUT for most kinds; the backend port requires a
    // version, so an update without one is made against the current version (last writer wins,
    // exactly what the apiserver does for a PUT without metadata.resourceVersion).
    const current = await r.backend.get(r.resource.kind, name, r.namespace);
    return writeUpdate(r, withMetadataField(body, "resourceVersion", current.metadata.resourceVersion), name);
  }
  return writeUpdate(r, body, name);
}

async function writeUpdate(r: ObjectRequest, body: JsonObject, name: string): Promise<Response> {
  const obj = toModelObject(body, { resource: r.resource, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), name, creating: false });
  const updated = await r.backend.update(obj, { dryRun: r.dryRun, actor: r.actor });
  return k8sJson(served(updated, r.resource));
}

type PatchType = "merge" | "strategic";

/** The patch type of a Content-Type, or a 415 Status for the ones not served. */
function patchTypeOf(contentType: string | null, resource: ApiResource): PatchType {
  const media = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (media === "application/merge-patch+json") return "merge";
  if (media === "application/strategic-merge-patch+json") {
    if (resource.group === CORE_GROUP || resource.group === NETWORKING_GROUP) return "strategic";
    // As the apiserver answers for custom resources.
    throw new K8sStatusError(buildFailureStatus("UnsupportedMediaType", "strategic merge patch is not supported for this resource: use application/merge-patch+json"));
  }
  if (media === "application/apply-patch+yaml") {
    throw new K8sStatusError(buildFailureStatus("UnsupportedMediaType", "server-side apply is not supported by Palisade: use client-side apply (kubectl apply without --server-side) or a merge patch"));
  }
  throw new K8sStatusError(
    buildFailureStatus("UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json (core and networking.k8s.io only)`),
  );
}

const PATCH_ATTEMPTS = 5;

/**
 * PATCH one object with a JSON merge patch (RFC 7386). A strategic merge patch is accepted for
 * core and networking.k8s.io kinds when it holds no `$` directives: for the fields we model
 * (labels, annotations, NetworkPolicy rules, which have no merge keys) it then means the same as
 * a merge patch. A patch that sets metadata.resourceVersion is a precondition (409 when stale);
 * otherwise a concurrent write is retried, as the apiserver does.
 */
export async function patchOne(r: ObjectRequest, name: string): Promise<Response> {
  const type = patchTypeOf(r.req.headers.get("content-type"), r.resource);
  const patch = await readJsonBody(r.req);
  if (!isJsonObject(patch)) throw new K8sStatusError(buildFailureStatus("BadRequest", "the patch must be a JSON object"));
  if (type === "strategic") {
    const directives = findStrategicDirectives(patch);
    if (directives.length > 0) {
      throw new K8sStatusError(buildFailureStatus("UnsupportedMediaType", `strategic merge patch directives are not supported (${directives.join(", ")}): use application/merge-patch+json`));
    }
  }
  const pinned = metadataString(patch, "resourceVersion") !== undefined;
  for (let attempt = 1; ; attempt++) {
    const current = served(await r.backend.get(r.resource.kind, name, r.namespace), r.resource);
    const merged = applyMergePatch(current, patch);
    if (!isJsonObject(merged)) throw new K8sStatusError(buildFailureStatus("BadRequest", "the patched object is not an object"));
    const meta = metadataOf(merged);
    if (meta["name"] !== name) throw new K8sStatusError(buildFailureStatus("BadRequest", "metadata.name cannot be changed by a patch"));
    try {
      return await writeUpdate(r, merged, name);
    } catch (e) {
      if (!(e instanceof ConflictError) || pinned || attempt >= PATCH_ATTEMPTS) throw e;
    }
  }
}

function deletePrecondition(body: unknown): { resourceVersion?: string; dryRun: boolean } {
  if (!isJsonObject(body)) return { dryRun: false };
  const pre = body["preconditions"];
  const rv = isJsonObject(pre) && typeof pre["resourceVersion"] === "string" ? pre["resourceVersion"] : undefined;
  const dry = body["dryRun"];
  return { ...(rv !== undefined ? { resourceVersion: rv } : {}), dryRun: Array.isArray(dry) && dry.includes("All") };
}

/** DELETE one object (DeleteOptions body optional: preconditions.resourceVersion, dryRun). 200 with the object. */
export async function deleteOne(r: ObjectRequest, name: string): Promise<Response> {
  const text = await readBodyText(r.req);
  let options: unknown;
  try {
    options = text.trim() === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    throw new K8sStatusError(buildFailureStatus("BadRequest", "the DeleteOptions body is not valid JSON"));
  }
  const pre = deletePrecondition(options);
  const dryRun = r.dryRun || pre.dryRun;
  const deleted = await r.backend.delete(r.resource.kind, name, r.namespace, {
    dryRun,
    actor: r.actor,
    ...(pre.resourceVersion !== undefined ? { resourceVersion: pre.resourceVersion } : {}),
  });
  return k8sJson(served(deleted, r.resource));
}
