"use client";
import { useState } from "react";
import { parseResources, toYaml } from "@/lib/calico";
import type { IPPool } from "@/lib/calico/types";
import type { FieldError } from "@/lib/errors";
import type { EncapMode, IpPoolForm } from "@/lib/ip-pools";
import { fromIpPoolForm, toIpPoolForm } from "@/lib/ip-pools";
import { err, ok } from "@/lib/result";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useSaveResource } from "@/lib/hooks/use-policies";
import type { FormYamlCodec } from "@/components/policies/use-form-yaml-tabs";
import { useCodecFormYamlTabs } from "@/components/policies/use-form-yaml-tabs";
import { FieldErrorList } from "@/components/ui/field-error-list";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";

const CODEC: FormYamlCodec<IpPoolForm> = {
  toYaml: (form) => {
    const r = fromIpPoolForm(form);
    return r.ok ? ok(toYaml([r.value])) : r;
  },
  fromYaml: (text) => {
    const docs = parseResources(text).documents;
    const doc = docs[0];
    if (docs.length !== 1 || doc === undefined) return err([{ path: "", message: "write exactly one IPPool" }]);
    if (doc.resource === undefined) return err(doc.errors);
    if (doc.resource.kind !== "IPPool") return err([{ path: "kind", message: "must be IPPool" }]);
    return ok(toIpPoolForm(doc.resource));
  },
};

function toMode(v: string): EncapMode {
  return v === "Always" || v === "CrossSubnet" ? v : "Never";
}

const MODES: readonly EncapMode[] = ["Never", "Always", "CrossSubnet"];

/** Create or edit one IPPool as a form or YAML (in sync both ways); saves with the version the user started from (409 on a concurrent change). */
export function IpPoolEditor(props: { readonly cluster: string; readonly initial: IpPoolForm; readonly isNew: boolean; readonly onDone: (saved?: IPPool) => void }) {
  const [form, setForm] = useState<IpPoolForm>(props.initial);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const save = useSaveResource(props.cluster);
  const { tab, switchTab, yaml, yamlErrors, onYaml, formVersion } = useCodecFormYamlTabs<"form", IpPoolForm>("form", form, (f) => setForm({ ...f, ...(props.isNew ? {} : { resourceVersion: form.resourceVersion }) }), CODEC);
  const set = (patch: Partial<IpPoolForm>) => setForm({ ...form, ...patch });
  const errorOf = (path: string): string | undefined => errors.find((e) => e.path === path)?.message;

  const onSave = () => {
    const built = fromIpPoolForm(form);
    if (!built.ok) {
      setErrors(built.error);
      return;
    }
    setErrors([]);
    save.mutate(built.value, { onSuccess: () => props.onDone(built.value) });
  };
  const conflict = isApiProblem(save.error) && save.error.status === 409;
  const field = (id: string, label: string, path: string, input: React.ReactNode) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {input}
      {errorOf(path) !== undefined ? (
        <div className="field-error" role="alert">
          {errorOf(path)}
        </div>
      ) : null}
    </div>
  );
  return (
    <section className="card" aria-labelledby="pool-editor-title">
      <div className="card-header">
        <h2 id="pool-editor-title">{props.isNew ? "New IP pool" : `Edit ${props.initial.name}`}</h2>
      </div>
      <div className="card-body stack">
        <Tabs idPrefix="pool-editor" label="Editor view" tabs={[{ id: "form", label: "Form" }, { id: "yaml", label: "YAML" }]} selected={tab} onSelect={switchTab} />
        <div {...tabPanelProps("pool-editor", tab)}>
          {tab === "form" ? (
            <div className="stack" key={formVersion}>
              <div className="row">
                {field("pool-name", "Name", "metadata.name", <input id="pool-name" className="input input-mono" value={form.name} disabled={!props.isNew} onChange={(e) => set({ name: e.target.value })} />)}
                {field("pool-cidr", "CIDR", "spec.cidr", <input id="pool-cidr" className="input input-mono" placeholder="10.0.1.0/24" value={form.cidr} onChange={(e) => set({ cidr: e.target.value })} />)}
                {field("pool-block", "Block size", "spec.blockSize", <input id="pool-block" className="input input-mono" placeholder="26" value={form.blockSize} onChange={(e) => set({ blockSize: e.target.value })} />)}
              </div>
              <div className="row">
                {field(
                  "pool-ipip",
                  "IPIP mode",
                  "spec.ipipMode",
                  <select id="pool-ipip" className="select" value={form.ipipMode} onChange={(e) => set({ ipipMode: toMode(e.target.value) })}>
                    {MODES.map((m) => (
                      <option key={m}>{m}</option>
                    ))}
                  </select>,
                )}
                {field(
                  "pool-vxlan",
                  "VXLAN mode",
                  "spec.vxlanMode",
                  <select id="pool-vxlan" className="select" value={form.vxlanMode} onChange={(e) => set({ vxlanMode: toMode(e.target.value) })}>
                    {MODES.map((m) => (
                      <option key={m}>{m}</option>
                    ))}
                  </select>,
                )}
                {field("pool-node-selector", "Node selector", "spec.nodeSelector", <input id="pool-node-selector" className="input input-mono" placeholder="all()" value={form.nodeSelector} onChange={(e) => set({ nodeSelector: e.target.value })} />)}
              </div>
              <div className="row">
                <label className="row">
                  <input type="checkbox" checked={form.natOutgoing} onChange={(e) => set({ natOutgoing: e.target.checked })} /> NAT outgoing
                </label>
                <label className="row">
                  <input type="checkbox" checked={form.disabled} onChange={(e) => set({ disabled: e.target.checked })} /> Disabled (no new addresses)
                </label>
              </div>
            </div>
          ) : (
            <div className="field">
              <label htmlFor="pool-yaml">YAML</label>
              <textarea id="pool-yaml" className="textarea editor-textarea input-mono" rows={14} value={yaml} onChange={(e) => onYaml(e.target.value)} spellCheck={false} />
            </div>
          )}
        </div>
        <FieldErrorList errors={tab === "yaml" ? yamlErrors : errors} />
        {save.error !== null ? <ProblemNotice error={save.error} title={conflict ? "This pool was changed or created by someone else since you opened it: nothing was overwritten." : undefined} /> : null}
        <div className="row">
          <button type="button" className="btn btn-primary" onClick={onSave} disabled={save.isPending || (tab === "yaml" && yamlErrors.length > 0)}>
            {save.isPending ? "Saving…" : props.isNew ? "Create" : "Save"}
          </button>
          <button type="button" className="btn" onClick={() => props.onDone()}>
            Cancel
          </button>
        </div>
      </div>
    </section>
  );
}
