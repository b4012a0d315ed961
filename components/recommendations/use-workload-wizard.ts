"use client";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { EditablePolicyResource, PolicyForm } from "@/lib/board";
import { fromPolicyForm, toPolicyForm } from "@/lib/board";
import type { FieldError } from "@/lib/errors";
import { useBoard } from "@/lib/hooks/use-board";
import { useApplyResources } from "@/lib/hooks/use-policies";
import { useCheckRecommendation, useRecommendWorkload, useRecommendWorkloads } from "@/lib/hooks/use-recommendations";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { editorHref } from "@/components/policies/editor-href";
import type { RangePresetId } from "@/components/recommendations/time-presets";
import { rangeOf } from "@/components/recommendations/time-presets";
import { useFormYamlTabs } from "@/components/policies/use-form-yaml-tabs";

/** The wizard's tabs. */
export type WizardTab = "form" | "yaml" | "evidence";

/**
 * State and effects of the single-workload wizard: the chosen range, namespace, workload, tier
 * and order; the recommendation and its form ⇄ YAML tabs; re-check with edits; Stage / Enforce.
 */
export function useWorkloadWizard() {
  const { clusterId } = useCurrentCluster();
  const search = useSearchParams();
  const board = useBoard(clusterId);
  const workloads = useRecommendWorkloads(clusterId);
  const recommend = useRecommendWorkload(clusterId);
  const check = useCheckRecommendation(clusterId);
  const apply = useApplyResources(clusterId);
  const [namespace, setNamespace] = useState(search.get("namespace") ?? "default");
  const [workload, setWorkload] = useState(search.get("workload") ?? "");
  const [preset, setPreset] = useState<RangePresetId>("15m");
  const [tier, setTier] = useState("default");
  const [order, setOrder] = useState("");
  const [range, setRange] = useState<{ from: number; to: number } | undefined>(undefined);
  const [form, setForm] = useState<PolicyForm | undefined>(undefined);
  const { tab, setTab, switchTab, yaml, yamlErrors, onYaml, formVersion, remountForm } = useFormYamlTabs<Exclude<WizardTab, "yaml">>("form", form, setForm);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [done, setDone] = useState<{ text: string; href: string } | undefined>(undefined);

  const namespaces = useMemo(() => [...new Set((workloads.data?.items ?? []).map((w) => w.namespace))], [workloads.data]);
  const inNamespace = (workloads.data?.items ?? []).filter((w) => w.namespace === namespace);
  const tiers = (board.data?.resources ?? []).filter((r) => r.kind === "Tier").map((r) => r.metadata.name);
  const data = recommend.data;
  const shadowed = check.data?.shadowed ?? data?.shadowed ?? [];
  const impact = check.data?.impact ?? data?.impact;

  const run = () => {
    const r = rangeOf(preset);
    setRange(r);
    setDone(undefined);
    check.reset();
    const orderNum = order.trim() === "" ? undefined : Number(order);
    recommend.mutate(
      { namespace, workload, ...r, tier, ...(orderNum !== undefined && Number.isFinite(orderNum) ? { order: orderNum } : {}) },
      {
        onSuccess: (v) => {
          setForm(toPolicyForm(v.policy as EditablePolicyResource)); // the server recommends a NetworkPolicy
          remountForm();
          setTab("form");
        },
      },
    );
  };
  const write = (staged: boolean) => {
    if (form === undefined) return;
    const built = fromPolicyForm(staged ? { ...form, staged: true, stagedAction: "" } : { ...form, staged: false });
    if (!built.ok) {
      setErrors(built.error);
      return;
    }
    setErrors([]);
    const r = built.value;
    apply.mutate([r], {
      // The page says it inline, with links to the editor and the board (no toast: one message).
      onSuccess: () => setDone({ text: staged ? "Staged: it shows in flows as pending until you enforce it from the board." : "Enforced: the policy is active.", href: editorHref(r.kind, r.metadata.namespace, r.metadata.name) }),
    });
  };
  const recheck = () => {
    if (form === undefined || range === undefined) return;
    const built = fromPolicyForm({ ...form, staged: false });
    if (!built.ok) {
      setErrors(built.error);
      return;
    }
    setErrors([]);
    check.mutate({ namespace, workload, ...range, policy: built.value as unknown as Record<string, unknown> }); // a validated resource is a JSON object
  };
  return { clusterId, namespace, setNamespace, workload, setWorkload, preset, setPreset, tier, setTier, order, setOrder, form, setForm, tab, switchTab, yaml, yamlErrors, onYaml, formVersion, errors, done, namespaces, inNamespace, tiers, data, shadowed, impact, recommend, check, apply, run, write, recheck };
}

/** What useWorkloadWizard returns, for the presentational parts. */
export type WorkloadWizardState = ReturnType<typeof useWorkloadWizard>;
