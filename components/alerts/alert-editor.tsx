"use client";
import { useState } from "react";
import type { GlobalAlert } from "@/lib/calico/types";
import { parseResources, toYaml } from "@/lib/calico";
import type { FieldError } from "@/lib/errors";
import type { GlobalAlertForm } from "@/lib/alerts";
import { fromGlobalAlertForm, toGlobalAlertForm } from "@/lib/alerts";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useSaveResource } from "@/lib/hooks/use-policies";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { AlertFormFields } from "@/components/alerts/alert-form-fields";
import { FieldErrorList } from "@/components/ui/field-error-list";

type Tab = "form" | "yaml";

function fromYaml(text: string): { alert?: GlobalAlert; errors: readonly FieldError[] } {
  const docs = parseResources(text).documents;
  const doc = docs[0];
  if (docs.length !== 1 || doc === undefined) return { errors: [{ path: "", message: "write exactly one GlobalAlert" }] };
  if (doc.resource === undefined) return { errors: doc.errors };
  if (doc.resource.kind !== "GlobalAlert") return { errors: [{ path: "kind", message: "must be GlobalAlert" }] };
  // Re-check through the form so query errors are caught before saving, as on the form tab.
  const checked = fromGlobalAlertForm(toGlobalAlertForm(doc.resource));
  return checked.ok ? { alert: doc.resource, errors: [] } : { errors: checked.error };
}

/** Create or edit a GlobalAlert (form + YAML); conditional save, 409 shown, nothing overwritten. */
export function AlertEditor(props: { readonly cluster: string; readonly initial: GlobalAlertForm; readonly isNew: boolean; readonly onDone: (saved?: GlobalAlert) => void }) {
  const [form, setForm] = useState(props.initial);
  const [tab, setTab] = useState<Tab>("form");
  const [yaml, setYaml] = useState("");
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const save = useSaveResource(props.cluster);

  const switchTo = (next: Tab) => {
    if (next === tab) return;
    if (next === "yaml") {
      const built = fromGlobalAlertForm(form);
      if (!built.ok) return setErrors(built.error);
      setYaml(toYaml([built.value]));
    } else {
      const parsed = fromYaml(yaml);
      if (parsed.alert === undefined) return setErrors(parsed.errors);
      setForm(toGlobalAlertForm(parsed.alert));
    }
    setErrors([]);
    setTab(next);
  };

  const onSave = () => {
    let alert: GlobalAlert | undefined;
    if (tab === "form") {
      const built = fromGlobalAlertForm(form);
      if (!built.ok) return setErrors(built.error);
      alert = built.value;
    } else {
      const parsed = fromYaml(yaml);
      if (parsed.alert === undefined) return setErrors(parsed.errors);
      alert = parsed.alert;
    }
    setErrors([]);
    const saved = alert;
    save.mutate(saved, { onSuccess: () => props.onDone(saved) });
  };

  const conflict = isApiProblem(save.error) && save.error.status === 409;
  return (
    <section className="card" aria-labelledby="alert-editor-title">
      <div className="card-header">
        <h2 id="alert-editor-title">{props.isNew ? "New global alert" : `Edit ${props.initial.name}`}</h2>
      </div>
      <div className="card-body stack">
        <Tabs idPrefix="alert-editor" label="Editor view" tabs={[{ id: "form", label: "Form" }, { id: "yaml", label: "YAML" }]} selected={tab} onSelect={switchTo} />
        <div {...tabPanelProps("alert-editor", tab)}>
          {tab === "form" ? (
            <AlertFormFields form={form} onChange={setForm} isNew={props.isNew} errors={errors} />
          ) : (
            <div className="field">
              <label htmlFor="alert-yaml">YAML</label>
              <textarea id="alert-yaml" className="textarea editor-textarea input-mono" rows={20} value={yaml} onChange={(e) => setYaml(e.target.value)} spellCheck={false} />
            </div>
          )}
        </div>
        <FieldErrorList errors={errors} />
        {save.error !== null ? <ProblemNotice error={save.error} title={conflict ? "This alert was changed or created by someone else since you opened it: nothing was overwritten. Cancel and open it again." : undefined} /> : null}
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
