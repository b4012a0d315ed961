/**
 * Reading the one resource an editor's YAML tab holds. Pure; never throws.
 */
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { CalicoResource, ResourceKind } from "@/lib/calico/types";
import { parseResources } from "@/lib/calico/validate";

/**
 * Parses YAML or JSON text that must hold exactly one valid resource of one of `kinds`. Errors:
 * `write exactly one <kinds>` (none or several documents), the document's own validation errors,
 * or `kind: must be <kinds>`.
 */
export function parseOneResource<K extends ResourceKind>(text: string, kinds: readonly K[]): Result<Extract<CalicoResource, { kind: K }>, readonly FieldError[]> {
  const names = kinds.join(" or ");
  const docs = parseResources(text).documents;
  const doc = docs[0];
  if (docs.length !== 1 || doc === undefined) return err([{ path: "", message: `write exactly one ${names}` }]);
  const resource = doc.resource;
  if (resource === undefined) return err(doc.errors);
  if (!isOneOf(resource, kinds)) return err([{ path: "kind", message: `must be ${names}` }]);
  return ok(resource);
}

function isOneOf<K extends ResourceKind>(r: CalicoResource, kinds: readonly K[]): r is Extract<CalicoResource, { kind: K }> {
  return (kinds as readonly ResourceKind[]).includes(r.kind);
}
