"use client";
import "@/components/policy-board/board.css";
import "@/components/recommendations/recommendations.css";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { FieldErrorItems, FieldErrorList } from "@/components/ui/field-error-list";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { LabelSuggestionsProvider } from "@/components/policies/label-suggestions";
import { PolicyFormFields } from "@/components/policies/policy-form-fields";
import { EvidenceTable } from "@/components/recommendations/evidence-table";
import { ObservedImpact, ShadowHints } from "@/components/recommendations/observed-impact";
import type { RangePresetId } from "@/components/recommendations/time-presets";
import { RANGE_PRESETS } from "@/components/recommendations/time-presets";
import type { WorkloadWizardState } from "@/components/recommendations/use-workload-wizard";
import { useWorkloadWizard } from "@/components/recommendations/use-workload-wizard";
import { useBoard } from "@/lib/hooks/use-board";

/**
 * The single-workload wizard: time range, namespace and workload → the proposed policy in the
 * editor's form and YAML, each rule's evidence, the impact on the same flows and shadowing hints;
 * adjust, then Stage or Enforce it in the chosen tier and order. State lives in useWorkloadWizard.
 */
export function WorkloadWizard() {
  const w = useWorkloadWizard();
  const snapshot = useBoard(w.clusterId).data;
  return (
    <LabelSuggestionsProvider cluster={w.clusterId} workloads={snapshot?.workloads ?? []} namespaces={snapshot?.namespaces ?? []}>
      <PageHeader
        title="Recommend a policy"
        description={
          <>
            <Link href="/recommendations">← Recommendations</Link> · A policy for one workload from its observed allowed flows.
          </>
        }
        actions={
          w.form !== undefined ? (
            <div className="row">
              <button type="button" className="btn" onClick={() => w.write(true)} disabled={w.apply.isPending}>
                Stage
              </button>
              <button type="button" className="btn btn-primary" onClick={() => w.write(false)} disabled={w.apply.isPending}>
                Enforce
              </button>
            </div>
          ) : undefined
        }
      />
      <WizardControls w={w} />
      <ProblemNotice error={w.recommend.error} title="Could not recommend" />
      <ProblemNotice error={w.apply.error} title="Not written" />
      <ProblemNotice error={w.check.error} title="Check failed" />
      {w.done !== undefined ? (
        <div className="notice notice-ok" role="status">
          {w.done.text} <Link href={w.done.href}>Open in the editor</Link> · <Link href="/board">Policy board</Link>
        </div>
      ) : null}
      <FieldErrorList errors={w.errors} title="Fix these fields" />
      {w.data !== undefined && w.form !== undefined ? <Proposal w={w} data={w.data} form={w.form} /> : null}
    </LabelSuggestionsProvider>
  );
}

/** What to recommend for: time range, namespace, workload, and the tier and order to write to. */
function WizardControls({ w }: { readonly w: WorkloadWizardState }) {
  return (
    <section className="card" aria-label="What to recommend for">
      <div className="card-body rec-controls">
        <label className="field">
          <span className="field-label">Time range</span>
          <select className="select" aria-label="Time range" value={w.preset} onChange={(e) => w.setPreset(e.target.value as RangePresetId)}>
            {RANGE_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Namespace</span>
          <select className="select" aria-label="Namespace" value={w.namespace} onChange={(e) => w.setNamespace(e.target.value)}>
            {[...new Set([w.namespace, ...w.namespaces])].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Workload</span>
          <select className="select" aria-label="Workload" value={w.workload} onChange={(e) => w.setWorkload(e.target.value)}>
            <option value="">Choose…</option>
            {[...new Set([...(w.workload !== "" ? [w.workload] : []), ...w.inNamespace.map((x) => x.workload)])].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Tier</span>
          <select className="select" aria-label="Policy tier" value={w.tier} onChange={(e) => w.setTier(e.target.value)}>
            {[...new Set(["default", ...w.tiers])].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Order</span>
          <input className="input" aria-label="Policy order" inputMode="decimal" placeholder="end of tier" value={w.order} onChange={(e) => w.setOrder(e.target.value)} />
        </label>
        <button type="button" className="btn btn-primary" onClick={w.run} disabled={w.workload === "" || w.recommend.isPending}>
          {w.recommend.isPending ? "Recommending…" : "Recommend"}
        </button>
      </div>
    </section>
  );
}

/** The proposed policy (form, YAML, evidence) beside its impact on the observed flows. */
function Proposal({ w, data, form }: { readonly w: WorkloadWizardState; readonly data: NonNullable<WorkloadWizardState["data"]>; readonly form: NonNullable<WorkloadWizardState["form"]> }) {
  return (
    <div className="rec-grid">
      <section className="card" aria-label="Proposed policy">
        <Tabs idPrefix="rec" label="Proposed policy" tabs={[{ id: "form", label: "Form" }, { id: "yaml", label: "YAML" }, { id: "evidence", label: "Evidence", count: data.evidence.length }]} selected={w.tab} onSelect={w.switchTab} />
        <div className="card-body" {...tabPanelProps("rec", w.tab)}>
          <div className="small muted">
            {data.flowsUsed} flow record{data.flowsUsed === 1 ? "" : "s"} used{data.flowsSkipped > 0 ? `, ${data.flowsSkipped} not expressible` : ""}.
          </div>
          {w.tab === "form" && form.mode === "calico" ? (
            <PolicyFormFields key={w.formVersion} form={form} tiers={w.tiers} namespaces={w.namespaces} isNew onChange={w.setForm} errorsFor={(p) => w.errors.filter((e) => e.path.startsWith(p)).map((e) => e.message)} />
          ) : null}
          {w.tab === "yaml" ? (
            <div className="stack">
              <label htmlFor="rec-yaml" className="field-label">
                YAML (kept in sync with the form)
              </label>
              <textarea id="rec-yaml" className="textarea editor-textarea rec-yaml" spellCheck={false} value={w.yaml} onChange={(e) => w.onYaml(e.target.value)} aria-invalid={w.yamlErrors.length > 0} />
              {w.yamlErrors.length > 0 ? (
                <FieldErrorItems className="field-error" role="alert" errors={w.yamlErrors} />
              ) : null}
            </div>
          ) : null}
          {w.tab === "evidence" ? <EvidenceTable evidence={data.evidence} /> : null}
        </div>
      </section>
      <div className="stack">
        <section className="card" aria-labelledby="rec-impact-title">
          <div className="card-header row">
            <h2 id="rec-impact-title">Impact on the observed flows</h2>
            <span className="spacer" />
            <button type="button" className="btn btn-sm" onClick={w.recheck} disabled={w.check.isPending}>
              Re-check with my edits
            </button>
          </div>
          <div className="card-body stack">
            {w.impact !== undefined ? <ObservedImpact impact={w.impact} /> : null}
            <ShadowHints shadowed={w.shadowed} />
          </div>
        </section>
      </div>
    </div>
  );
}
