/**
 * One evaluation of a GlobalAlert over the records of its lookback window (docs "Global Alert":
 * Aggregation, Metrics and conditions, Unconditional alerts, Alert records):
 *  - records are filtered by the query;
 *  - with `aggregateBy`, matching records are grouped by the values of those fields (a record
 *    lacking one of them joins no group, as in an Elastic terms aggregation; a multi-valued
 *    field puts the record in one group per value);
 *  - with a `metric`, each group (or, without aggregateBy, all matching records as one group)
 *    yields the metric — count of records, or sum / avg / min / max of `field` over the records
 *    that have it — and becomes an event when `metric <condition> threshold` holds; a metric with
 *    no values (avg/min/max of nothing) never satisfies a condition;
 *  - without a metric the alert is unconditional: one event per group, or per matching record
 *    (its whole record) when there is no aggregateBy.
 * An event's record holds the aggregateBy fields and the metric's value under the metric's name;
 * its summary is the `summary` template (or `description`) filled from that record. Pure.
 */
import type { GlobalAlertSpec } from "@/lib/calico/types";
import type { Result } from "@/lib/result";
import { assertNever, err, ok } from "@/lib/result";
import type { EvaluatedDataSet } from "@/lib/alerts/fields";
import { fieldsOf } from "@/lib/alerts/fields";
import type { QueryNode } from "@/lib/alerts/query-parser";
import { parseAlertQuery } from "@/lib/alerts/query-parser";
import type { QuerySyntaxError } from "@/lib/alerts/query-tokens";
import type { AlertFieldValue, AlertRecord } from "@/lib/alerts/query-eval";
import { matchesQuery } from "@/lib/alerts/query-eval";
import { fillSummaryTemplate } from "@/lib/alerts/template";

export type AlertMetric = NonNullable<GlobalAlertSpec["metric"]>;
export type AlertCondition = NonNullable<GlobalAlertSpec["condition"]>;

/** What an evaluation produced: one per group (or record) that satisfied the alert. */
export interface AlertEventDraft {
  readonly summary: string;
  readonly record: AlertRecord;
  /** The metric's value, when the alert has a metric. */
  readonly value?: number;
}

export interface AlertEvaluation {
  /** Records that matched the query. */
  readonly matched: number;
  readonly events: readonly AlertEventDraft[];
}

/** Why an alert cannot be evaluated: its query, or a field it names. */
export interface AlertSpecError extends QuerySyntaxError {
  readonly path: string;
}

/** The compiled alert: parsed query plus the spec fields evaluation reads. */
export interface CompiledAlert {
  readonly query: QueryNode;
  readonly spec: GlobalAlertSpec;
}

/**
 * Parses the alert's query (with its substitutions) and checks that aggregateBy and field name
 * fields of the data set. Returns the first error with its spec path. Never throws.
 */
export function compileAlert(spec: GlobalAlertSpec, dataSet: EvaluatedDataSet): Result<CompiledAlert, AlertSpecError> {
  const knownKeys = fieldsOf(dataSet);
  const substitutions = new Map((spec.substitutions ?? []).map((s) => [s.name, s.values]));
  const query = parseAlertQuery(spec.query ?? "", { knownKeys, substitutions });
  if (!query.ok) return err({ ...query.error, path: "spec.query" });
  for (const [i, f] of (spec.aggregateBy ?? []).entries()) {
    if (!knownKeys.has(f)) return err({ path: `spec.aggregateBy[${i}]`, message: `unknown ${dataSet} field "${f}"`, offset: 0 });
  }
  if (spec.metric !== undefined && spec.metric !== "count" && spec.field !== undefined && !knownKeys.has(spec.field)) {
    return err({ path: "spec.field", message: `unknown ${dataSet} field "${spec.field}"`, offset: 0 });
  }
  return ok({ query: query.value, spec });
}

/** `value <condition> threshold`. */
export function meetsCondition(value: number, condition: AlertCondition, threshold: number): boolean {
  switch (condition) {
    case "eq":
      return value === threshold;
    case "not_eq":
      return value !== threshold;
    case "lt":
      return value < threshold;
    case "lte":
      return value <= threshold;
    case "gt":
      return value > threshold;
    case "gte":
      return value >= threshold;
    default:
      return assertNever(condition);
  }
}

function numbersOf(records: readonly AlertRecord[], field: string | undefined): number[] {
  if (field === undefined) return [];
  const out: number[] = [];
  for (const r of records) {
    const v = r[field];
    if (typeof v === "number") out.push(v);
    else if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) out.push(Number(v));
  }
  return out;
}

/** The metric over a group's records; undefined when it has no value (avg/min/max of nothing). */
export function computeMetric(metric: AlertMetric, records: readonly AlertRecord[], field?: string): number | undefined {
  if (metric === "count") return records.length;
  const values = numbersOf(records, field);
  switch (metric) {
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "avg":
      return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
    case "min":
      return values.length === 0 ? undefined : Math.min(...values);
    case "max":
      return values.length === 0 ? undefined : Math.max(...values);
    default:
      return assertNever(metric);
  }
}

function keyValues(value: AlertFieldValue): readonly (string | number)[] {
  if (value === null) return [];
  return typeof value === "object" ? value : [value];
}

interface Group {
  readonly key: Readonly<Record<string, string | number>>;
  readonly records: AlertRecord[];
}

/** Groups records by the aggregateBy fields, in first-seen order. */
export function groupRecords(records: readonly AlertRecord[], aggregateBy: readonly string[]): readonly Group[] {
  const groups = new Map<string, Group>();
  for (const r of records) {
    let combos: Record<string, string | number>[] = [{}];
    for (const f of aggregateBy) {
      const vals = keyValues(r[f] ?? null);
      combos = combos.flatMap((c) => vals.map((v) => ({ ...c, [f]: v })));
    }
    for (const key of combos) {
      const id = JSON.stringify(aggregateBy.map((f) => key[f]));
      const g = groups.get(id);
      if (g === undefined) groups.set(id, { key, records: [r] });
      else g.records.push(r);
    }
  }
  return [...groups.values()];
}

/** Evaluates a compiled alert over the window's records. Never throws. */
export function evaluateAlert(alert: CompiledAlert, records: readonly AlertRecord[]): AlertEvaluation {
  const { spec } = alert;
  const matching = records.filter((r) => matchesQuery(alert.query, r));
  const aggregateBy = spec.aggregateBy ?? [];
  const template = spec.summary !== undefined && spec.summary !== "" ? spec.summary : spec.description;
  const event = (record: AlertRecord, value?: number): AlertEventDraft => ({ summary: fillSummaryTemplate(template, record), record, ...(value !== undefined ? { value } : {}) });

  if (spec.metric === undefined) {
    const events = aggregateBy.length === 0 ? matching.map((r) => event(r)) : groupRecords(matching, aggregateBy).map((g) => event(g.key));
    return { matched: matching.length, events };
  }
  const metric = spec.metric;
  const groups: readonly Group[] = aggregateBy.length === 0 ? [{ key: {}, records: matching }] : groupRecords(matching, aggregateBy);
  const events: AlertEventDraft[] = [];
  for (const g of groups) {
    const value = computeMetric(metric, g.records, spec.field);
    if (value === undefined) continue;
    // The validator requires condition and threshold with a metric; a resource that still lacks
    // them (read from a real cluster) fires on any value, like an unconditional alert.
    if (spec.condition !== undefined && spec.threshold !== undefined && !meetsCondition(value, spec.condition, spec.threshold)) continue;
    events.push(event({ ...g.key, [metric]: value }, value));
  }
  return { matched: matching.length, events };
}
