"use client";
import type { CalicoPolicyForm, PolicyForm, RuleForm } from "@/lib/board";
import { emptyRuleForm } from "@/lib/board";
import type { PolicyType } from "@/lib/calico/types";
import { RuleEditor } from "@/components/policies/rule-editor";
import { SelectorFieldEditor } from "@/components/policies/selector-field-editor";
import { PROTOCOL_NAMES } from "@/lib/net/protocols";

/** Field errors by path prefix (local validation and the server's 422 `errors[]`). */
export type ErrorsFor = (path: string) => readonly string[];

function Err({ messages }: { readonly messages: readonly string[] }) {
  return messages.length > 0 ? <span className="field-error">{messages.join("; ")}</span> : null;
}

function Rules(props: { readonly direction: "ingress" | "egress"; readonly rules: readonly RuleForm[]; readonly onChange: (r: RuleForm[]) => void; readonly errorsFor: ErrorsFor }) {
  const { rules } = props;
  return (
    <section className="stack" aria-label={`${props.direction} rules`}>
      <div className="row">
        <h3 className="pe-h3">{props.direction === "ingress" ? "Ingress rules" : "Egress rules"}</h3>
        <button type="button" className="btn btn-sm" onClick={() => props.onChange([...rules, emptyRuleForm("Allow")])}>
          Add {props.direction} rule
        </button>
      </div>
      {rules.map((r, i) => (
        <RuleEditor
          key={i}
          rule={r}
          index={i}
          direction={props.direction}
          errors={props.errorsFor(`spec.${props.direction}[${i}]`)}
          onChange={(nr) => props.onChange(rules.map((x, j) => (j === i ? nr : x)))}
          onRemove={() => props.onChange(rules.filter((_, j) => j !== i))}
          onMove={(d) => {
            const j = i + d;
            if (j < 0 || j >= rules.length) return;
            const next = [...rules];
            const a = next[i];
            const b = next[j];
            if (a === undefined || b === undefined) return;
            next[i] = b;
            next[j] = a;
            props.onChange(next);
          }}
        />
      ))}
    </section>
  );
}

/** The editor's form for a Calico policy (Kubernetes policies are edited in the YAML tab). */
export function PolicyFormFields(props: { readonly form: CalicoPolicyForm; readonly tiers: readonly string[]; readonly namespaces: readonly string[]; readonly isNew: boolean; readonly onChange: (f: PolicyForm) => void; readonly errorsFor: ErrorsFor }) {
  const { form, errorsFor } = props;
  const set = (patch: Partial<CalicoPolicyForm>) => props.onChange({ ...form, ...patch });
  const toggleType = (t: PolicyType, on: boolean) => {
    const types = on ? [...form.types.filter((x) => x !== t), t] : form.types.filter((x) => x !== t);
    set({ types, explicitTypes: types.length > 0 });
  };
  return (
    <div className="stack">
      <div className="pe-fields">
        <label className="field">
          <span className="field-label">Name</span>
          <input className="input input-mono" value={form.name} disabled={!props.isNew} onChange={(e) => set({ name: e.target.value })} placeholder={form.tier !== "" && form.tier !== "default" ? `${form.tier}.my-policy` : "my-policy"} />
          <Err messages={errorsFor("metadata.name")} />
        </label>
        <label className="field">
          <span className="field-label">Scope</span>
          <select className="select" aria-label="Scope" value={form.scope} disabled={!props.isNew} onChange={(e) => set({ scope: e.target.value === "global" ? "global" : "namespace" })}>
            <option value="namespace">Namespace (NetworkPolicy)</option>
            <option value="global">Global (GlobalNetworkPolicy)</option>
          </select>
        </label>
        {form.scope === "namespace" ? (
          <label className="field">
            <span className="field-label">Namespace</span>
            <select className="select" aria-label="Namespace" value={form.namespace} disabled={!props.isNew} onChange={(e) => set({ namespace: e.target.value })}>
              {[...new Set([form.namespace, ...props.namespaces])].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <Err messages={errorsFor("metadata.namespace")} />
          </label>
        ) : null}
        <label className="field">
          <span className="field-label">Tier</span>
          <select className="select" aria-label="Tier" value={form.tier === "" ? "default" : form.tier} disabled={!props.isNew} onChange={(e) => set({ tier: e.target.value === "default" ? "" : e.target.value })}>
            {[...new Set(["default", ...props.tiers, ...(form.tier !== "" ? [form.tier] : [])])].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <Err messages={errorsFor("spec.tier")} />
        </label>
        <label className="field">
          <span className="field-label">Order</span>
          <input className="input" inputMode="decimal" value={form.order} onChange={(e) => set({ order: e.target.value })} placeholder="none (evaluated last)" />
          <Err messages={errorsFor("spec.order")} />
        </label>
        <fieldset className="field">
          <legend className="field-label">Types</legend>
          <label className="pb-check">
            <input type="checkbox" checked={form.explicitTypes && form.types.includes("Ingress")} onChange={(e) => toggleType("Ingress", e.target.checked)} /> Ingress
          </label>
          <label className="pb-check">
            <input type="checkbox" checked={form.explicitTypes && form.types.includes("Egress")} onChange={(e) => toggleType("Egress", e.target.checked)} /> Egress
          </label>
          <span className="small muted">{form.explicitTypes ? "" : "none checked: Calico derives them from the rules"}</span>
          <Err messages={errorsFor("spec.types")} />
        </fieldset>
      </div>
      <SelectorFieldEditor id="pe-selector" label="Applies to (selector)" field={form.selector} onChange={(selector) => set({ selector })} serverError={errorsFor("spec.selector").join("; ")} />
      <div className="pe-fields">
        {form.scope === "global" ? (
          <SelectorFieldEditor id="pe-nssel" scope="namespace" label="namespaceSelector" field={form.namespaceSelector} onChange={(namespaceSelector) => set({ namespaceSelector })} serverError={errorsFor("spec.namespaceSelector").join("; ")} />
        ) : null}
        <SelectorFieldEditor id="pe-sasel" scope="none" label="serviceAccountSelector" field={form.serviceAccountSelector} onChange={(serviceAccountSelector) => set({ serviceAccountSelector })} serverError={errorsFor("spec.serviceAccountSelector").join("; ")} />
      </div>
      {form.scope === "global" ? (
        <div className="row">
          <label className="pb-check">
            <input type="checkbox" checked={form.doNotTrack} onChange={(e) => set({ doNotTrack: e.target.checked })} /> doNotTrack
          </label>
          <label className="pb-check">
            <input type="checkbox" checked={form.preDNAT} onChange={(e) => set({ preDNAT: e.target.checked })} /> preDNAT
          </label>
          <label className="pb-check">
            <input type="checkbox" checked={form.applyOnForward} onChange={(e) => set({ applyOnForward: e.target.checked })} /> applyOnForward
          </label>
        </div>
      ) : null}
      <Rules direction="ingress" rules={form.ingress} onChange={(ingress) => set({ ingress })} errorsFor={errorsFor} />
      <Rules direction="egress" rules={form.egress} onChange={(egress) => set({ egress })} errorsFor={errorsFor} />
      <datalist id="pe-protocols">
        {PROTOCOL_NAMES.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
    </div>
  );
}
