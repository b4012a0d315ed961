"use client";
import { useState } from "react";
import { parseResources, toYaml } from "@/lib/calico";
import type { FieldError } from "@/lib/errors";
import type { NetworkSetForm, NetworkSetResource } from "@/lib/network-sets";
import { fromNetworkSetForm, toNetworkSetForm } from "@/lib/network-sets";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useSaveResource } from "@/lib/hooks/use-policies";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { NetworkSetFormFields } from "@/components/network-sets/network-set-form-fields";
import { FieldErrorList } from "@/components/ui/field-error-list";

type Tab = "form" | "yaml";

function fromYaml(text: string): { set?: NetworkSetResource; errors: readonly FieldError[] } {
  const docs = parseResources(text).documents;
  if (docs.length !== 1) return { errors: [{ path: "", message: "write exactly one NetworkSet or GlobalNetworkSet" }] };
  const doc = docs[0];
  if (doc === undefined || doc.resource === undefined) return { errors: doc?.errors ?? [] };
  if (doc.resource.kind !== "NetworkSet" && doc.resource.kind !== "GlobalNetworkSet") return { errors: [{ path: "kind", message: "must be NetworkSet or GlobalNetworkSet" }] };
  return { set: doc.resource, errors: [] };
}

/**
 * Create or edit one network set: a form (scope, name, labels, nets, domains) and a YAML tab
 * kept in sync when switching. Saves through the resource routes with the resourceVersion the
 * user started from, so a concurrent change answers 409 and nothing is overwritten.
 */
export function NetworkSetEditor(props: {
  readonly cluster: string;
  readonly initial: NetworkSetForm;
  readonly isNew: boolean;
  readonly namespaces: readonly string[];
  readonly onDone: (saved?: NetworkSetResource) => void;
}) {
  const [form, setForm] = useState<NetworkSetForm>(props.initial);
  const [tab, setTab] = useState<Tab>("form");
  const [yaml, setYaml] = useState("");
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const save = useSaveResource(props.cluster);

  const switchTo = (next: Tab) => {
    if (next === tab) return;
    if (next === "yaml") {
      const built = fromNetworkSetForm(form);
      if (!built.ok) {
        setErrors(built.error);
        return;
      }
      setYaml(toYaml([built.value]));
    } else {
      const parsed = fromYaml(yaml);
      if (parsed.set === undefined) {
        setErrors(parsed.errors);
        return;
      }
      setForm({ ...toNetworkSetForm(parsed.set), ...(props.isNew ? {} : { resourceVersion: form.resourceVersion }) });
    }
    setErrors([]);
    setTab(next);
  };

  const onSave = () => {
    const built = tab === "form" ? fromNetworkSetForm(form) : fromYaml(yaml);
    const set = "ok" in built ? (built.ok ? built.value : undefined) : built.set;
    const problems = "ok" in built ? (built.ok ? [] : built.error) : built.errors;
    if (set === undefined) {
      setErrors(problems);
      return;
    }
    setErrors([]);
    save.mutate(set, { onSuccess: () => props.onDone(set) });
  };

  const conflict = isApiProblem(save.error) && save.error.status === 409;
  return (
    <section className="card" aria-labelledby="ns-editor-title">
      <div className="card-header">
        <h2 id="ns-editor-title">{props.isNew ? "New network set" : `Edit ${props.initial.name}`}</h2>
      </div>
      <div className="card-body stack">
        <Tabs idPrefix="ns-editor" label="Editor view" tabs={[{ id: "form", label: "Form" }, { id: "yaml", label: "YAML" }]} selected={tab} onSelect={switchTo} />
        <div {...tabPanelProps("ns-editor", tab)}>
          {tab === "form" ? (
            <NetworkSetFormFields form={form} onChange={setForm} isNew={props.isNew} namespaces={props.namespaces} errors={errors} />
          ) : (
            <div className="field">
              <label htmlFor="ns-yaml">YAML</label>
              <textarea id="ns-yaml" className="textarea editor-textarea input-mono" rows={16} value={yaml} onChange={(e) => setYaml(e.target.value)} spellCheck={false} />
            </div>
          )}
        </div>
        <FieldErrorList errors={errors} />
        {save.error !== null ? (
          <ProblemNotice error={save.error} title={conflict ? "This network set was changed or created by someone else since you opened it: nothing was overwritten. Cancel and open it again to see the current version." : undefined} />
        ) : null}
        <div className="row">
          <button type="button" className="btn btn-primary" onClick={onSave} disabled={save.isPending}>
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
