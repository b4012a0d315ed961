/**
 * The GlobalAlert create/edit form: every spec field the Alerts page edits as text, converted to
 * a resource through lib/calico's validation (so the form accepts what the API accepts), plus a
 * check of the query and fields against the data set (the engine's own parser), reported under
 * `spec.query` with the offset. Pure; never throws.
 */
import type { GlobalAlert } from "@/lib/calico/types";
import { validateResource } from "@/lib/calico";
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import { compileAlert } from "@/lib/alerts/evaluate";
import { isEvaluatedDataSet } from "@/lib/alerts/fields";

export interface GlobalAlertForm {
  readonly name: string;
  readonly description: string;
  readonly summary: string;
  readonly severity: string;
  readonly dataSet: string;
  readonly period: string;
  readonly lookback: string;
  readonly query: string;
  /** Comma-separated field names. */
  readonly aggregateBy: string;
  /** "" = no metric (unconditional alert). */
  readonly metric: string;
  readonly field: string;
  readonly condition: string;
  readonly threshold: string;
  readonly resourceVersion?: string;
  /** Metadata and spec fields the form does not show, kept as they are. */
  readonly keptMetadata?: Readonly<Record<string, unknown>>;
  readonly keptSpec?: Readonly<Record<string, unknown>>;
}

/** A new alert's form, pre-filled like the docs' sample. */
export function emptyGlobalAlertForm(): GlobalAlertForm {
  return { name: "", description: "", summary: "", severity: "100", dataSet: "flows", period: "5m", lookback: "10m", query: "", aggregateBy: "", metric: "", field: "", condition: "gt", threshold: "0" };
}

/** The form of an existing alert. */
export function toGlobalAlertForm(alert: GlobalAlert): GlobalAlertForm {
  const { name, resourceVersion, ...meta } = alert.metadata;
  const { description, summary, severity, dataSet, period, lookback, query, aggregateBy, metric, field, condition, threshold, ...rest } = alert.spec;
  return {
    name,
    description,
    summary: summary ?? "",
    severity: String(severity),
    dataSet: dataSet ?? "",
    period: period ?? "",
    lookback: lookback ?? "",
    query: query ?? "",
    aggregateBy: (aggregateBy ?? []).join(", "),
    metric: metric ?? "",
    field: field ?? "",
    condition: condition ?? "",
    threshold: threshold === undefined ? "" : String(threshold),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    keptMetadata: meta,
    keptSpec: rest,
  };
}

const opt = (key: string, value: string): Record<string, string> => (value.trim() === "" ? {} : { [key]: value.trim() });

/** Builds the GlobalAlert; errors carry spec paths (`spec.query` errors say the offset). */
export function fromGlobalAlertForm(form: GlobalAlertForm): Result<GlobalAlert, readonly FieldError[]> {
  const errors: FieldError[] = [];
  const severity = Number(form.severity);
  if (form.severity.trim() === "" || !Number.isInteger(severity)) errors.push({ path: "spec.severity", message: "severity must be a whole number from 1 to 100" });
  const metric = form.metric.trim();
  const threshold = Number(form.threshold);
  if (metric !== "" && (form.threshold.trim() === "" || Number.isNaN(threshold))) errors.push({ path: "spec.threshold", message: "threshold must be a number" });
  if (errors.length > 0) return err(errors);
  const aggregateBy = form.aggregateBy.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const raw = {
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalAlert",
    metadata: { ...form.keptMetadata, name: form.name.trim(), ...(form.resourceVersion !== undefined ? { resourceVersion: form.resourceVersion } : {}) },
    spec: {
      ...form.keptSpec,
      description: form.description,
      ...opt("summary", form.summary),
      severity,
      ...opt("dataSet", form.dataSet),
      ...opt("period", form.period),
      ...opt("lookback", form.lookback),
      ...opt("query", form.query),
      ...(aggregateBy.length > 0 ? { aggregateBy } : {}),
      ...(metric !== "" ? { metric, ...(metric !== "count" ? opt("field", form.field) : {}), ...opt("condition", form.condition), threshold } : {}),
    },
  };
  const v = validateResource(raw);
  if (v.resource === undefined || v.resource.kind !== "GlobalAlert") return err(v.errors.length > 0 ? v.errors : [{ path: "kind", message: "not a GlobalAlert" }]);
  const alert = v.resource;
  if (isEvaluatedDataSet(alert.spec.dataSet)) {
    const compiled = compileAlert(alert.spec, alert.spec.dataSet);
    if (!compiled.ok) {
      const at = compiled.error.path === "spec.query" ? ` (at character ${compiled.error.offset + 1})` : "";
      return err([{ path: compiled.error.path, message: `${compiled.error.message}${at}` }]);
    }
  }
  return ok(alert);
}
