import "server-only";
/**
 * Request bodies of the /k8s API: decoding (JSON; YAML as kubectl never sends but curl users
 * do; protobuf for the few built-in kinds kubectl sends that way) and turning a wire object into the model object a ClusterBackend stores, checking it
 * against the URL the way the apiserver does (apiVersion/kind, name, namespace).
 */
import { randomBytes } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { MAX_NESTING_DEPTH, MAX_YAML_ALIASES, flowNestingDepth } from "@/lib/calico";
import type { ClusterObject } from "@/lib/cluster/backend";
import { validateClusterObject } from "@/lib/cluster/validate-object";
import type { ApiResource } from "@/lib/k8s-api/api-resources";
import { CORE_GROUP, toApiVersion } from "@/lib/k8s-api/api-resources";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import { duplicateJsonFields } from "@/lib/k8s-api/field-validation";
import { ProtobufError, decodeK8sProtobuf } from "@/lib/k8s-api/protobuf";
import type { StatusSubject } from "@/lib/k8s-api/status";
import { buildFailureStatus, invalidStatus } from "@/lib/k8s-api/status";
import { metadataOf } from "@/lib/k8s-api/wire";
import { DomainError, PayloadTooLargeError, UnsupportedMediaTypeError } from "@/lib/errors";
import { env } from "@/lib/server/env";
import { findNulPath, readBodyBytes, readCheckedBody } from "@/lib/server/http/body";
import { K8sStatusError } from "@/lib/server/kube/k8s-response";

function badRequest(message: string): K8sStatusError {
  return new K8sStatusError(buildFailureStatus("BadRequest", message));
}

/**
 * Decodes a request body into a JSON value (JSON first, then YAML), through the shared body
 * reader (lib/server/http/body.ts): Content-Type, size limit, UTF-8, nesting depth, alias
 * expansion and NUL characters are checked. Throws K8sStatusError 400, 413, 415 or 422.
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  return (await readJsonBodyChecked(req)).value;
}

/** A decoded body and the paths of the keys its JSON text repeats (for fieldValidation). */
export interface CheckedBody<T> {
  readonly value: T;
  readonly duplicates: readonly string[];
}

/** readJsonBody, also reporting duplicate keys of a JSON body (protobuf and YAML have none: YAML refuses them). */
export async function readJsonBodyChecked(req: Request): Promise<CheckedBody<unknown>> {
  const media = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (media === "application/vnd.kubernetes.protobuf") {
    // kubectl sends protobuf for a few built-in kinds (protobuf.ts); other kinds are refused 415.
    const bytes = await withK8sBodyErrors(() => readBodyBytes(req, env.PALISADE_MAX_BODY_BYTES));
    try {
      return { value: decodeK8sProtobuf(bytes), duplicates: [] };
    } catch (e) {
      if (e instanceof ProtobufError) throw new K8sStatusError(buildFailureStatus("UnsupportedMediaType", e.message));
      throw e;
    }
  }
  const text = await readBodyText(req);
  if (text.trim() === "") throw badRequest("the request body is empty");
  const value = decodeJsonOrYaml(text);
  const nul = findNulPath(value);
  if (nul !== undefined) throw new K8sStatusError(buildFailureStatus("Invalid", `${nul || "body"}: must not contain NUL (U+0000) characters`, { causes: [{ reason: "FieldValueInvalid", message: "must not contain NUL (U+0000) characters", field: nul }] }));
  return { value, duplicates: isJsonText(text) ? duplicateJsonFields(text) : [] };
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The body as text, read with the shared limits (size, Content-Type, UTF-8). Throws K8sStatusError 400, 413 or 415. */
export async function readBodyText(req: Request): Promise<string> {
  return withK8sBodyErrors(() => readCheckedBody(req, "text", env.PALISADE_MAX_BODY_BYTES));
}

/** Runs a body read, turning the shared reader's errors into Kubernetes Status errors. */
async function withK8sBodyErrors<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof PayloadTooLargeError) throw new K8sStatusError(buildFailureStatus("RequestEntityTooLarge", e.message));
    if (e instanceof UnsupportedMediaTypeError) throw new K8sStatusError(buildFailureStatus("UnsupportedMediaType", e.message));
    if (e instanceof DomainError) throw badRequest(e.message);
    throw e;
  }
}

function decodeJsonOrYaml(text: string): unknown {
  if (flowNestingDepth(text) > MAX_NESTING_DEPTH) throw badRequest(`the body nests lists or maps deeper than ${MAX_NESTING_DEPTH} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return parseYaml(text, { maxAliasCount: MAX_YAML_ALIASES }) as unknown;
    } catch (e) {
      const why = e instanceof ReferenceError ? `aliases expand more than ${MAX_YAML_ALIASES} times` : e instanceof RangeError ? "it nests too deeply" : e instanceof Error ? e.message : String(e);
      throw badRequest(`the body of the request could not be decoded: ${why}`);
    }
  }
}

/** Decodes a body that must be an object. Throws K8sStatusError 400. */
export async function readObjectBody(req: Request): Promise<JsonObject> {
  return (await readObjectBodyChecked(req)).value;
}

/** readObjectBody, also reporting duplicate keys (fieldValidation). */
export async function readObjectBodyChecked(req: Request): Promise<CheckedBody<JsonObject>> {
  const { value, duplicates } = await readJsonBodyChecked(req);
  if (!isJsonObject(value)) throw badRequest("the body of the request must be a JSON object");
  return { value, duplicates };
}

/** The subject of Status messages for a resource and optional name. */
export function subjectOf(resource: ApiResource, name?: string): StatusSubject {
  return { group: resource.group, resource: resource.plural, kind: resource.wireKind, ...(name !== undefined ? { name } : {}) };
}

/** Metadata fields the server owns: ignored on create (the apiserver overwrites them). */
const SERVER_OWNED_ON_CREATE = ["uid", "creationTimestamp", "selfLink", "generation", "managedFields", "deletionTimestamp"];

function cleanMetadata(meta: JsonObject, creating: boolean, keepManagedFields: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) {
    // An explicit null is "unset" in Kubernetes decoding (kubectl writes creationTimestamp: null).
    if (v === null) continue;
    if (creating && SERVER_OWNED_ON_CREATE.includes(k) && !(keepManagedFields && k === "managedFields")) continue;
    out[k] = v;
  }
  return out;
}

export interface WriteTarget {
  readonly resource: ApiResource;
  readonly namespace?: string;
  /** The name in the URL (update, patch); absent on create. */
  readonly name?: string;
  readonly creating: boolean;
  /** A server-side apply's create: metadata.managedFields were computed by the server, keep them. */
  readonly keepManagedFields?: boolean;
}

function generatedName(prefix: string): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  const bytes = randomBytes(5);
  return prefix + [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Checks a decoded wire object against the URL and converts it to the model object to store.
 * Throws K8sStatusError: 400 for apiVersion/kind/name/namespace mismatches or a resourceVersion
 * on create, 422 Invalid with field causes when the object is invalid.
 */
export function toModelObject(body: JsonObject, target: WriteTarget): ClusterObject {
  const { resource } = target;
  const expected = toApiVersion(resource.group, resource.version);
  const apiVersion = body["apiVersion"] ?? expected;
  const kind = body["kind"] ?? resource.wireKind;
  if (apiVersion !== expected) throw badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${expected})`);
  if (kind !== resource.wireKind) throw badRequest(`the kind in the data (${String(kind)}) does not match the expected kind (${resource.wireKind})`);
  const meta = cleanMetadata(metadataOf(body), target.creating, target.keepManagedFields === true);
  if (target.creating && (typeof meta["name"] !== "string" || meta["name"] === "") && typeof meta["generateName"] === "string" && meta["generateName"] !== "") {
    meta["name"] = generatedName(meta["generateName"]);
  }
  const name = typeof meta["name"] === "string" ? meta["name"] : undefined;
  if (target.creating && meta["resourceVersion"] !== undefined) throw badRequest("resourceVersion should not be set on objects to be created");
  if (target.name !== undefined && name !== undefined && name !== target.name) {
    throw badRequest(`the name of the object (${name}) does not match the name on the URL (${target.name})`);
  }
  if (target.name !== undefined && name === undefined) meta["name"] = target.name;
  if (resource.namespaced) {
    const ns = meta["namespace"];
    if (ns === undefined || ns === "") {
      if (target.namespace === undefined) throw badRequest("the namespace of the provided object is missing and the request names none");
      meta["namespace"] = target.namespace;
    } else if (target.namespace !== undefined && ns !== target.namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
  } else {
    // The apiserver clears metadata.namespace of cluster-scoped objects.
    delete meta["namespace"];
  }
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = body;
  const subject = { group: resource.group, resource: resource.plural, kind: resource.wireKind, ...(typeof meta["name"] === "string" ? { name: meta["name"] } : {}) };
  // Core kinds are stored in model form (no apiVersion); the others are normalised by lib/calico.
  const raw = resource.group === CORE_GROUP ? { kind: resource.kind, metadata: meta, ...rest } : { apiVersion: expected, kind: resource.wireKind, metadata: meta, ...rest };
  const checked = validateClusterObject(raw);
  if (checked.object === undefined) throw new K8sStatusError(invalidStatus(subject, checked.errors));
  if (checked.object.kind !== resource.kind) throw badRequest(`the kind in the data (${checked.object.kind}) does not match the expected kind (${resource.kind})`);
  return checked.object;
}
