"use client";
import { parseOneResource, toYaml } from "@/lib/calico";
import type { NetworkSetForm, NetworkSetResource } from "@/lib/network-sets";
import { fromNetworkSetForm, toNetworkSetForm } from "@/lib/network-sets";
import { ok } from "@/lib/result";
import { useSaveResource } from "@/lib/hooks/use-policies";
import { ResourceEditorCard } from "@/components/ui/resource-editor-card";
import type { ResourceFormCodec } from "@/components/ui/use-resource-editor";
import { useResourceEditor } from "@/components/ui/use-resource-editor";
import { NetworkSetFormFields } from "@/components/network-sets/network-set-form-fields";

const CODEC: ResourceFormCodec<NetworkSetForm, NetworkSetResource> = {
  build: fromNetworkSetForm,
  toYaml: (set) => toYaml([set]),
  fromYaml: (text) => {
    const r = parseOneResource(text, ["NetworkSet", "GlobalNetworkSet"]);
    return r.ok ? ok(toNetworkSetForm(r.value)) : r;
  },
};

/**
 * Create or edit one network set: a form (scope, name, labels, nets, domains) and a YAML tab
 * kept in sync both ways. Saves through the resource routes with the resourceVersion the user
 * started from, so a concurrent change answers 409 and nothing is overwritten.
 */
export function NetworkSetEditor(props: {
  readonly cluster: string;
  readonly initial: NetworkSetForm;
  readonly isNew: boolean;
  readonly namespaces: readonly string[];
  readonly onDone: (saved?: NetworkSetResource) => void;
}) {
  const save = useSaveResource(props.cluster);
  const editor = useResourceEditor({ initial: props.initial, isNew: props.isNew, codec: CODEC, save, onSaved: props.onDone });
  return (
    <ResourceEditorCard
      idPrefix="ns-editor"
      title={props.isNew ? "New network set" : `Edit ${props.initial.name}`}
      yamlId="ns-yaml"
      yamlRows={16}
      editor={editor}
      isNew={props.isNew}
      save={save}
      conflictTitle="This network set was changed or created by someone else since you opened it: nothing was overwritten. Cancel and open it again to see the current version."
      onCancel={() => props.onDone()}
    >
      <NetworkSetFormFields form={editor.form} onChange={editor.setForm} isNew={props.isNew} namespaces={props.namespaces} errors={editor.errors} />
    </ResourceEditorCard>
  );
}
