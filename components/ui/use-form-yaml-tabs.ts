"use client";
import { useState } from "react";
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";

/** How a form model prints as YAML and reads back from it. */
export interface FormYamlCodec<F> {
  readonly toYaml: (form: F) => Result<string, readonly FieldError[]>;
  readonly fromYaml: (text: string) => Result<F, readonly FieldError[]>;
}

/**
 * The form ⇄ YAML tabs of an editor, kept in sync both ways: opening the YAML tab prints the
 * current form; every YAML edit that parses updates the form (`onForm`); leaving the YAML tab
 * bumps `formVersion`, the key that remounts the form fields on the edited values.
 */
export function useCodecFormYamlTabs<T extends string, F>(initialTab: T, form: F | undefined, onForm: (f: F) => void, codec: FormYamlCodec<F>) {
  const [tab, setTab] = useState<T | "yaml">(initialTab);
  const [yaml, setYaml] = useState("");
  const [yamlErrors, setYamlErrors] = useState<readonly FieldError[]>([]);
  const [formVersion, setFormVersion] = useState(0);

  const switchTab = (t: T | "yaml") => {
    if (t === "yaml" && form !== undefined) {
      const y = codec.toYaml(form);
      if (y.ok) setYaml(y.value);
      setYamlErrors(y.ok ? [] : y.error);
    }
    if (tab === "yaml") setFormVersion((v) => v + 1);
    setTab(t);
  };
  const onYaml = (text: string) => {
    setYaml(text);
    const parsed = codec.fromYaml(text);
    if (parsed.ok) {
      onForm(parsed.value);
      setYamlErrors([]);
    } else setYamlErrors(parsed.error);
  };
  const remountForm = () => setFormVersion((v) => v + 1);
  return { tab, setTab, switchTab, yaml, yamlErrors, onYaml, formVersion, remountForm };
}
