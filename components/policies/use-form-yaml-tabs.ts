"use client";
import type { PolicyForm } from "@/lib/board";
import { policyFormToYaml, yamlToPolicyForm } from "@/lib/board";
import type { FormYamlCodec } from "@/components/ui/use-form-yaml-tabs";
import { useCodecFormYamlTabs } from "@/components/ui/use-form-yaml-tabs";

const POLICY_CODEC: FormYamlCodec<PolicyForm> = { toYaml: policyFormToYaml, fromYaml: yamlToPolicyForm };

/** The policy editor's form ⇄ YAML tabs (the shared tabs hook with the policy form's codec). */
export function useFormYamlTabs<T extends string>(initialTab: T, form: PolicyForm | undefined, onForm: (f: PolicyForm) => void) {
  return useCodecFormYamlTabs<T, PolicyForm>(initialTab, form, onForm, POLICY_CODEC);
}
