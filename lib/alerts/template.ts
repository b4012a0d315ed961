/**
 * The GlobalAlert summary template: `${name}` is replaced by the event record's value of `name`
 * (an aggregateBy field, or the metric's name such as `${sum}` for its value). A variable the
 * record does not have is left as written, so a mistyped name stays visible instead of silently
 * vanishing. Lists are joined with ", "; null prints as "-" (Calico's "not included"). Pure.
 */
import type { AlertFieldValue } from "@/lib/alerts/query-eval";

/** How an event value prints in a summary. */
export function formatAlertValue(value: AlertFieldValue): string {
  if (value === null) return "-";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  if (typeof value === "string") return value;
  return value.join(", ");
}

/** Fills `${var}` references of `template` from `vars`. Never throws. */
export function fillSummaryTemplate(template: string, vars: Readonly<Record<string, AlertFieldValue>>): string {
  return template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(vars, name) ? formatAlertValue(vars[name] ?? null) : whole));
}
