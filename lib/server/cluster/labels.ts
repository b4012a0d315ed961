import "server-only";
/**
 * Changing only the labels of a Pod or Namespace (the Workloads page): through the backend's
 * patchLabels (embedded: a compare-and-swap update; real cluster: a JSON merge patch that holds
 * nothing but the labels), or, for a backend without it, get + update at the version read.
 */
import type { ClusterBackend, ClusterObject } from "@/lib/cluster/backend";
import type { LabelChange } from "@/lib/cluster/labels";
import { applyLabelChange, checkLabelChange } from "@/lib/cluster/labels";
import type { LabelPatchResponse } from "@/lib/contracts/labels";
import { BadRequestError, ConflictError, ValidationError } from "@/lib/errors";
import { getClusterBackend } from "@/lib/server/cluster/registry";

export interface LabelPatch {
  readonly kind: "Pod" | "Namespace";
  readonly name: string;
  readonly namespace?: string;
  readonly change: LabelChange;
  readonly resourceVersion?: string;
}

async function patchWith(backend: ClusterBackend, kind: "Pod" | "Namespace", p: LabelPatch, actor: string): Promise<ClusterObject> {
  const options = { actor, ...(p.resourceVersion !== undefined ? { resourceVersion: p.resourceVersion } : {}) };
  if (backend.patchLabels !== undefined) return backend.patchLabels(kind, p.name, p.namespace, p.change, options);
  const errors = checkLabelChange(kind, p.change);
  if (errors.length > 0) throw new ValidationError(`invalid labels: ${errors[0]?.message ?? ""}`, errors);
  const current: ClusterObject = await backend.get(kind, p.name, p.namespace);
  if (p.resourceVersion !== undefined && p.resourceVersion !== current.metadata.resourceVersion) throw new ConflictError(`${kind} "${p.name}" was changed since it was read`, current);
  // Only metadata.labels differs from `current`; the variant is unchanged.
  return backend.update({ ...current, metadata: { ...current.metadata, labels: applyLabelChange(current.metadata.labels, p.change) } } as ClusterObject, { actor });
}

/** Applies the change. Throws BadRequestError (Pod without namespace), ValidationError, NotFoundError, ConflictError. */
export async function patchObjectLabels(clusterId: string, p: LabelPatch, actor: string): Promise<LabelPatchResponse> {
  if (p.kind === "Pod" && p.namespace === undefined) throw new BadRequestError("pods are namespaced: give the namespace");
  const backend = await getClusterBackend(clusterId);
  const { namespace: _ignored, ...clusterScoped } = p;
  const out = await patchWith(backend, p.kind, p.kind === "Pod" ? p : clusterScoped, actor);
  return {
    kind: p.kind,
    name: out.metadata.name,
    ...(out.metadata.namespace !== undefined ? { namespace: out.metadata.namespace } : {}),
    labels: out.metadata.labels ?? {},
    resourceVersion: out.metadata.resourceVersion ?? "",
  };
}
