"use client";
import type { FieldError } from "@/lib/errors";
import type { LabelRow, NetworkSetForm } from "@/lib/network-sets";

function errorsUnder(errors: readonly FieldError[], prefix: string): readonly FieldError[] {
  return errors.filter((e) => e.path === prefix || e.path.startsWith(`${prefix}[`) || e.path.startsWith(`${prefix}.`));
}

function FieldErrors({ errors, id }: { readonly errors: readonly FieldError[]; readonly id: string }) {
  if (errors.length === 0) return null;
  return (
    <div className="field-error" id={id} role="alert">
      {errors.map((e, i) => (
        <div key={`${e.path}-${i}`}>{e.message}</div>
      ))}
    </div>
  );
}

/** The form fields of a network set (controlled). Scope and name are fixed once the set exists. */
export function NetworkSetFormFields(props: {
  readonly form: NetworkSetForm;
  readonly onChange: (f: NetworkSetForm) => void;
  readonly isNew: boolean;
  readonly namespaces: readonly string[];
  readonly errors: readonly FieldError[];
}) {
  const { form, onChange, errors } = props;
  const set = (patch: Partial<NetworkSetForm>) => onChange({ ...form, ...patch });
  const setLabel = (i: number, patch: Partial<LabelRow>) => set({ labels: form.labels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const nameErrors = errorsUnder(errors, "metadata.name");
  const nsErrors = errorsUnder(errors, "metadata.namespace");
  const labelErrors = [...errorsUnder(errors, "labels"), ...errorsUnder(errors, "metadata.labels")];
  const netErrors = errorsUnder(errors, "spec.nets");
  const domainErrors = errorsUnder(errors, "spec.allowedEgressDomains");
  return (
    <div className="stack">
      <fieldset className="row" disabled={!props.isNew}>
        <legend className="field-label">Scope</legend>
        <label className="row">
          <input type="radio" name="ns-scope" checked={form.scope === "global"} onChange={() => set({ scope: "global" })} /> Global (GlobalNetworkSet)
        </label>
        <label className="row">
          <input type="radio" name="ns-scope" checked={form.scope === "namespaced"} onChange={() => set({ scope: "namespaced" })} /> Namespace (NetworkSet)
        </label>
      </fieldset>
      <div className="row">
        <div className="field">
          <label htmlFor="ns-name">Name</label>
          <input id="ns-name" className="input input-mono" value={form.name} disabled={!props.isNew} onChange={(e) => set({ name: e.target.value })} aria-invalid={nameErrors.length > 0} aria-describedby={nameErrors.length > 0 ? "ns-name-error" : undefined} />
          <FieldErrors errors={nameErrors} id="ns-name-error" />
        </div>
        {form.scope === "namespaced" ? (
          <div className="field">
            <label htmlFor="ns-namespace">Namespace</label>
            <select id="ns-namespace" className="select" value={form.namespace} disabled={!props.isNew} onChange={(e) => set({ namespace: e.target.value })}>
              {[...new Set([form.namespace, ...props.namespaces])].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <FieldErrors errors={nsErrors} id="ns-namespace-error" />
          </div>
        ) : null}
      </div>
      <fieldset className="stack">
        <legend className="field-label">Labels</legend>
        {form.labels.map((l, i) => (
          <div className="row" key={i}>
            <input className="input input-mono" aria-label={`Label ${i + 1} key`} placeholder="key" value={l.key} onChange={(e) => setLabel(i, { key: e.target.value })} />
            <span aria-hidden="true">=</span>
            <input className="input input-mono" aria-label={`Label ${i + 1} value`} placeholder="value" value={l.value} onChange={(e) => setLabel(i, { value: e.target.value })} />
            <button type="button" className="btn btn-sm btn-ghost" aria-label={`Remove label ${i + 1}`} onClick={() => set({ labels: form.labels.filter((_, j) => j !== i) })}>
              Remove
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="btn btn-sm" onClick={() => set({ labels: [...form.labels, { key: "", value: "" }] })}>
            Add label
          </button>
        </div>
        <FieldErrors errors={labelErrors} id="ns-labels-error" />
      </fieldset>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="ns-nets">Nets (one CIDR or IP per line)</label>
          <textarea id="ns-nets" className="textarea input-mono" rows={6} value={form.nets} placeholder={"198.51.100.23/32\n10.0.0.0/8"} onChange={(e) => set({ nets: e.target.value })} aria-invalid={netErrors.length > 0} />
          <FieldErrors errors={netErrors} id="ns-nets-error" />
        </div>
        <div className="field">
          <label htmlFor="ns-domains">Allowed egress domains (one per line, *. wildcards)</label>
          <textarea id="ns-domains" className="textarea input-mono" rows={6} value={form.domains} placeholder={"*.twilio.com\napi.github.com"} onChange={(e) => set({ domains: e.target.value })} aria-invalid={domainErrors.length > 0} />
          <FieldErrors errors={domainErrors} id="ns-domains-error" />
        </div>
      </div>
    </div>
  );
}
