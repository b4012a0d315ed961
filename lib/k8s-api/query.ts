/**
 * Query parameters of Kubernetes API requests (list, watch and write options), parsed like the
 * apiserver does for the parameters we serve. Pure; returns Results.
 *
 * Field selectors: only `metadata.name` and `metadata.namespace` with `=`, `==` or `!=` (what
 * every resource supports upstream); other fields are refused with the apiserver's message.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

export interface FieldRequirement {
  readonly field: "metadata.name" | "metadata.namespace";
  readonly op: "=" | "!=";
  readonly value: string;
}

export interface ReadQuery {
  readonly watch: boolean;
  readonly labelSelector?: string;
  readonly fieldSelector: readonly FieldRequirement[];
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly timeoutSeconds?: number;
  readonly allowWatchBookmarks: boolean;
}

export interface WriteQuery {
  readonly dryRun: boolean;
}

function nonEmpty(params: URLSearchParams, key: string): string | undefined {
  const v = params.get(key);
  return v === null || v === "" ? undefined : v;
}

function parseBool(value: string | undefined): boolean {
  return value === "1" || value === "true";
}

/** Parses a field selector (`metadata.name=x,metadata.namespace!=y`). */
export function parseFieldSelector(text: string): Result<readonly FieldRequirement[], string> {
  const out: FieldRequirement[] = [];
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const m = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(part);
    if (m === null) return err(`invalid selector: '${text}'; can't understand '${part}'`);
    const [, field = "", op, value = ""] = m;
    if (field !== "metadata.name" && field !== "metadata.namespace") return err(`field label not supported: ${field}`);
    out.push({ field, op: op === "!=" ? "!=" : "=", value });
  }
  return ok(out);
}

/** Whether an object's name and namespace satisfy every field requirement. */
export function matchesFieldSelector(reqs: readonly FieldRequirement[], name: string, namespace: string | undefined): boolean {
  return reqs.every((r) => {
    const actual = r.field === "metadata.name" ? name : (namespace ?? "");
    return r.op === "=" ? actual === r.value : actual !== r.value;
  });
}

function parseNonNegativeInt(params: URLSearchParams, key: string): Result<number | undefined, string> {
  const raw = nonEmpty(params, key);
  if (raw === undefined) return ok(undefined);
  if (!/^\d+$/.test(raw)) return err(`${key}: Invalid value: "${raw}": must be a non-negative integer`);
  return ok(Number(raw));
}

/** Parses list and watch parameters. Errors are BadRequest messages. */
export function parseReadQuery(params: URLSearchParams): Result<ReadQuery, string> {
  const limit = parseNonNegativeInt(params, "limit");
  if (!limit.ok) return limit;
  const timeout = parseNonNegativeInt(params, "timeoutSeconds");
  if (!timeout.ok) return timeout;
  const fields = parseFieldSelector(params.get("fieldSelector") ?? "");
  if (!fields.ok) return fields;
  const labelSelector = nonEmpty(params, "labelSelector");
  const continueToken = nonEmpty(params, "continue");
  const resourceVersion = nonEmpty(params, "resourceVersion");
  return ok({
    watch: parseBool(params.get("watch") ?? undefined),
    fieldSelector: fields.value,
    allowWatchBookmarks: parseBool(params.get("allowWatchBookmarks") ?? undefined),
    ...(labelSelector !== undefined ? { labelSelector } : {}),
    // limit=0 means "no limit" in Kubernetes.
    ...(limit.value !== undefined && limit.value > 0 ? { limit: limit.value } : {}),
    ...(continueToken !== undefined ? { continue: continueToken } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    ...(timeout.value !== undefined ? { timeoutSeconds: timeout.value } : {}),
  });
}

/** Parses write parameters: `dryRun` must be absent or `All`. */
export function parseWriteQuery(params: URLSearchParams): Result<WriteQuery, string> {
  const values = params.getAll("dryRun").filter((v) => v !== "");
  const bad = values.filter((v) => v !== "All");
  if (bad.length > 0) return err(`dryRun: Unsupported value: ${JSON.stringify(bad)}: supported values: "All"`);
  return ok({ dryRun: values.length > 0 });
}
