/**
 * ConfigMap and Secret data as the apiserver treats it (k8s.io/kubernetes/pkg/apis/core/validation
 * ValidateConfigMap / ValidateSecret, and the Secret strategy's stringData merge): keys are
 * config keys, a Secret's `data` values are base64, `stringData` is write-only and merged into
 * `data` (its keys win), the type defaults to `Opaque`, and an object holds at most 1 MiB of
 * data. Pure; never throws.
 */
import type { ConfigMapObject, SecretObject } from "@/lib/cluster/backend";
import type { FieldError } from "@/lib/errors";

/** The apiserver's limit on the data of one ConfigMap or Secret (bytes). */
export const MAX_DATA_BYTES = 1024 * 1024;

const CONFIG_KEY_RE = /^[-._a-zA-Z0-9]+$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Problems of a ConfigMap/Secret key (IsConfigMapKey), empty when valid. */
export function configKeyErrors(key: string): string[] {
  const errors: string[] = [];
  if (key.length > 253) errors.push("must be no more than 253 characters");
  if (!CONFIG_KEY_RE.test(key)) errors.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.'");
  if (key === ".") errors.push("must not be '.'");
  else if (key === "..") errors.push("must not be '..'");
  else if (key.startsWith("..")) errors.push("must not start with '..'");
  return errors;
}

/** Whether `text` is standard, padded base64 (what a Secret's `data` values must be). */
export function isBase64(text: string): boolean {
  return BASE64_RE.test(text);
}

/** The bytes of a base64 value as UTF-8 text (header values, config strings). */
export function decodeBase64Text(b64: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)));
}

/** UTF-8 text as base64. */
export function encodeBase64Text(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks one data map: a map of config keys to strings (base64 when `base64`). Returns its size in bytes. */
function checkDataMap(errors: FieldError[], value: unknown, path: string, base64: boolean): number {
  if (value === undefined) return 0;
  if (!isRecord(value)) {
    errors.push({ path, message: "must be a map of strings" });
    return 0;
  }
  let size = 0;
  for (const [k, v] of Object.entries(value)) {
    for (const m of configKeyErrors(k)) errors.push({ path: `${path}[${k}]`, message: `Invalid value: ${JSON.stringify(k)}: ${m}` });
    if (typeof v !== "string") errors.push({ path: `${path}[${k}]`, message: "must be a string" });
    else if (base64 && !isBase64(v)) errors.push({ path: `${path}[${k}]`, message: "Invalid value: must be base64-encoded (use stringData for plain text)" });
    else size += base64 ? Math.floor((v.length * 3) / 4) - (v.endsWith("==") ? 2 : v.endsWith("=") ? 1 : 0) : new TextEncoder().encode(v).length;
  }
  return size;
}

function checkSize(errors: FieldError[], size: number, path: string): void {
  if (size > MAX_DATA_BYTES) errors.push({ path, message: `Too long: must have at most ${MAX_DATA_BYTES} bytes` });
}

/** Field errors of a ConfigMap's data fields (metadata is checked elsewhere). */
export function validateConfigMapData(cm: ConfigMapObject): FieldError[] {
  const errors: FieldError[] = [];
  const raw: Readonly<Record<string, unknown>> = cm as unknown as Readonly<Record<string, unknown>>; // a wire object: fields are re-checked here
  const size = checkDataMap(errors, raw["data"], "data", false) + checkDataMap(errors, raw["binaryData"], "binaryData", true);
  if (isRecord(raw["data"]) && isRecord(raw["binaryData"])) {
    for (const k of Object.keys(raw["binaryData"])) if (k in raw["data"]) errors.push({ path: `data[${k}]`, message: "Invalid value: duplicate of key present in binaryData" });
  }
  checkSize(errors, size, "data");
  if (raw["immutable"] !== undefined && typeof raw["immutable"] !== "boolean") errors.push({ path: "immutable", message: "must be a boolean" });
  return errors;
}

/** Field errors of a Secret's data fields (metadata is checked elsewhere). */
export function validateSecretData(secret: SecretObject): FieldError[] {
  const errors: FieldError[] = [];
  const raw: Readonly<Record<string, unknown>> = secret as unknown as Readonly<Record<string, unknown>>; // a wire object: fields are re-checked here
  const size = checkDataMap(errors, raw["data"], "data", true) + checkDataMap(errors, raw["stringData"], "stringData", false);
  checkSize(errors, size, "data");
  if (raw["type"] !== undefined && (typeof raw["type"] !== "string" || raw["type"] === "")) errors.push({ path: "type", message: "must be a non-empty string" });
  if (raw["immutable"] !== undefined && typeof raw["immutable"] !== "boolean") errors.push({ path: "immutable", message: "must be a boolean" });
  return errors;
}

/**
 * The Secret as the apiserver stores it: `stringData` merged into `data` as base64 (its keys
 * win) and dropped, `type` defaulted to `Opaque`. Call on a validated Secret.
 */
export function toStoredSecret(secret: SecretObject): SecretObject {
  const { stringData, ...rest } = secret;
  const data: Record<string, string> = { ...rest.data };
  for (const [k, v] of Object.entries(stringData ?? {})) data[k] = encodeBase64Text(v);
  return { ...rest, type: rest.type ?? "Opaque", ...(rest.data !== undefined || stringData !== undefined ? { data } : {}) };
}
