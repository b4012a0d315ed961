import "server-only";
/** Object keys of the board endpoints: `<Kind>/<namespace>/<name>` or `<Kind>/<name>` (policy keys and `Tier/<name>`). */
import type { ClusterKind } from "@/lib/cluster/backend";
import { isClusterKind, isNamespacedKind } from "@/lib/cluster/kinds";
import { BadRequestError } from "@/lib/errors";

/** A parsed object key. */
export interface ObjectRef {
  readonly kind: ClusterKind;
  readonly namespace?: string;
  readonly name: string;
}

/** Parses a key; throws BadRequestError when the kind is unknown or the shape does not fit the kind. */
export function parseObjectKey(key: string): ObjectRef {
  const parts = key.split("/");
  const kind = parts[0];
  if (kind === undefined || !isClusterKind(kind)) throw new BadRequestError(`unknown kind in key "${key}"`);
  if (isNamespacedKind(kind)) {
    if (parts.length !== 3 || parts[1] === "" || parts[2] === "") throw new BadRequestError(`key "${key}" must be ${kind}/<namespace>/<name>`);
    return { kind, namespace: parts[1] ?? "", name: parts[2] ?? "" };
  }
  if (parts.length !== 2 || parts[1] === "") throw new BadRequestError(`key "${key}" must be ${kind}/<name>`);
  return { kind, name: parts[1] ?? "" };
}

/** The key of a reference (inverse of parseObjectKey). */
export function toObjectKey(ref: ObjectRef): string {
  return ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`;
}
