"use client";
import type { GlobalAlert } from "@/lib/calico/types";
import { parseOneResource, toYaml } from "@/lib/calico";
import type { GlobalAlertForm } from "@/lib/alerts";
import { fromGlobalAlertForm, toGlobalAlertForm } from "@/lib/alerts";
import { err, ok } from "@/lib/result";
import { useSaveResource } from "@/lib/hooks/use-policies";
import { ResourceEditorCard } from "@/components/ui/resource-editor-card";
import type { ResourceFormCodec } from "@/components/ui/use-resource-editor";
import { useResourceEditor } from "@/components/ui/use-resource-editor";
import { AlertFormFields } from "@/components/alerts/alert-form-fields";

const CODEC: ResourceFormCodec<GlobalAlertForm, GlobalAlert> = {
  build: fromGlobalAlertForm,
  toYaml: (alert) => toYaml([alert]),
  fromYaml: (text) => {
    const r = parseOneResource(text, ["GlobalAlert"]);
    if (!r.ok) return r;
    // Re-check through the form so query errors show on the YAML tab too, as on the form tab.
    const form = toGlobalAlertForm(r.value);
    const checked = fromGlobalAlertForm(form);
    return checked.ok ? ok(form) : err(checked.error);
  },
};

/** Create or edit a GlobalAlert (form + YAML); conditional save, 409 shown, nothing overwritten. */
export function AlertEditor(props: { readonly cluster: string; readonly initial: GlobalAlertForm; readonly isNew: boolean; readonly onDone: (saved?: GlobalAlert) => void }) {
  const save = useSaveResource(props.cluster);
  const editor = useResourceEditor({ initial: props.initial, isNew: props.isNew, codec: CODEC, save, onSaved: props.onDone });
  return (
    <ResourceEditorCard
      idPrefix="alert-editor"
      title={props.isNew ? "New global alert" : `Edit ${props.initial.name}`}
      yamlId="alert-yaml"
      yamlRows={20}
      editor={editor}
      isNew={props.isNew}
      save={save}
      conflictTitle="This alert was changed or created by someone else since you opened it: nothing was overwritten. Cancel and open it again."
      onCancel={() => props.onDone()}
    >
      <AlertFormFields form={editor.form} onChange={editor.setForm} isNew={props.isNew} errors={editor.errors} />
    </ResourceEditorCard>
  );
}
