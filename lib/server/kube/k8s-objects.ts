import "server-only";
/**
 * The object verbs of the /k8s API (get, list, create, update, patch, delete) on one
 * ClusterBackend. Each answers the object in the group version of the request (wire.ts).
 */
import type { ClusterBackend, ClusterObject, WriteOptions } from "@/lib/cluster/backend";
import { toWireObject } from "@/lib/contracts/resources";
import { AlreadyExistsError, ConflictError, NotFoundError } from "@/lib/errors";
import type { ApiResource } from "@/lib/k8s-api/api-resources";
import { CALICO_CRD_GROUP, toApiVersion } from "@/lib/k8s-api/api-resources";
import { ssaSchemaForKind } from "@/lib/k8s-api/managed-fields";
import { parseGoBool } from "@/lib/k8s-api/query";
import { applyConfiguration, conflictCauses, conflictMessage, fieldManagerErrors, managerOf } from "@/lib/k8s-api/server-side-apply";
import { applyJsonPatch } from "@/lib/k8s-api/json-patch";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { applyMergePatch, isJsonObject } from "@/lib/k8s-api/merge-patch";
import { patchSchemaForKind } from "@/lib/k8s-api/patch-strategy";
import { PatchError, applyStrategicMergePatch } from "@/lib/k8s-api/strategic-merge";
import type { ReadQuery } from "@/lib/k8s-api/query";
import { exactListVersion, matchesFieldSelector } from "@/lib/k8s-api/query";
import { buildFailureStatus, expiredStatus, invalidStatus, tooLargeResourceVersionStatus } from "@/lib/k8s-api/status";
import type { IncludeObject, TableOptions } from "@/lib/k8s-api/table";
import { buildTable, wantsTable } from "@/lib/k8s-api/table";
import { buildListDocument, metadataOf, metadataString, toServedObject, withMetadataField } from "@/lib/k8s-api/wire";
import { readBodyText, readJsonBodyChecked, readObjectBodyChecked, subjectOf, toModelObject } from "@/lib/server/kube/k8s-body";
import type { FieldCheck } from "@/lib/server/kube/k8s-fields";
import { checkFields } from "@/lib/server/kube/k8s-fields";
import { K8sStatusError, k8sJson } from "@/lib/server/kube/k8s-response";

/** One request to one resource. */
export interface ObjectRequest {
  readonly req: Request;
  readonly backend: ClusterBackend;
  readonly resource: ApiResource;
  readonly namespace?: string;
  readonly actor: string;
  readonly dryRun: boolean;
  /** fieldValidation of writes (k8s-fields.ts). */
  readonly fields: FieldCheck;
}

/** The wire form of a backend object in the request's group version. */
export function served(obj: ClusterObject, resource: ApiResource): JsonObject {
  return toServedObject(toWireObject(obj), resource);
}

/** The Table options of a request asking for `as=Table`, or undefined (plain objects wanted). */
export function tableRequest(r: ObjectRequest): Omit<TableOptions, "resourceVersion" | "continue"> | undefined {
  if (!wantsTable(r.req.headers.get("accept"))) return undefined;
  const include = new URL(r.req.url).searchParams.get("includeObject");
  const includeObject: IncludeObject = include === "None" || include === "Object" ? include : "Metadata";
  return { group: r.resource.group, wireKind: r.resource.wireKind, includeObject, now: new Date() };
}

/** GET one object (a one-row Table when asked for). */
export async function getOne(r: ObjectRequest, name: string): Promise<Response> {
  const obj = served(await r.backend.get(r.resource.kind, name, r.namespace), r.resource);
  const table = tableRequest(r);
  if (table !== undefined) return k8sJson(buildTable([obj], { ...table, ...(typeof metadataOf(obj)["resourceVersion"] === "string" ? { resourceVersion: metadataOf(obj)["resourceVersion"] as string } : {}) })); // string checked
  return k8sJson(obj);
}

/** GET a collection (one namespace, or all namespaces / cluster scope). */
export async function listMany(r: ObjectRequest, q: ReadQuery): Promise<Response> {
  const result = await r.backend.list(r.resource.kind, {
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    ...(q.labelSelector !== undefined ? { labelSelector: q.labelSelector } : {}),
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    ...(q.continue !== undefined ? { continue: q.continue } : {}),
  });
  if (q.resourceVersion !== undefined && q.resourceVersion !== "0") {
    // Exact: only the current version is kept; NotOlderThan (or no match): any state at least as new.
    const exact = exactListVersion(q.resourceVersion, result.resourceVersion);
    if (exact === "tooLarge") throw new K8sStatusError(tooLargeResourceVersionStatus(q.resourceVersion, result.resourceVersion));
    if (exact === "tooOld" && q.resourceVersionMatch === "Exact") throw new K8sStatusError(expiredStatus(`too old resource version: ${q.resourceVersion} (${result.resourceVersion})`));
  }
  // Field selectors filter the page (the backend port has no field selector); a page may then
  // hold fewer than `limit` items, which the Kubernetes API also allows.
  const items = result.items.filter((o) => matchesFieldSelector(q.fieldSelector, o.metadata.name, o.metadata.namespace)).map((o) => served(o, r.resource));
  // remainingItemCount is left out when a field selector filtered the page (as upstream does for selectors).
  const remaining = q.fieldSelector.length === 0 ? result.remainingItemCount : undefined;
  const table = tableRequest(r);
  if (table !== undefined) {
    return k8sJson(
      buildTable(items, {
        ...table,
        resourceVersion: result.resourceVersion,
        ...(result.continue !== undefined ? { continue: result.continue } : {}),
        ...(remaining !== undefined ? { remainingItemCount: remaining } : {}),
      }),
    );
  }
  return k8sJson(buildListDocument(r.resource, items, result.resourceVersion, result.continue, remaining));
}

/** POST a new object. 201 with the stored (or dry-run) object. */
export async function createOne(r: ObjectRequest): Promise<Response> {
  const { value, duplicates } = await readObjectBodyChecked(r.req);
  r.fields.duplicates = duplicates;
  const body = checkFields(r.fields, r.resource, value, false);
  const obj = toModelObject(body, { resource: r.resource, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), creating: true });
  const created = await r.backend.create(obj, writeOptions(r, "CreateOptions"));
  return k8sJson(served(created, r.resource), 201);
}

/** PUT a whole object; its resourceVersion must be current (409 otherwise). */
export async function replaceOne(r: ObjectRequest, name: string): Promise<Response> {
  const { value: body, duplicates } = await readObjectBodyChecked(r.req);
  r.fields.duplicates = duplicates;
  if (metadataString(body, "resourceVersion") === undefined) {
    // Kubernetes allows an unconditional PUT for most kinds; the backend port requires a
    // version, so an update without one is made against the current version (last writer wins,
    // exactly what the apiserver does for a PUT without metadata.resourceVersion).
    const current = await r.backend.get(r.resource.kind, name, r.namespace);
    return writeUpdate(r, withMetadataField(body, "resourceVersion", current.metadata.resourceVersion), name);
  }
  return writeUpdate(r, body, name);
}

async function writeUpdate(r: ObjectRequest, written: JsonObject, name: string, options: WriteOptions = writeOptions(r, "UpdateOptions")): Promise<Response> {
  const body = checkFields(r.fields, r.resource, written, r.req.method.toUpperCase() === "PATCH");
  const obj = toModelObject(body, { resource: r.resource, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), name, creating: false });
  const updated = await r.backend.update(obj, options);
  return k8sJson(served(updated, r.resource));
}

type OptionsKind = "CreateOptions" | "UpdateOptions" | "PatchOptions";

/** `fieldManager` and `force` of a write, checked as ValidateCreate/Update/PatchOptions (422 on `<Kind>.meta.k8s.io ""`). */
function managerOptions(r: ObjectRequest, kind: OptionsKind, apply: boolean): { readonly fieldManager?: string; readonly force: boolean } {
  const params = new URL(r.req.url).searchParams;
  const fieldManager = params.get("fieldManager") ?? undefined;
  const force = parseGoBool(params, "force");
  if (!force.ok) throw new K8sStatusError(buildFailureStatus("BadRequest", force.error));
  const errors = [
    ...(kind === "PatchOptions" && !apply && force.value !== undefined ? [{ path: "force", message: "Forbidden: may not be specified for non-apply patch" }] : []),
    ...fieldManagerErrors(fieldManager, apply),
  ];
  if (errors.length > 0) throw new K8sStatusError(invalidStatus({ group: "meta.k8s.io", resource: "", kind, name: "" }, errors));
  return { ...(fieldManager !== undefined && fieldManager !== "" ? { fieldManager } : {}), force: force.value === true };
}

/** The backend write options of a non-apply write: its Update entry's manager is `fieldManager`, else the User-Agent's prefix. */
function writeOptions(r: ObjectRequest, kind: OptionsKind): WriteOptions {
  const { fieldManager } = managerOptions(r, kind, false);
  return {
    dryRun: r.dryRun,
    actor: r.actor,
    fieldManager: managerOf(fieldManager, r.req.headers.get("user-agent")),
    managerApiVersion: toApiVersion(r.resource.group, r.resource.version),
  };
}

type PatchType = "json" | "merge" | "strategic" | "apply";

const JSON_PATCH = "application/json-patch+json";
const MERGE_PATCH = "application/merge-patch+json";
const STRATEGIC_PATCH = "application/strategic-merge-patch+json";
const APPLY_PATCH = "application/apply-patch+yaml";

/** The patch media types a resource accepts, in the apiserver's order (CRDs take no strategic merge patch). */
function acceptedPatchTypes(resource: ApiResource): readonly string[] {
  return resource.group === CALICO_CRD_GROUP ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
}

/** The patch type of a Content-Type, or a 415 Status worded like the apiserver's for the ones not accepted. */
function patchTypeOf(contentType: string | null, resource: ApiResource): PatchType {
  const media = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const accepted = acceptedPatchTypes(resource);
  if (!accepted.includes(media)) {
    throw new K8sStatusError(buildFailureStatus("UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`));
  }
  if (media === JSON_PATCH) return "json";
  if (media === MERGE_PATCH) return "merge";
  if (media === STRATEGIC_PATCH) return "strategic";
  return "apply";
}

const PATCH_ATTEMPTS = 5;

/** Applies a decoded patch of one type to the object as served. Throws K8sStatusError (400/422). */
function applyPatch(type: Exclude<PatchType, "apply">, current: JsonObject, patch: unknown, resource: ApiResource): unknown {
  try {
    if (type === "json") return applyJsonPatch(current, patch);
    if (!isJsonObject(patch)) throw new PatchError("the patch must be a JSON object");
    if (type === "merge") return applyMergePatch(current, patch);
    return applyStrategicMergePatch(current, patch, patchSchemaForKind(resource.wireKind));
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    if (e.invalid) throw new K8sStatusError(invalidStatus(subjectOf(resource, metadataString(current, "name")), [{ path: "", message: e.message }]));
    throw new K8sStatusError(buildFailureStatus("BadRequest", e.message));
  }
}

/** The metadata.resourceVersion a patch pins (a precondition), if any. */
function pinnedVersion(type: PatchType, patch: unknown): boolean {
  if (type !== "json") return metadataString(patch, "resourceVersion") !== undefined;
  return Array.isArray(patch) && patch.some((op) => isJsonObject(op) && op["path"] === "/metadata/resourceVersion" && op["op"] !== "remove");
}

/**
 * PATCH one object: JSON patch (RFC 6902) and JSON merge patch (RFC 7386) for every kind,
 * strategic merge patch for built-in and projectcalico.org/v3 kinds with their patch strategies
 * (lib/k8s-api/patch-strategy.ts); crd.projectcalico.org/v1 refuses it with 415 as CRDs do.
 * A patch that sets metadata.resourceVersion is a precondition (409 when stale); otherwise a
 * concurrent write is retried, as the apiserver does.
 */
export async function patchOne(r: ObjectRequest, name: string): Promise<Response> {
  const type = patchTypeOf(r.req.headers.get("content-type"), r.resource);
  if (type === "apply") return applyOne(r, name);
  const options = writeOptions(r, "PatchOptions");
  const { value: patch, duplicates } = await readJsonBodyChecked(r.req);
  r.fields.duplicates = duplicates;
  const pinned = pinnedVersion(type, patch);
  for (let attempt = 1; ; attempt++) {
    const current = served(await r.backend.get(r.resource.kind, name, r.namespace), r.resource);
    const merged = applyPatch(type, current, patch, r.resource);
    if (!isJsonObject(merged)) throw new K8sStatusError(buildFailureStatus("BadRequest", "the patched object is not an object"));
    const meta = metadataOf(merged);
    if (meta["name"] !== name) throw new K8sStatusError(buildFailureStatus("BadRequest", "metadata.name cannot be changed by a patch"));
    try {
      return await writeUpdate(r, merged, name, options);
    } catch (e) {
      if (!(e instanceof ConflictError) || pinned || attempt >= PATCH_ATTEMPTS) throw e;
    }
  }
}

/** The object as served, or undefined when it does not exist. */
async function getServedOrUndefined(r: ObjectRequest, name: string): Promise<JsonObject | undefined> {
  try {
    return served(await r.backend.get(r.resource.kind, name, r.namespace), r.resource);
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

/**
 * Server-side apply (`application/apply-patch+yaml`, YAML or JSON): `fieldManager` required,
 * `force`, `dryRun=All`; creates the object when it does not exist (201). The merge, ownership
 * and conflicts are lib/k8s-api/server-side-apply.ts; a conflict is 409 Conflict with one
 * FieldManagerConflict cause per field, nothing written. A configuration that sets
 * metadata.resourceVersion is a precondition; otherwise a concurrent write is retried.
 */
async function applyOne(r: ObjectRequest, name: string): Promise<Response> {
  const { fieldManager = "", force } = managerOptions(r, "PatchOptions", true);
  const { value: config, duplicates } = await readJsonBodyChecked(r.req);
  r.fields.duplicates = duplicates;
  if (!isJsonObject(config)) throw new K8sStatusError(buildFailureStatus("BadRequest", "the apply configuration must be an object"));
  // The apiserver decodes an apply configuration as a typed object: apiVersion and kind are required.
  for (const field of ["apiVersion", "kind"]) {
    if (typeof config[field] !== "string" || config[field] === "") throw new K8sStatusError(buildFailureStatus("BadRequest", `Object '${field === "kind" ? "Kind" : field}' is missing in '${JSON.stringify(config)}'`));
  }
  const meta = metadataOf(config);
  if (meta["managedFields"] !== undefined && meta["managedFields"] !== null) throw new K8sStatusError(buildFailureStatus("BadRequest", "metadata.managedFields must be nil"));
  const configName = metadataString(config, "name");
  if (configName !== undefined && configName !== name) {
    throw new K8sStatusError(buildFailureStatus("BadRequest", `the name of the object (${configName}) does not match the name on the URL (${name})`));
  }
  const named = withMetadataField(config, "name", name);
  const apiVersion = toApiVersion(r.resource.group, r.resource.version);
  const options: WriteOptions = { dryRun: r.dryRun, actor: r.actor, fieldManager, managerApiVersion: apiVersion, managedFieldsGiven: true };
  const pinned = metadataString(config, "resourceVersion") !== undefined;
  const target = { resource: r.resource, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), name };
  for (let attempt = 1; ; attempt++) {
    const live = await getServedOrUndefined(r, name);
    const result = applyConfiguration({ live, config: named, manager: fieldManager, apiVersion, force, now: new Date(), schema: ssaSchemaForKind(r.resource.wireKind) });
    if (!result.ok) throw new K8sStatusError(buildFailureStatus("Conflict", conflictMessage(result.conflicts), { causes: conflictCauses(result.conflicts) }));
    if (!result.changed && live !== undefined) return k8sJson(live);
    try {
      if (live === undefined) {
        const created = await r.backend.create(toModelObject(result.object, { ...target, creating: true, keepManagedFields: true }), options);
        return k8sJson(served(created, r.resource), 201);
      }
      return await writeUpdate(r, result.object, name, options);
    } catch (e) {
      const raced = e instanceof AlreadyExistsError || (e instanceof ConflictError && !pinned);
      if (!raced || attempt >= PATCH_ATTEMPTS) throw e;
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
