/**
 * `valueFrom` of a GlobalThreatFeed pull header (`spec.pull.http.headers[].valueFrom`): a
 * `configMapKeyRef` or a `secretKeyRef` ({name, key, optional}), the shape of Kubernetes'
 * ConfigMapKeySelector / SecretKeySelector that Calico Enterprise's API uses. Shared by the
 * validator and the threat-feed sync. Pure; never throws.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

/** Where one header's value comes from. */
export type HeaderSource =
  | { readonly from: "value"; readonly value: string }
  | { readonly from: "ConfigMap" | "Secret"; readonly name: string; readonly key: string; readonly optional: boolean };

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads `valueFrom` of the header at `path`. Errors name the field and the reason: exactly one
 * of configMapKeyRef / secretKeyRef, each with a non-empty `name` and `key`.
 */
export function parseHeaderValueFrom(valueFrom: unknown, path: string): Result<Extract<HeaderSource, { from: "ConfigMap" | "Secret" }>, { path: string; message: string }> {
  if (!isRecord(valueFrom)) return err({ path, message: "must be an object with configMapKeyRef or secretKeyRef" });
  const unknown = Object.keys(valueFrom).filter((k) => k !== "configMapKeyRef" && k !== "secretKeyRef");
  if (unknown.length > 0) return err({ path: `${path}.${unknown[0] ?? ""}`, message: "unknown field; valueFrom takes configMapKeyRef or secretKeyRef" });
  const cm = valueFrom["configMapKeyRef"];
  const secret = valueFrom["secretKeyRef"];
  if ((cm === undefined) === (secret === undefined)) return err({ path, message: "exactly one of configMapKeyRef and secretKeyRef must be set" });
  const from = cm !== undefined ? "ConfigMap" : "Secret";
  const refPath = `${path}.${cm !== undefined ? "configMapKeyRef" : "secretKeyRef"}`;
  const ref = cm ?? secret;
  if (!isRecord(ref)) return err({ path: refPath, message: "must be an object with name and key" });
  const extra = Object.keys(ref).filter((k) => k !== "name" && k !== "key" && k !== "optional");
  if (extra.length > 0) return err({ path: `${refPath}.${extra[0] ?? ""}`, message: "unknown field; a key reference takes name, key and optional" });
  const name = ref["name"];
  const key = ref["key"];
  const optional = ref["optional"];
  if (typeof name !== "string" || name === "") return err({ path: `${refPath}.name`, message: "name is required" });
  if (typeof key !== "string" || key === "") return err({ path: `${refPath}.key`, message: "key is required" });
  if (optional !== undefined && typeof optional !== "boolean") return err({ path: `${refPath}.optional`, message: "must be a boolean" });
  return ok({ from, name, key, optional: optional === true });
}

