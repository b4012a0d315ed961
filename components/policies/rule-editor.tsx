"use client";
import { useState } from "react";
import type { EntityForm, RuleForm } from "@/lib/board";
import type { Action } from "@/lib/calico/types";
import { SelectorFieldEditor } from "@/components/policies/selector-field-editor";
import { RULE_INDEX_HINT, ruleIndexLabel } from "@/lib/policy/rule-label";

const ACTIONS: readonly Action[] = ["Allow", "Deny", "Pass", "Log"];
const list = (s: string): string[] => s.split(",").map((x) => x.trim()).filter((x) => x !== "");
const show = (l: readonly string[]): string => l.join(", ");

function ListInput({ label, value, onChange, placeholder }: { readonly label: string; readonly value: readonly string[]; readonly onChange: (v: string[]) => void; readonly placeholder?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input className="input input-mono" defaultValue={show(value)} placeholder={placeholder} onBlur={(e) => onChange(list(e.target.value))} onChange={(e) => onChange(list(e.target.value))} />
    </label>
  );
}

function hasExtras(e: EntityForm): boolean {
  const sel = e.notSelector;
  const notSelectorSet = sel.mode === "text" ? sel.text.trim() !== "" : sel.rows.length > 0;
  return notSelectorSet || e.notPorts.length + e.nets.length + e.notNets.length + e.domains.length > 0 || e.serviceAccounts !== undefined || e.services !== undefined;
}

/**
 * A rule's source or destination. The common criteria (selector, namespaceSelector, ports) are
 * always shown; the rest sit in a "More criteria" disclosure that opens by itself when one of
 * them is set, so a simple rule stays short and nothing set is ever hidden.
 */
function EntityEditor({ label, entity, onChange, id }: { readonly label: string; readonly entity: EntityForm; readonly onChange: (e: EntityForm) => void; readonly id: string }) {
  const set = (patch: Partial<EntityForm>) => onChange({ ...entity, ...patch });
  const [moreOpen, setMoreOpen] = useState(() => hasExtras(entity));
  return (
    <fieldset className="stack pe-entity-set">
      <legend className="field-label">{label}</legend>
      <div className="pe-entity">
        <SelectorFieldEditor id={`${id}-sel`} label={`${label} selector`} field={entity.selector} onChange={(selector) => set({ selector })} />
        <SelectorFieldEditor id={`${id}-nssel`} scope="namespace" label={`${label} namespaceSelector`} field={entity.namespaceSelector} onChange={(namespaceSelector) => set({ namespaceSelector })} />
        <ListInput label={`${label} ports`} value={entity.ports} onChange={(ports) => set({ ports })} placeholder="53, 8080, 9000:9100, http" />
      </div>
      <details className="pe-more" open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
        <summary>More {label.toLowerCase()} criteria: notSelector, notPorts, nets, domains, service accounts, service</summary>
        <div className="pe-entity">
          <SelectorFieldEditor id={`${id}-notsel`} label={`${label} notSelector`} field={entity.notSelector} onChange={(notSelector) => set({ notSelector })} />
          <ListInput label={`${label} notPorts`} value={entity.notPorts} onChange={(notPorts) => set({ notPorts })} />
          <ListInput label={`${label} nets`} value={entity.nets} onChange={(nets) => set({ nets })} placeholder="10.0.0.0/8" />
          <ListInput label={`${label} notNets`} value={entity.notNets} onChange={(notNets) => set({ notNets })} />
          <ListInput label={`${label} domains`} value={entity.domains} onChange={(domains) => set({ domains })} placeholder="*.twilio.com" />
          <ListInput
            label={`${label} serviceAccounts names`}
            value={entity.serviceAccounts?.names ?? []}
            onChange={(names) => set({ serviceAccounts: names.length === 0 && entity.serviceAccounts?.selector.mode === "rows" && entity.serviceAccounts.selector.rows.length === 0 ? undefined : { names, selector: entity.serviceAccounts?.selector ?? { mode: "rows", rows: [] } } })}
          />
          <label className="field">
            <span className="field-label">{label} service (namespace/name)</span>
            <input
              className="input input-mono"
              defaultValue={entity.services === undefined ? "" : `${entity.services.namespace}/${entity.services.name}`.replace(/^\//, "")}
              placeholder="kube-system/kube-dns"
              onChange={(e) => {
                const v = e.target.value.trim();
                const i = v.indexOf("/");
                set({ services: v === "" ? undefined : i < 0 ? { namespace: "", name: v } : { namespace: v.slice(0, i), name: v.slice(i + 1) } });
              }}
            />
          </label>
        </div>
      </details>
    </fieldset>
  );
}

/** One rule with every field of Calico's rule model. */
export function RuleEditor(props: { readonly rule: RuleForm; readonly index: number; readonly direction: "ingress" | "egress"; readonly onChange: (r: RuleForm) => void; readonly onRemove: () => void; readonly onMove: (d: -1 | 1) => void; readonly errors: readonly string[] }) {
  const { rule } = props;
  const set = (patch: Partial<RuleForm>) => props.onChange({ ...rule, ...patch });
  const id = `${props.direction}-${props.index}`;
  return (
    <div className="pe-rule" data-testid={`rule-${id}`} aria-label={`${ruleIndexLabel(props.index, props.direction)}`} role="group">
      <div className="pe-rule-head">
        <strong>
          <span title={RULE_INDEX_HINT}>{ruleIndexLabel(props.index, props.direction)}</span>
        </strong>
        <label className="row">
          <span className="field-label">Action</span>
          <select className="select" aria-label={`${ruleIndexLabel(props.index, props.direction)} action`} value={rule.action} onChange={(e) => set({ action: e.target.value as Action })}>
            {ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label className="row">
          <span className="field-label">Protocol</span>
          <input className="input pb-port" aria-label={`${ruleIndexLabel(props.index, props.direction)} protocol`} value={rule.protocol} placeholder="any" onChange={(e) => set({ protocol: e.target.value })} list="pe-protocols" />
        </label>
        <label className="row">
          <span className="field-label">notProtocol</span>
          <input className="input pb-port" value={rule.notProtocol} onChange={(e) => set({ notProtocol: e.target.value })} list="pe-protocols" />
        </label>
        <label className="row">
          <span className="field-label">IP version</span>
          <select className="select" value={rule.ipVersion} onChange={(e) => set({ ipVersion: e.target.value === "4" ? "4" : e.target.value === "6" ? "6" : "" })}>
            <option value="">any</option>
            <option value="4">4</option>
            <option value="6">6</option>
          </select>
        </label>
        <label className="row">
          <span className="field-label">ICMP type/code</span>
          <input
            className="input pb-port"
            defaultValue={rule.icmp === undefined ? "" : `${rule.icmp.type}${rule.icmp.code !== "" ? `/${rule.icmp.code}` : ""}`}
            onChange={(e) => {
              const [type = "", code = ""] = e.target.value.split("/");
              set(e.target.value.trim() === "" ? { icmp: undefined } : { icmp: { type: type.trim(), code: code.trim() } });
            }}
          />
        </label>
        <span className="pb-spacer" />
        <button type="button" className="btn btn-sm btn-ghost" aria-label="Move rule up" onClick={() => props.onMove(-1)}>
          ▲
        </button>
        <button type="button" className="btn btn-sm btn-ghost" aria-label="Move rule down" onClick={() => props.onMove(1)}>
          ▼
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={props.onRemove}>
          Remove
        </button>
      </div>
      <EntityEditor id={`${id}-src`} label="Source" entity={rule.source} onChange={(source) => set({ source })} />
      <EntityEditor id={`${id}-dst`} label="Destination" entity={rule.destination} onChange={(destination) => set({ destination })} />
      <div className="pe-entity">
        <ListInput label="HTTP methods" value={rule.http?.methods ?? []} onChange={(methods) => set({ http: methods.length === 0 && (rule.http?.paths.length ?? 0) === 0 ? undefined : { methods, paths: rule.http?.paths ?? [] } })} placeholder="GET, POST" />
        <ListInput
          label="HTTP paths (exact:/x or prefix:/y)"
          value={(rule.http?.paths ?? []).map((p) => `${p.match}:${p.value}`)}
          onChange={(items) => {
            const paths = items.map((s) => (s.startsWith("exact:") ? { match: "exact" as const, value: s.slice(6) } : { match: "prefix" as const, value: s.replace(/^prefix:/, "") }));
            set({ http: paths.length === 0 && (rule.http?.methods.length ?? 0) === 0 ? undefined : { methods: rule.http?.methods ?? [], paths } });
          }}
        />
      </div>
      {props.errors.length > 0 ? (
        <ul className="field-error">
          {props.errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
