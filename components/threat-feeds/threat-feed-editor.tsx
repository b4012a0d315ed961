"use client";
import { parseOneResource, toYaml } from "@/lib/calico";
import type { GlobalThreatFeed } from "@/lib/calico/types";
import { ok } from "@/lib/result";
import type { FeedFormatKind, ThreatFeedForm } from "@/lib/threat-feeds";
import { fromThreatFeedForm, toThreatFeedForm } from "@/lib/threat-feeds";
import { useSaveResource } from "@/lib/hooks/use-policies";
import { LabelRowsEditor } from "@/components/ui/label-rows-editor";
import { ResourceEditorCard } from "@/components/ui/resource-editor-card";
import type { ResourceFormCodec } from "@/components/ui/use-resource-editor";
import { useResourceEditor } from "@/components/ui/use-resource-editor";

function toFormatKind(v: string): FeedFormatKind {
  return v === "json" || v === "csv" ? v : "newlineDelimited";
}

const CODEC: ResourceFormCodec<ThreatFeedForm, GlobalThreatFeed> = {
  build: fromThreatFeedForm,
  toYaml: (feed) => toYaml([feed]),
  fromYaml: (text) => {
    const r = parseOneResource(text, ["GlobalThreatFeed"]);
    return r.ok ? ok(toThreatFeedForm(r.value)) : r;
  },
};

/**
 * Create or edit one GlobalThreatFeed as a form or as YAML (kept in sync both ways). Saves through
 * the resource routes with the resourceVersion the user started from: a concurrent change
 * answers 409 and nothing is overwritten.
 */
export function ThreatFeedEditor(props: { readonly cluster: string; readonly initial: ThreatFeedForm; readonly isNew: boolean; readonly onDone: (saved?: GlobalThreatFeed) => void }) {
  const save = useSaveResource(props.cluster);
  const editor = useResourceEditor({ initial: props.initial, isNew: props.isNew, codec: CODEC, save, onSaved: props.onDone });
  const { form, set } = editor;
  return (
    <ResourceEditorCard
      idPrefix="tf-editor"
      title={props.isNew ? "New threat feed" : `Edit ${props.initial.name}`}
      yamlId="tf-yaml"
      yamlRows={18}
      editor={editor}
      isNew={props.isNew}
      save={save}
      conflictTitle="This feed was changed or created by someone else since you opened it: nothing was overwritten. Cancel and open it again."
      onCancel={() => props.onDone()}
    >
      <div className="stack">
        <div className="row">
          <div className="field">
            <label htmlFor="tf-name">Name</label>
            <input id="tf-name" className="input input-mono" value={form.name} disabled={!props.isNew} onChange={(e) => set({ name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="tf-content">Content</label>
            <select id="tf-content" className="select" value={form.content} onChange={(e) => set({ content: e.target.value === "DomainNameSet" ? "DomainNameSet" : "IPSet" })}>
              <option value="IPSet">IPSet (addresses and CIDRs)</option>
              <option value="DomainNameSet">DomainNameSet (domain names)</option>
            </select>
          </div>
          <label className="row">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
          </label>
        </div>
        <div className="field">
          <label htmlFor="tf-url">Feed URL</label>
          <input id="tf-url" className="input input-mono" placeholder="https://feodotracker.abuse.ch/downloads/ipblocklist.txt" value={form.url} onChange={(e) => set({ url: e.target.value })} />
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="tf-period">Pull period</label>
            <input id="tf-period" className="input input-mono" placeholder="24h" value={form.period} onChange={(e) => set({ period: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="tf-format">Format</label>
            <select id="tf-format" className="select" value={form.formatKind} onChange={(e) => set({ formatKind: toFormatKind(e.target.value) })}>
              <option value="newlineDelimited">One entry per line</option>
              <option value="json">JSON (path)</option>
              <option value="csv">CSV (column)</option>
            </select>
          </div>
          {form.formatKind === "json" ? (
            <div className="field">
              <label htmlFor="tf-json-path">JSON path</label>
              <input id="tf-json-path" className="input input-mono" placeholder="$.ips[*]" value={form.jsonPath} onChange={(e) => set({ jsonPath: e.target.value })} />
            </div>
          ) : null}
          {form.formatKind === "csv" ? (
            <>
              <div className="field">
                <label htmlFor="tf-csv-column">CSV column (number from 0, or header name)</label>
                <input id="tf-csv-column" className="input input-mono" value={form.csvColumn} onChange={(e) => set({ csvColumn: e.target.value })} />
              </div>
              <label className="row">
                <input type="checkbox" checked={form.csvHeader} onChange={(e) => set({ csvHeader: e.target.checked })} /> First row is a header
              </label>
            </>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="tf-description">Description</label>
          <input id="tf-description" className="input" value={form.description} onChange={(e) => set({ description: e.target.value })} />
        </div>
        <LabelRowsEditor legend="Set labels" idPrefix="tf-labels" rows={form.labels} onChange={(labels) => set({ labels })} />
      </div>
    </ResourceEditorCard>
  );
}
