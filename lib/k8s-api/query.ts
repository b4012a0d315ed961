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
  /** `sendInitialEvents` (watch only; requires resourceVersionMatch=NotOlderThan and bookmarks). */
  readonly sendInitialEvents?: boolean;
  readonly resourceVersionMatch?: "Exact" | "NotOlderThan";
}

export interface WriteQuery {
  readonly dryRun: boolean;
}

function nonEmpty(params: URLSearchParams, key: string): string | undefined {
  const v = params.get(key);
  return v === null || v === "" ? undefined : v;
}

const GO_TRUE = ["1", "t", "T", "TRUE", "true", "True"];
const GO_FALSE = ["0", "f", "F", "FALSE", "false", "False"];

/**
 * A boolean query parameter parsed as Go's strconv.ParseBool (the apiserver's decoder): absent
 * or empty is undefined; anything outside the twelve spellings is an error.
 */
export function parseGoBool(params: URLSearchParams, key: string): Result<boolean | undefined, string> {
  const raw = nonEmpty(params, key);
  if (raw === undefined) return ok(undefined);
  if (GO_TRUE.includes(raw)) return ok(true);
  if (GO_FALSE.includes(raw)) return ok(false);
  return err(`${key}: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
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

/**
 * Parses list and watch parameters and checks their combinations as apimachinery's
 * ValidateListOptions does. Errors are BadRequest messages.
 */
export function parseReadQuery(params: URLSearchParams): Result<ReadQuery, string> {
  const limit = parseNonNegativeInt(params, "limit");
  if (!limit.ok) return limit;
  const timeout = parseNonNegativeInt(params, "timeoutSeconds");
  if (!timeout.ok) return timeout;
  const fields = parseFieldSelector(params.get("fieldSelector") ?? "");
  if (!fields.ok) return fields;
  const watch = parseGoBool(params, "watch");
  if (!watch.ok) return watch;
  const bookmarks = parseGoBool(params, "allowWatchBookmarks");
  if (!bookmarks.ok) return bookmarks;
  const initial = parseGoBool(params, "sendInitialEvents");
  if (!initial.ok) return initial;
  const labelSelector = nonEmpty(params, "labelSelector");
  const continueToken = nonEmpty(params, "continue");
  const resourceVersion = nonEmpty(params, "resourceVersion");
  const match = nonEmpty(params, "resourceVersionMatch");
  if (match !== undefined && match !== "Exact" && match !== "NotOlderThan") {
    return err(`resourceVersionMatch: Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan"`);
  }
  const isWatch = watch.value === true;
  if (initial.value !== undefined) {
    if (!isWatch) return err("sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
    if (match !== "NotOlderThan") return err("resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    if (bookmarks.value !== true) return err("allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true");
  } else if (match !== undefined) {
    if (isWatch) return err("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
    if (resourceVersion === undefined) return err("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
    if (continueToken !== undefined) return err("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided");
    if (match === "Exact" && resourceVersion === "0") return err("resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
  }
  if (!isWatch && continueToken !== undefined && resourceVersion !== undefined && resourceVersion !== "0") {
    return err("specifying resource version is not allowed when using continue");
  }
  return ok({
    watch: isWatch,
    fieldSelector: fields.value,
    allowWatchBookmarks: bookmarks.value === true,
    ...(initial.value !== undefined ? { sendInitialEvents: initial.value } : {}),
    ...(match !== undefined ? { resourceVersionMatch: match } : {}),
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

/**
 * Whether a list read at `current` satisfies `resourceVersionMatch=Exact` for `asked`. The
 * stores keep no history of collections, so only the current version can be served exactly:
 * an older one is 410 Expired ("too old resource version: 5 (9)", as etcd answers a compacted
 * revision) and a newer one 504 "Too large resource version" (upstream waits for it first).
 * Non-numeric versions are never current. Pure.
 */
export function exactListVersion(asked: string, current: string): "current" | "tooOld" | "tooLarge" {
  if (asked === current) return "current";
  if (/^\d+$/.test(asked) && /^\d+$/.test(current) && BigInt(asked) > BigInt(current)) return "tooLarge";
  return "tooOld";
}
