"use client";
import { useState } from "react";
import { parseResources, toYaml } from "@/lib/calico";
import type { GlobalThreatFeed } from "@/lib/calico/types";
import type { FieldError } from "@/lib/errors";
import { err, ok } from "@/lib/result";
import type { FeedFormatKind, ThreatFeedForm } from "@/lib/threat-feeds";
import { fromThreatFeedForm, toThreatFeedForm } from "@/lib/threat-feeds";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useSaveResource } from "@/lib/hooks/use-policies";
import type { FormYamlCodec } from "@/components/policies/use-form-yaml-tabs";
import { useCodecFormYamlTabs } from "@/components/policies/use-form-yaml-tabs";
import { FieldErrorList } from "@/components/ui/field-error-list";
import { LabelRowsEditor } from "@/components/ui/label-rows-editor";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";

function toFormatKind(v: string): FeedFormatKind {
  return v === "json" || v === "csv" ? v : "newlineDelimited";
}

const CODEC: FormYamlCodec<ThreatFeedForm> = {
  toYaml: (form) => {
    const r = fromThreatFeedForm(form);
    return r.ok ? ok(toYaml([r.value])) : r;
  },
  fromYaml: (text) => {
    const docs = parseResources(text).documents;
    const doc = docs[0];
    if (docs.length !== 1 || doc === undefined) return err([{ path: "", message: "write exactly one GlobalThreatFeed" }]);
    if (doc.resource === undefined) return err(doc.errors);
    if (doc.resource.kind !== "GlobalThreatFeed") return err([{ path: "kind", message: "must be GlobalThreatFeed" }]);
    return ok(toThreatFeedForm(doc.resource));
  },
};

/**
 * Create or edit one GlobalThreatFeed as a form or as YAML (kept in sync both ways). Saves through
 * the resource routes with the resourceVersion the user started from: a concurrent change
 * answers 409 and nothing is overwritten.
 */
export function ThreatFeedEditor(props: { readonly cluster: string; readonly initial: ThreatFeedForm; readonly isNew: boolean; readonly onDone: (saved?: GlobalThreatFeed) => void }) {
  const [form, setForm] = useState<ThreatFeedForm>(props.initial);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const save = useSaveResource(props.cluster);
  const { tab, switchTab, yaml, yamlErrors, onYaml, formVersion } = useCodecFormYamlTabs<"form", ThreatFeedForm>("form", form, (f) => setForm({ ...f, ...(props.isNew ? {} : { resourceVersion: form.resourceVersion }) }), CODEC);
  const set = (patch: Partial<ThreatFeedForm>) => setForm({ ...form, ...patch });

  const onSave = () => {
    const built = fromThreatFeedForm(form);
    if (!built.ok) {
      setErrors(built.error);
      return;
    }
    setErrors([]);
    save.mutate(built.value, { onSuccess: () => props.onDone(built.value) });
  };
  const conflict = isApiProblem(save.error) && save.error.status === 409;
  return (
    <section className="card" aria-labelledby="tf-editor-title">
      <div className="card-header">
        <h2 id="tf-editor-title">{props.isNew ? "New threat feed" : `Edit ${props.initial.name}`}</h2>
      </div>
      <div className="card-body stack">
        <Tabs idPrefix="tf-editor" label="Editor view" tabs={[{ id: "form", label: "Form" }, { id: "yaml", label: "YAML" }]} selected={tab} onSelect={switchTab} />
        <div {...tabPanelProps("tf-editor", tab)}>
          {tab === "form" ? (
            <div className="stack" key={formVersion}>
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
          ) : (
            <div className="field">
              <label htmlFor="tf-yaml">YAML</label>
              <textarea id="tf-yaml" className="textarea editor-textarea input-mono" rows={18} value={yaml} onChange={(e) => onYaml(e.target.value)} spellCheck={false} />
            </div>
          )}
        </div>
        <FieldErrorList errors={tab === "yaml" ? yamlErrors : errors} />
        {save.error !== null ? (
          <ProblemNotice error={save.error} title={conflict ? "This feed was changed or created by someone else since you opened it: nothing was overwritten. Cancel and open it again." : undefined} />
        ) : null}
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
