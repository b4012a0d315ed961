/**
 * Public API of the GlobalAlert engine: Calico Enterprise's alert query language (tokenizer,
 * parser, evaluator over flow / DNS records), aggregation with metrics and conditions, summary
 * templates, and the period / lookback schedule. Pure: no IO, no clock. See DESIGN.md.
 */
export type { Token, TokenKind, QuerySyntaxError } from "@/lib/alerts/query-tokens";
export { tokenizeQuery } from "@/lib/alerts/query-tokens";
export type { Comparator, QueryNode, QueryValue, ParseQueryOptions } from "@/lib/alerts/query-parser";
export { MAX_QUERY_DEPTH, parseAlertQuery } from "@/lib/alerts/query-parser";
export type { AlertFieldValue, AlertRecord } from "@/lib/alerts/query-eval";
export { matchesQuery } from "@/lib/alerts/query-eval";
export type { EvaluatedDataSet } from "@/lib/alerts/fields";
export { EVALUATED_DATA_SETS, FLOW_FIELDS, DNS_FIELDS, fieldsOf, isEvaluatedDataSet, toFlowAlertRecord, toDnsAlertRecord } from "@/lib/alerts/fields";
export type { AlertMetric, AlertCondition, AlertEventDraft, AlertEvaluation, AlertSpecError, CompiledAlert } from "@/lib/alerts/evaluate";
export { compileAlert, evaluateAlert, computeMetric, meetsCondition, groupRecords } from "@/lib/alerts/evaluate";
export { fillSummaryTemplate, formatAlertValue } from "@/lib/alerts/template";
export type { AlertTiming } from "@/lib/alerts/schedule";
export { alertTiming, isAlertDue, DEFAULT_PERIOD_SECONDS, DEFAULT_LOOKBACK_SECONDS, MIN_PERIOD_SECONDS } from "@/lib/alerts/schedule";
export type { GlobalAlertForm } from "@/lib/alerts/form";
export { emptyGlobalAlertForm, toGlobalAlertForm, fromGlobalAlertForm } from "@/lib/alerts/form";
export type { WebhookEvent } from "@/lib/alerts/webhook";
export { buildWebhookBody, MAX_DELIVERY_ATTEMPTS, nextAttemptAt, WEBHOOK_URL_ANNOTATION, webhookUrlOf } from "@/lib/alerts/webhook";
