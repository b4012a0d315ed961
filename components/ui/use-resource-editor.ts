"use client";
import { useState } from "react";
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { ok } from "@/lib/result";
import type { FormYamlCodec } from "@/components/ui/use-form-yaml-tabs";
import { useCodecFormYamlTabs } from "@/components/ui/use-form-yaml-tabs";

/** How an editor's form becomes the resource it saves, how that prints, and how YAML reads back. */
export interface ResourceFormCodec<F, R> {
  /** The form as the resource to save, or the form's field errors. */
  readonly build: (form: F) => Result<R, readonly FieldError[]>;
  readonly toYaml: (resource: R) => string;
  /** YAML text as a form, or why it is not one. */
  readonly fromYaml: (text: string) => Result<F, readonly FieldError[]>;
}

function tabsCodec<F, R>(codec: ResourceFormCodec<F, R>): FormYamlCodec<F> {
  return {
    toYaml: (form) => {
      const built = codec.build(form);
      return built.ok ? ok(codec.toYaml(built.value)) : built;
    },
    fromYaml: codec.fromYaml,
  };
}

/**
 * State of a one-resource editor with Form and YAML tabs (the shared form ⇄ YAML logic): the
 * form, its field errors, the tabs kept in sync both ways, and Save. A YAML edit replaces the
 * form, but an existing resource keeps the resourceVersion the user started from, so a
 * concurrent change answers 409 and nothing is overwritten. Save builds from the form (which
 * the YAML tab keeps current) and runs the `save` mutation; `onSaved` runs with what was stored.
 */
export function useResourceEditor<F extends { readonly resourceVersion?: string }, R>(options: {
  readonly initial: F;
  readonly isNew: boolean;
  readonly codec: ResourceFormCodec<F, R>;
  /** The save mutation (react-query's `mutate`): called with the resource and an onSuccess. */
  readonly save: { readonly mutate: (resource: R, options: { readonly onSuccess: () => void }) => void };
  readonly onSaved: (resource: R) => void;
}) {
  const { isNew, codec, save, onSaved } = options;
  const [form, setForm] = useState<F>(options.initial);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const tabs = useCodecFormYamlTabs<"form", F>("form", form, (f) => setForm(isNew ? f : { ...f, resourceVersion: form.resourceVersion }), tabsCodec(codec));
  const set = (patch: Partial<F>) => setForm({ ...form, ...patch });
  const onSave = () => {
    const built = codec.build(form);
    if (!built.ok) {
      setErrors(built.error);
      return;
    }
    setErrors([]);
    const resource = built.value;
    save.mutate(resource, { onSuccess: () => onSaved(resource) });
  };
  /** The errors to list under the editor: the YAML's on the YAML tab, the form's otherwise. */
  const shownErrors = tabs.tab === "yaml" ? tabs.yamlErrors : errors;
  return { form, setForm, set, errors, shownErrors, onSave, ...tabs };
}

/** What the editor card needs from useResourceEditor. */
export type ResourceEditorState = Pick<ReturnType<typeof useResourceEditor>, "tab" | "switchTab" | "yaml" | "onYaml" | "yamlErrors" | "shownErrors" | "formVersion" | "onSave">;
