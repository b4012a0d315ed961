import "server-only";
import type { ClusterBackend, ClusterObject } from "@/lib/cluster/backend";
import type { ApplyResult } from "@/lib/contracts/apply";
import type { ListQuery, ObjectList } from "@/lib/contracts/objects";
import type { ResourceType, WireObject } from "@/lib/contracts/resources";
import { resourceTypeForKind, resourceTypeForPlural, toWireObject } from "@/lib/contracts/resources";
import { DEFAULT_NAMESPACE } from "@/lib/calico";
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { applyDocuments } from "@/lib/server/http/apply-engine";
import { env } from "@/lib/server/env";
import { ApplyRejectedError } from "@/lib/server/http/apply-error";
import { parseDocuments } from "@/lib/server/http/documents";
import type { ParsedDocument } from "@/lib/server/http/documents";

/**
 * The operations behind the Kubernetes-like resource routes: resolve the cluster and the URL's
 * resource plural, parse and check the body against the URL (kind, namespace, name, as the
 * Kubernetes API server does), call the ClusterBackend once, and answer wire objects.
 */

/** Where a request points: a cluster, a resource type and optionally a namespace and name. */
export interface ResourceTarget {
  readonly cluster: string;
  readonly resource: string;
  readonly namespace?: string;
}

export interface WriteContext {
  readonly dryRun: boolean;
  readonly actor: string;
}

/** Resolves a URL plural; an unknown one is 404 like the Kubernetes API's unknown resource. */
export function resourceTypeOrThrow(plural: string): ResourceType {
  const type = resourceTypeForPlural(plural);
  if (type === undefined) throw new NotFoundError(`the server could not find the requested resource "${plural}"`);
  return type;
}

async function resolve(target: ResourceTarget): Promise<{ backend: ClusterBackend; type: ResourceType }> {
  const type = resourceTypeOrThrow(target.resource);
  if (target.namespace !== undefined && !type.namespaced) {
    throw new NotFoundError(`${type.plural} are cluster-scoped; use /api/v1/clusters/${target.cluster}/${type.plural}`);
  }
  return { backend: await getClusterBackend(target.cluster), type };
}

/** Rewrites a ConflictError so its `current` object is in wire form (what the client GETs). */
async function wire<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof ConflictError && isClusterObject(e.current)) throw new ConflictError(e.message, toWireObject(e.current));
    throw e;
  }
}

function isClusterObject(value: unknown): value is ClusterObject {
  if (typeof value !== "object" || value === null) return false;
  const kind: unknown = (value as { kind?: unknown }).kind; // object checked just above
  if (typeof kind !== "string") return false;
  try {
    resourceTypeForKind(kind as ClusterObject["kind"]); // throws for a kind outside the table
    return true;
  } catch {
    return false;
  }
}

/** Lists objects (all namespaces unless the URL or `?namespace=` names one). */
export async function listObjects(target: ResourceTarget, query: ListQuery): Promise<ObjectList> {
  const { backend, type } = await resolve(target);
  const namespace = target.namespace ?? (type.namespaced ? query.namespace : undefined);
  const result = await backend.list(type.kind, {
    namespace,
    labelSelector: query.labelSelector === "" ? undefined : query.labelSelector,
    tier: query.tier,
    limit: query.limit,
    continue: query.continue,
  });
  return {
    apiVersion: type.apiVersion,
    kind: `${type.wireKind}List`,
    metadata: result.continue === undefined ? { resourceVersion: result.resourceVersion } : { resourceVersion: result.resourceVersion, continue: result.continue },
    items: result.items.map(toWireObject),
  };
}

/** Reads one object. Throws NotFoundError. */
export async function getObject(target: ResourceTarget, name: string): Promise<WireObject> {
  const { backend, type } = await resolve(target);
  return toWireObject(await backend.get(type.kind, name, target.namespace));
}

/** Parses a request body holding exactly one object of the URL's kind, placed in the URL's namespace. */
async function bodyObject(text: string, type: ResourceType, target: ResourceTarget): Promise<ClusterObject> {
  const documents = await parseDocuments(text, { maxDocuments: env.PALISADE_MAX_APPLY_DOCUMENTS });
  if (documents.length !== 1) throw new BadRequestError(`the body must hold exactly one object, not ${documents.length}`);
  const doc = documents[0] as ParsedDocument; // length checked just above
  if (doc.errors.length > 0 || doc.object === undefined) {
    throw new ValidationError(`${doc.kind ?? "object"} "${doc.name ?? ""}" is invalid`, doc.errors);
  }
  const obj = doc.object;
  if (obj.kind !== type.kind) {
    const got = resourceTypeForKind(obj.kind);
    throw new BadRequestError(`the body is a ${got.apiVersion} ${got.wireKind}, but this URL serves ${type.apiVersion} ${type.wireKind}`);
  }
  if (!type.namespaced) {
    // The Kubernetes API server clears metadata.namespace of cluster-scoped objects; so do we.
    const { namespace: _dropped, ...metadata } = obj.metadata;
    return { ...obj, metadata } as ClusterObject; // same object with namespace removed; kind unchanged
  }
  const namespace = obj.metadata.namespace ?? target.namespace;
  if (target.namespace !== undefined && namespace !== target.namespace) {
    throw new BadRequestError(`the namespace of the object (${namespace}) does not match the namespace of the URL (${target.namespace})`);
  }
  if (namespace === undefined) throw new BadRequestError(`${type.plural} are namespaced: POST to /namespaces/{namespace}/${type.plural}`);
  return { ...obj, metadata: { ...obj.metadata, namespace } } as ClusterObject; // only metadata.namespace set
}

/** Creates an object from a YAML/JSON body. Throws ValidationError, AlreadyExistsError, BadRequestError. */
export async function createObject(target: ResourceTarget, text: string, ctx: WriteContext): Promise<WireObject> {
  const { backend, type } = await resolve(target);
  const obj = await bodyObject(text, type, target);
  if (obj.metadata.resourceVersion !== undefined && obj.metadata.resourceVersion !== "") {
    throw new ValidationError(`${type.wireKind} "${obj.metadata.name}" is invalid`, [
      { path: "metadata.resourceVersion", message: "must not be set on create" },
    ]);
  }
  return toWireObject(await wire(() => backend.create(obj, { dryRun: ctx.dryRun, actor: ctx.actor })));
}

/**
 * Replaces an object (PUT). `metadata.resourceVersion` is required and must be current: a stale
 * one is 409 with the current object. The name in the body must match the URL.
 */
export async function replaceObject(target: ResourceTarget, name: string, text: string, ctx: WriteContext): Promise<WireObject> {
  const { backend, type } = await resolve(target);
  const obj = await bodyObject(text, type, target);
  if (obj.metadata.name !== name) {
    throw new BadRequestError(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  }
  if (obj.metadata.resourceVersion === undefined || obj.metadata.resourceVersion === "") {
    throw new ValidationError(`${type.wireKind} "${name}" is invalid`, [
      { path: "metadata.resourceVersion", message: "must be specified for an update" },
    ]);
  }
  return toWireObject(await wire(() => backend.update(obj, { dryRun: ctx.dryRun, actor: ctx.actor })));
}

/** Deletes an object, optionally only at `resourceVersion`. Returns it as it was. */
export async function deleteObject(
  target: ResourceTarget,
  name: string,
  ctx: WriteContext & { readonly resourceVersion?: string },
): Promise<WireObject> {
  const { backend, type } = await resolve(target);
  const deleted = await wire(() =>
    backend.delete(type.kind, name, target.namespace, { dryRun: ctx.dryRun, actor: ctx.actor, resourceVersion: ctx.resourceVersion }),
  );
  return toWireObject(deleted);
}

/**
 * Create-or-update every document of a multi-document YAML/JSON text with `kubectl apply`'s
 * client-side semantics (apply-engine.ts), all or nothing. Any
 * document with errors (parse, validation, or a backend conflict) rejects the whole request
 * with every error, grouped per document; nothing is written.
 */
export async function applyText(cluster: string, text: string, ctx: WriteContext): Promise<ApplyResult> {
  const backend = await getClusterBackend(cluster);
  // As kubectl apply: a namespaced document without a namespace goes to `default`.
  const documents = await parseDocuments(text, { maxDocuments: env.PALISADE_MAX_APPLY_DOCUMENTS, defaultNamespace: DEFAULT_NAMESPACE });
  if (documents.length === 0) throw new BadRequestError("the body holds no documents");
  let applied;
  try {
    applied = await wire(() =>
      applyDocuments(
        backend,
        documents.map((d) => ({ ...(d.object !== undefined ? { object: d.object } : {}), raw: d.raw, errors: d.errors })),
        { dryRun: ctx.dryRun, actor: ctx.actor },
      ),
    );
  } catch (e) {
    if (e instanceof ValidationError && !(e instanceof ApplyRejectedError)) throw regroup(e, documents);
    throw e;
  }
  return {
    dryRun: ctx.dryRun,
    results: applied.map((a, index) => {
      const type = resourceTypeForKind(a.kind);
      return {
        index,
        apiVersion: type.apiVersion,
        kind: type.wireKind,
        name: a.name,
        ...(a.namespace === undefined ? {} : { namespace: a.namespace }),
        outcome: a.outcome,
        ...(a.object.metadata.resourceVersion === undefined ? {} : { resourceVersion: a.object.metadata.resourceVersion }),
        changes: [...a.changes],
      };
    }),
  };
}

function toRejected(d: ParsedDocument): ConstructorParameters<typeof ApplyRejectedError>[1][number] {
  return { index: d.index, line: d.line, kind: d.kind, name: d.name, namespace: d.namespace, errors: d.errors };
}

/** Splits a backend ValidationError whose paths start with `[i]` into per-document errors. */
function regroup(e: ValidationError, documents: readonly ParsedDocument[]): ApplyRejectedError {
  const byIndex = new Map<number, { path: string; message: string }[]>();
  for (const fe of e.errors) {
    const m = /^\[(\d+)\]\.?(.*)$/.exec(fe.path);
    const index = m ? Number(m[1]) : 0;
    const list = byIndex.get(index) ?? [];
    list.push({ path: m ? (m[2] ?? "") : fe.path, message: fe.message });
    byIndex.set(index, list);
  }
  if (byIndex.size === 0) byIndex.set(0, [{ path: "", message: e.message }]);
  const rejected = [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, errors]) => {
      const d = documents[index];
      return d === undefined ? { index, errors } : { ...toRejected(d), errors };
    });
  return new ApplyRejectedError(`${e.message}; nothing was applied`, rejected);
}

/**
 * The resourceVersion precondition of a DELETE: `?resourceVersion=` or Kubernetes DeleteOptions
 * `{"preconditions":{"resourceVersion":"…"}}` in the body. Throws BadRequestError on a body that
 * is not such JSON, or when the two disagree.
 */
export function deletePreconditionOf(bodyText: string, queryResourceVersion: string | undefined): string | undefined {
  let fromBody: string | undefined;
  if (bodyText.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bodyText);
    } catch {
      throw new BadRequestError("the DELETE body must be JSON DeleteOptions");
    }
    const pre: unknown = typeof parsed === "object" && parsed !== null ? (parsed as { preconditions?: unknown }).preconditions : undefined; // object checked
    const rv: unknown = typeof pre === "object" && pre !== null ? (pre as { resourceVersion?: unknown }).resourceVersion : undefined; // object checked
    if (rv !== undefined && typeof rv !== "string") throw new BadRequestError("preconditions.resourceVersion must be a string");
    fromBody = rv;
  }
  if (fromBody !== undefined && queryResourceVersion !== undefined && fromBody !== queryResourceVersion) {
    throw new BadRequestError("the resourceVersion precondition in the query and in the body differ");
  }
  return fromBody ?? queryResourceVersion;
}
