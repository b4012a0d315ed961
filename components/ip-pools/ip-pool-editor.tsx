"use client";
import { parseOneResource, toYaml } from "@/lib/calico";
import type { IPPool } from "@/lib/calico/types";
import type { EncapMode, IpPoolForm } from "@/lib/ip-pools";
import { fromIpPoolForm, toIpPoolForm } from "@/lib/ip-pools";
import { ok } from "@/lib/result";
import { useSaveResource } from "@/lib/hooks/use-policies";
import { ResourceEditorCard } from "@/components/ui/resource-editor-card";
import type { ResourceFormCodec } from "@/components/ui/use-resource-editor";
import { useResourceEditor } from "@/components/ui/use-resource-editor";

const CODEC: ResourceFormCodec<IpPoolForm, IPPool> = {
  build: fromIpPoolForm,
  toYaml: (pool) => toYaml([pool]),
  fromYaml: (text) => {
    const r = parseOneResource(text, ["IPPool"]);
    return r.ok ? ok(toIpPoolForm(r.value)) : r;
  },
};

function toMode(v: string): EncapMode {
  return v === "Always" || v === "CrossSubnet" ? v : "Never";
}

const MODES: readonly EncapMode[] = ["Never", "Always", "CrossSubnet"];

/** Create or edit one IPPool as a form or YAML (in sync both ways); saves with the version the user started from (409 on a concurrent change). */
export function IpPoolEditor(props: { readonly cluster: string; readonly initial: IpPoolForm; readonly isNew: boolean; readonly onDone: (saved?: IPPool) => void }) {
  const save = useSaveResource(props.cluster);
  const editor = useResourceEditor({ initial: props.initial, isNew: props.isNew, codec: CODEC, save, onSaved: props.onDone });
  const { form, set, errors } = editor;
  const errorOf = (path: string): string | undefined => errors.find((e) => e.path === path)?.message;
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
    <ResourceEditorCard
      idPrefix="pool-editor"
      title={props.isNew ? "New IP pool" : `Edit ${props.initial.name}`}
      yamlId="pool-yaml"
      yamlRows={14}
      editor={editor}
      isNew={props.isNew}
      save={save}
      conflictTitle="This pool was changed or created by someone else since you opened it: nothing was overwritten."
      onCancel={() => props.onDone()}
    >
      <div className="stack">
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
    </ResourceEditorCard>
  );
}
