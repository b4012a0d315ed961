import "server-only";
/**
 * The one apply engine of the console (Apply YAML, board import, history restore): each
 * validated document is merged onto the live object with `kubectl apply`'s client-side
 * semantics (lib/k8s-api/client-apply.ts: three-way merge with the last-applied-configuration
 * annotation, status never written), the merged object is validated again, and all of them are
 * written through ClusterBackend.apply, all or nothing.
 *
 * Every merged object carries the live object's resourceVersion (or the document's own, a
 * precondition), so a write that lands between our read and our write is a 409 and never lost;
 * without a precondition in the documents the whole apply is retried a few times, as kubectl
 * retries its patches.
 */
import type { AppliedObject, ClusterBackend, ClusterObject } from "@/lib/cluster/backend";
import { isNamespacedKind } from "@/lib/cluster/kinds";
import { validateClusterObject } from "@/lib/cluster/validate-object";
import { RESOURCE_TYPES, resourceTypeForKind, toWireObject } from "@/lib/contracts/resources";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { FieldError } from "@/lib/errors";
import type { FieldChange } from "@/lib/k8s-api/client-apply";
import { diffFields, planClientApply } from "@/lib/k8s-api/client-apply";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import { patchSchemaForKind } from "@/lib/k8s-api/patch-strategy";

/** One applied document with the exact field changes it made (or would make, in a dry run). */
export interface AppliedDocumentChanges extends AppliedObject {
  readonly changes: readonly FieldChange[];
}

export interface ApplyEngineOptions {
  readonly dryRun: boolean;
  readonly actor: string;
}

const ATTEMPTS = 3;

/** Server-owned metadata that changes on every write: left out of the diff. */
const VOLATILE_METADATA = ["resourceVersion", "generation", "uid", "creationTimestamp", "managedFields"];

function comparable(obj: ClusterObject | undefined): JsonObject {
  if (obj === undefined) return {};
  const wire = toWireObject(obj) as unknown as JsonObject; // a wire object is a JSON object
  const meta: Record<string, unknown> = { ...(wire["metadata"] as JsonObject) }; // wire objects always have metadata
  for (const f of VOLATILE_METADATA) delete meta[f];
  return { ...wire, metadata: meta };
}

async function readCurrent(backend: ClusterBackend, kind: ClusterObject["kind"], name: string, namespace: string | undefined): Promise<ClusterObject | undefined> {
  if (isNamespacedKind(kind) && (namespace === undefined || namespace === "")) return undefined;
  try {
    return await backend.get(kind, name, isNamespacedKind(kind) ? namespace : undefined);
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

/** Wire form → model form (core kinds are stored without apiVersion) and validation. */
function toModel(wire: JsonObject, kind: ClusterObject["kind"]): { object?: ClusterObject; errors: readonly FieldError[] } {
  const type = resourceTypeForKind(kind);
  const { apiVersion: _a, ...rest } = wire;
  const raw = type.group === "core" ? { ...rest, kind } : wire;
  return validateClusterObject(raw);
}

/**
 * One document to apply: `object` when it is valid on its own (normalised by the validator),
 * otherwise `raw` as written with its own `errors`: kubectl validates only the merged object,
 * so a partial document (a Pod without its containers' images) is fine when it patches a live
 * object, and its own errors count only when there is nothing to merge it onto.
 */
export interface ApplyInput {
  readonly object?: ClusterObject;
  readonly raw?: unknown;
  readonly errors?: readonly FieldError[];
}

interface Planned {
  readonly object: ClusterObject;
  readonly current?: ClusterObject;
  readonly pinned: boolean;
}

/** The model kind of a document as written (`crd.projectcalico.org/v1` maps onto v3). */
function kindOfRaw(raw: JsonObject): ClusterObject["kind"] | undefined {
  const apiVersion = raw["apiVersion"];
  const kind = raw["kind"];
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  const viaCrd = apiVersion.startsWith("crd.projectcalico.org/");
  return RESOURCE_TYPES.find((t) => t.wireKind === kind && (t.apiVersion === apiVersion || (viaCrd && t.apiVersion === "projectcalico.org/v3")))?.kind;
}

/** The document in wire form with its kind, name and namespace, or undefined when it names no object. */
function identify(input: ApplyInput): { doc: JsonObject; kind: ClusterObject["kind"]; name: string; namespace?: string } | undefined {
  if (input.object !== undefined) {
    const o = input.object;
    return { doc: toWireObject(o) as unknown as JsonObject, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}) }; // wire objects are JSON objects
  }
  if (!isJsonObject(input.raw)) return undefined;
  const kind = kindOfRaw(input.raw);
  const meta = input.raw["metadata"];
  const name = isJsonObject(meta) ? meta["name"] : undefined;
  const namespace = isJsonObject(meta) ? meta["namespace"] : undefined;
  if (kind === undefined || typeof name !== "string" || name === "") return undefined;
  const apiVersion = resourceTypeForKind(kind).apiVersion;
  return { doc: { ...input.raw, apiVersion }, kind, name, ...(typeof namespace === "string" && namespace !== "" ? { namespace } : {}) };
}

function prefixed(index: number, errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => ({ path: `[${index}]${e.path === "" ? "" : `.${e.path}`}`, message: e.message }));
}

async function plan(backend: ClusterBackend, inputs: readonly ApplyInput[]): Promise<Planned[]> {
  const errors: FieldError[] = [];
  let invalid = 0;
  const out: Planned[] = [];
  for (const [index, input] of inputs.entries()) {
    const id = identify(input);
    const current = id === undefined ? undefined : await readCurrent(backend, id.kind, id.name, id.namespace);
    if (id === undefined || (input.object === undefined && current === undefined)) {
      invalid++;
      errors.push(...prefixed(index, input.errors !== undefined && input.errors.length > 0 ? input.errors : [{ path: "", message: "not a Kubernetes object this cluster serves" }]));
      continue;
    }
    const p = planClientApply(id.doc, current === undefined ? undefined : (toWireObject(current) as unknown as JsonObject), patchSchemaForKind(resourceTypeForKind(id.kind).wireKind)); // wire objects are JSON objects
    const checked = toModel(p.object, id.kind);
    if (checked.object === undefined) {
      invalid++;
      errors.push(...prefixed(index, checked.errors));
      continue;
    }
    const rv = p.precondition ?? current?.metadata.resourceVersion;
    const { resourceVersion: _old, ...metadata } = checked.object.metadata;
    // Only metadata.resourceVersion changes: the precondition, the live version, or none (create).
    const object = { ...checked.object, metadata: rv === undefined ? metadata : { ...metadata, resourceVersion: rv } } as ClusterObject;
    out.push({ object, ...(current !== undefined ? { current } : {}), pinned: p.precondition !== undefined });
  }
  if (errors.length > 0) throw new ValidationError(`${invalid} of ${inputs.length} documents are invalid`, errors);
  return out;
}

/**
 * Applies documents with client-side apply semantics. Throws ValidationError with `[i].` paths
 * (documents invalid alone with nothing to merge onto, or invalid once merged), and what
 * ClusterBackend.apply throws (ValidationError, ConflictError, NotFoundError).
 */
export async function applyDocuments(backend: ClusterBackend, docs: readonly ApplyInput[], options: ApplyEngineOptions): Promise<readonly AppliedDocumentChanges[]> {
  for (let attempt = 1; ; attempt++) {
    const planned = await plan(backend, docs);
    try {
      const applied = await backend.apply(
        planned.map((p) => p.object),
        { dryRun: options.dryRun, actor: options.actor },
      );
      return applied.map((a, i) => ({ ...a, changes: diffFields(comparable(planned[i]?.current), comparable(a.object)) }));
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= ATTEMPTS || planned.some((p) => p.pinned)) throw e;
    }
  }
}
