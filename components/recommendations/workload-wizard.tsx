"use client";
import "@/components/policy-board/board.css";
import "@/components/recommendations/recommendations.css";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { EditablePolicyResource, PolicyForm } from "@/lib/board";
import { fromPolicyForm, toPolicyForm } from "@/lib/board";
import type { FieldError } from "@/lib/errors";
import { useBoard } from "@/lib/hooks/use-board";
import { useApplyResources } from "@/lib/hooks/use-policies";
import { useCheckRecommendation, useRecommendWorkload, useRecommendWorkloads } from "@/lib/hooks/use-recommendations";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { editorHref } from "@/components/policies/editor-href";
import { PolicyFormFields } from "@/components/policies/policy-form-fields";
import { EvidenceTable } from "@/components/recommendations/evidence-table";
import { ObservedImpact, ShadowHints } from "@/components/recommendations/observed-impact";
import type { RangePresetId } from "@/components/recommendations/time-presets";
import { RANGE_PRESETS, rangeOf } from "@/components/recommendations/time-presets";
import { useFormYamlTabs } from "@/components/policies/use-form-yaml-tabs";

type Tab = "form" | "yaml" | "evidence";

/**
 * The single-workload wizard: time range, namespace and workload → the proposed policy in the
 * editor's form and YAML, each rule's evidence, the impact on the same flows and shadowing hints;
 * adjust, then Stage or Enforce it in the chosen tier and order.
 */
export function WorkloadWizard() {
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
  const { tab, setTab, switchTab, yaml, yamlErrors, onYaml, formVersion, remountForm } = useFormYamlTabs<Exclude<Tab, "yaml">>("form", form, setForm);
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

  return (
    <>
      <PageHeader
        title="Recommend a policy"
        description={
          <>
            <Link href="/recommendations">← Recommendations</Link> · A policy for one workload from its observed allowed flows.
          </>
        }
        actions={
          form !== undefined ? (
            <div className="row">
              <button type="button" className="btn" onClick={() => write(true)} disabled={apply.isPending}>
                Stage
              </button>
              <button type="button" className="btn btn-primary" onClick={() => write(false)} disabled={apply.isPending}>
                Enforce
              </button>
            </div>
          ) : undefined
        }
      />
      <section className="card" aria-label="What to recommend for">
        <div className="card-body rec-controls">
          <label className="field">
            <span className="field-label">Time range</span>
            <select className="select" aria-label="Time range" value={preset} onChange={(e) => setPreset(e.target.value as RangePresetId)}>
              {RANGE_PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Namespace</span>
            <select className="select" aria-label="Namespace" value={namespace} onChange={(e) => setNamespace(e.target.value)}>
              {[...new Set([namespace, ...namespaces])].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Workload</span>
            <select className="select" aria-label="Workload" value={workload} onChange={(e) => setWorkload(e.target.value)}>
              <option value="">Choose…</option>
              {[...new Set([...(workload !== "" ? [workload] : []), ...inNamespace.map((w) => w.workload)])].map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Tier</span>
            <select className="select" aria-label="Policy tier" value={tier} onChange={(e) => setTier(e.target.value)}>
              {[...new Set(["default", ...tiers])].map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Order</span>
            <input className="input" aria-label="Policy order" inputMode="decimal" placeholder="end of tier" value={order} onChange={(e) => setOrder(e.target.value)} />
          </label>
          <button type="button" className="btn btn-primary" onClick={run} disabled={workload === "" || recommend.isPending}>
            {recommend.isPending ? "Recommending…" : "Recommend"}
          </button>
        </div>
      </section>
      <ProblemNotice error={recommend.error} title="Could not recommend" />
      <ProblemNotice error={apply.error} title="Not written" />
      <ProblemNotice error={check.error} title="Check failed" />
      {done !== undefined ? (
        <div className="notice notice-ok" role="status">
          {done.text} <Link href={done.href}>Open in the editor</Link> · <Link href="/board">Policy board</Link>
        </div>
      ) : null}
      {errors.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <div className="notice-title">Fix these fields</div>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                {e.path !== "" ? <code>{e.path}</code> : null} {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {data !== undefined && form !== undefined ? (
        <div className="rec-grid">
          <section className="card" aria-label="Proposed policy">
            <Tabs idPrefix="rec" label="Proposed policy" tabs={[{ id: "form", label: "Form" }, { id: "yaml", label: "YAML" }, { id: "evidence", label: "Evidence", count: data.evidence.length }]} selected={tab} onSelect={switchTab} />
            <div className="card-body" {...tabPanelProps("rec", tab)}>
              <div className="small muted">
                {data.flowsUsed} flow record{data.flowsUsed === 1 ? "" : "s"} used{data.flowsSkipped > 0 ? `, ${data.flowsSkipped} not expressible` : ""}.
              </div>
              {tab === "form" && form.mode === "calico" ? (
                <PolicyFormFields key={formVersion} form={form} tiers={tiers} namespaces={namespaces} isNew onChange={setForm} errorsFor={(p) => errors.filter((e) => e.path.startsWith(p)).map((e) => e.message)} />
              ) : null}
              {tab === "yaml" ? (
                <div className="stack">
                  <label htmlFor="rec-yaml" className="field-label">
                    YAML (kept in sync with the form)
                  </label>
                  <textarea id="rec-yaml" className="textarea editor-textarea rec-yaml" spellCheck={false} value={yaml} onChange={(e) => onYaml(e.target.value)} aria-invalid={yamlErrors.length > 0} />
                  {yamlErrors.length > 0 ? (
                    <ul className="field-error" role="alert">
                      {yamlErrors.map((e, i) => (
                        <li key={i}>
                          {e.path !== "" ? <code>{e.path}</code> : null} {e.message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              ) : null}
              {tab === "evidence" ? <EvidenceTable evidence={data.evidence} /> : null}
            </div>
          </section>
          <div className="stack">
            <section className="card" aria-labelledby="rec-impact-title">
              <div className="card-header row">
                <h2 id="rec-impact-title">Impact on the observed flows</h2>
                <span className="spacer" />
                <button type="button" className="btn btn-sm" onClick={recheck} disabled={check.isPending}>
                  Re-check with my edits
                </button>
              </div>
              <div className="card-body stack">
                {impact !== undefined ? <ObservedImpact impact={impact} /> : null}
                <ShadowHints shadowed={shadowed} />
              </div>
            </section>
          </div>
        </div>
      ) : null}
    </>
  );
}
