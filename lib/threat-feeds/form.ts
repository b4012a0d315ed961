/**
 * The threat-feed form: name, description, content, URL, period, format (newline-delimited, a
 * JSON path or a CSV column), the set's labels, enabled. Converting to a resource checks the
 * format and labels, then runs lib/calico's validation, so the form accepts exactly what the API
 * accepts. Fields the form does not show (headers, metadata, other format options) are kept from
 * the edited feed. Pure; never throws.
 */
import type { GlobalThreatFeed } from "@/lib/calico/types";
import { validateResource } from "@/lib/calico/validate";
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import { parseFeedFormat } from "@/lib/threat-feeds/parse";

export interface LabelRow {
  readonly key: string;
  readonly value: string;
}

export type FeedFormatKind = "newlineDelimited" | "json" | "csv";

export interface ThreatFeedForm {
  readonly name: string;
  readonly description: string;
  readonly content: "IPSet" | "DomainNameSet";
  readonly enabled: boolean;
  readonly url: string;
  readonly period: string;
  readonly formatKind: FeedFormatKind;
  readonly jsonPath: string;
  /** A column number (0-based) or a header name. */
  readonly csvColumn: string;
  readonly csvHeader: boolean;
  readonly labels: readonly LabelRow[];
  readonly resourceVersion?: string;
  /** What the form does not show, kept as is. */
  readonly kept?: { readonly metadata: Readonly<Record<string, unknown>>; readonly http: Readonly<Record<string, unknown>>; readonly csv: Readonly<Record<string, unknown>> };
}

/** A new feed: newline-delimited IP list, pulled daily, into a labelled set. */
export function emptyThreatFeedForm(): ThreatFeedForm {
  return { name: "", description: "", content: "IPSet", enabled: true, url: "", period: "24h", formatKind: "newlineDelimited", jsonPath: "$", csvColumn: "0", csvHeader: false, labels: [{ key: "feed", value: "" }] };
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The form of an existing feed. */
export function toThreatFeedForm(feed: GlobalThreatFeed): ThreatFeedForm {
  const { name, resourceVersion, ...metadata } = feed.metadata;
  const http = feed.spec.pull?.http;
  const format: unknown = http?.format;
  const json = isRecord(format) && isRecord(format["json"]) ? format["json"] : undefined;
  const csv = isRecord(format) && isRecord(format["csv"]) ? format["csv"] : undefined;
  const { url: _url, format: _format, ...restHttp } = http ?? { url: "" };
  const { fieldNum, fieldName, header, ...restCsv } = csv ?? {};
  return {
    name,
    description: feed.spec.description ?? "",
    content: feed.spec.content === "DomainNameSet" ? "DomainNameSet" : "IPSet",
    enabled: feed.spec.mode !== "Disabled",
    url: http?.url ?? "",
    period: feed.spec.pull?.period ?? "",
    formatKind: json !== undefined ? "json" : csv !== undefined ? "csv" : "newlineDelimited",
    jsonPath: typeof json?.["path"] === "string" ? json["path"] : "$",
    csvColumn: typeof fieldName === "string" ? fieldName : typeof fieldNum === "number" ? String(fieldNum) : "0",
    csvHeader: header === true,
    labels: Object.entries(feed.spec.globalNetworkSet?.labels ?? {}).map(([key, value]) => ({ key, value })),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    kept: { metadata, http: restHttp, csv: restCsv },
  };
}

function formatOf(form: ThreatFeedForm): unknown {
  switch (form.formatKind) {
    case "newlineDelimited":
      return { newlineDelimited: {} };
    case "json":
      return { json: { path: form.jsonPath.trim() } };
    case "csv": {
      const col = form.csvColumn.trim();
      const byNumber = /^\d+$/.test(col);
      return { csv: { ...form.kept?.csv, ...(byNumber ? { fieldNum: Number(col) } : { fieldName: col }), ...(form.csvHeader || !byNumber ? { header: true } : {}) } };
    }
  }
}

/**
 * Builds the GlobalThreatFeed. Errors: `labels[i]` (blank key with a value, duplicate key),
 * `spec.pull.http.format…` (format), and lib/calico's validation (name, URL, period, labels).
 */
export function fromThreatFeedForm(form: ThreatFeedForm): Result<GlobalThreatFeed, readonly FieldError[]> {
  const errors: FieldError[] = [];
  const labels: Record<string, string> = {};
  form.labels.forEach((row, i) => {
    const key = row.key.trim();
    if (key === "" && row.value.trim() === "") return;
    if (key === "") errors.push({ path: `labels[${i}]`, message: "a label needs a key" });
    else if (key in labels) errors.push({ path: `labels[${i}]`, message: `duplicate label key "${key}"` });
    else labels[key] = row.value.trim();
  });
  const format = formatOf(form);
  const checked = parseFeedFormat(format);
  if (!checked.ok) errors.push({ path: checked.error.path, message: checked.error.message });
  if (errors.length > 0) return err(errors);
  const raw = {
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalThreatFeed",
    metadata: { ...form.kept?.metadata, name: form.name.trim(), ...(form.resourceVersion !== undefined ? { resourceVersion: form.resourceVersion } : {}) },
    spec: {
      ...(form.description.trim() !== "" ? { description: form.description.trim() } : {}),
      content: form.content,
      mode: form.enabled ? "Enabled" : "Disabled",
      pull: { ...(form.period.trim() !== "" ? { period: form.period.trim() } : {}), http: { ...form.kept?.http, format, url: form.url.trim() } },
      globalNetworkSet: { labels },
    },
  };
  const v = validateResource(raw);
  if (v.resource === undefined) return err(v.errors);
  if (v.resource.kind !== "GlobalThreatFeed") return err([{ path: "kind", message: "not a GlobalThreatFeed" }]);
  return ok(v.resource);
}
