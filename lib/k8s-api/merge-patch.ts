/**
 * JSON Merge Patch (RFC 7386), the `application/merge-patch+json` PATCH of the Kubernetes API:
 * an object patch merges key by key, `null` deletes a key, and anything else (arrays, scalars)
 * replaces the target wholesale. Pure; never mutates its inputs, never throws.
 */

/** A JSON object (not an array, not null). */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Whether a value is a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Applies `patch` to `target` per RFC 7386 §2 (MergePatch). A non-object patch replaces the
 * target; an object patch turns a non-object target into `{}` first.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const out: Record<string, unknown> = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}
