"use client";
import type { FieldError } from "@/lib/errors";
import type { GlobalAlertForm } from "@/lib/alerts";

type TextKey = Exclude<keyof GlobalAlertForm, "resourceVersion" | "keptMetadata" | "keptSpec">;

/** The form fields of a GlobalAlert (controlled); errors show under the field they concern. */
export function AlertFormFields(props: { readonly form: GlobalAlertForm; readonly onChange: (f: GlobalAlertForm) => void; readonly isNew: boolean; readonly errors: readonly FieldError[] }) {
  const { form, onChange, errors } = props;
  const errorOf = (path: string) => errors.filter((e) => e.path === path || e.path.startsWith(`${path}[`) || e.path.startsWith(`${path}.`));
  const input = (key: TextKey, label: string, path: string, extra: { mono?: boolean; placeholder?: string; disabled?: boolean; wide?: boolean } = {}) => {
    const errs = errorOf(path);
    const id = `alert-${key}`;
    return (
      <div className="field" style={extra.wide === true ? { flex: "1 1 100%" } : undefined}>
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          className={extra.mono === true ? "input input-mono" : "input"}
          style={extra.wide === true ? { width: "100%" } : undefined}
          value={form[key]}
          placeholder={extra.placeholder}
          disabled={extra.disabled}
          aria-invalid={errs.length > 0}
          aria-describedby={errs.length > 0 ? `${id}-error` : undefined}
          onChange={(e) => onChange({ ...form, [key]: e.target.value })}
        />
        {errs.length > 0 ? (
          <div className="field-error" id={`${id}-error`}>
            {errs.map((e) => e.message).join("; ")}
          </div>
        ) : null}
      </div>
    );
  };
  const select = (key: TextKey, label: string, options: readonly [string, string][]) => (
    <div className="field">
      <label htmlFor={`alert-${key}`}>{label}</label>
      <select id={`alert-${key}`} className="select" value={form[key]} onChange={(e) => onChange({ ...form, [key]: e.target.value })}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="stack">
      <div className="row">
        {input("name", "Name", "metadata.name", { mono: true, disabled: !props.isNew })}
        {input("severity", "Severity (1–100)", "spec.severity")}
        {select("dataSet", "Data set", [["flows", "flows"], ["dns", "dns"], ["audit", "audit (not evaluated)"], ["l7", "l7 (not evaluated)"]])}
        {input("period", "Period", "spec.period", { mono: true, placeholder: "5m" })}
        {input("lookback", "Lookback", "spec.lookback", { mono: true, placeholder: "10m" })}
      </div>
      <div className="row">{input("description", "Description", "spec.description", { wide: true })}</div>
      <div className="row">{input("summary", "Summary template (${field} and ${metric})", "spec.summary", { wide: true, placeholder: "${source_ip} attempted ${dest_namespace}/${dest_name_aggr}" })}</div>
      <div className="row">{input("query", "Query", "spec.query", { mono: true, wide: true, placeholder: '(source_name = "ip-address-list") AND action = deny' })}</div>
      <div className="row">{input("aggregateBy", "Aggregate by (comma-separated fields)", "spec.aggregateBy", { mono: true, wide: true, placeholder: "dest_namespace, dest_name_aggr, source_ip" })}</div>
      <div className="row">
        {select("metric", "Metric", [["", "none (every match is an event)"], ["count", "count"], ["sum", "sum"], ["avg", "avg"], ["min", "min"], ["max", "max"]])}
        {form.metric !== "" && form.metric !== "count" ? input("field", "Field", "spec.field", { mono: true, placeholder: "num_flows" }) : null}
        {form.metric !== "" ? select("condition", "Condition", [["gt", "gt (>)"], ["gte", "gte (≥)"], ["lt", "lt (<)"], ["lte", "lte (≤)"], ["eq", "eq (=)"], ["not_eq", "not_eq (≠)"]]) : null}
        {form.metric !== "" ? input("threshold", "Threshold", "spec.threshold") : null}
      </div>
    </div>
  );
}
