"use client";
import Link from "next/link";
import type { PolicyForm, PolicyResource } from "@/lib/board";
import { diffObjects } from "@/lib/board";
import type { BoardSnapshot } from "@/lib/contracts/board";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { DiffView } from "@/components/policies/diff-view";
import { problemFieldErrors } from "@/components/policies/editor-errors";
import { ImpactCard, SelectsCard } from "@/components/policies/editor-side-cards";
import { HistoryPanel } from "@/components/policies/history-panel";
import { LabelSuggestionsProvider } from "@/components/policies/label-suggestions";
import { PolicyFormFields } from "@/components/policies/policy-form-fields";
import type { PolicyEditorState } from "@/components/policies/use-policy-editor";
import { usePolicyEditor } from "@/components/policies/use-policy-editor";
import { WhatIfPanel } from "@/components/policies/what-if-panel";
import { FieldErrorItems } from "@/components/ui/field-error-list";

function EditorActions({ s }: { readonly s: PolicyEditorState }) {
  return (
    <div className="pe-actions">
      <button type="button" className="btn btn-primary" onClick={s.doSave} disabled={s.save.isPending}>
        {s.isStaged ? "Save staged" : "Save"}
      </button>
      {!s.isStaged && s.form.mode === "calico" ? (
        <button type="button" className="btn" onClick={s.doStage} disabled={s.stage.isPending}>
          Stage
        </button>
      ) : null}
      {s.isStaged ? (
        <button type="button" className="btn" onClick={s.doEnforce} disabled={s.enforce.isPending}>
          Enforce
        </button>
      ) : null}
      <button type="button" className="btn btn-ghost" onClick={() => s.runImpact(s.isStaged ? "enforce" : "save")}>
        Preview impact
      </button>
      {!s.isStaged ? (
        <button type="button" className="btn btn-ghost" onClick={() => s.runImpact("stage")}>
          Preview staging
        </button>
      ) : null}
      <button type="button" className="btn btn-ghost" onClick={s.exportYaml}>
        Export YAML
      </button>
      {!s.isNew ? (
        <button type="button" className="btn btn-danger" onClick={() => s.setConfirmDelete(true)}>
          Delete
        </button>
      ) : null}
    </div>
  );
}

function ConflictNotice({ s }: { readonly s: PolicyEditorState }) {
  const { conflict } = s;
  if (conflict === undefined) return null;
  return (
    <section className="notice notice-error stack" role="alert" aria-label="Conflict">
      <div className="notice-title">Not saved: someone else changed this policy since you opened it.</div>
      <div>Your edit is still in the form. Compare, then keep yours (saves over theirs on the next Save) or take theirs.</div>
      {conflict.current !== undefined ? <DiffView rows={diffObjects(conflict.current, conflict.mine)} leftTitle="Current (theirs)" rightTitle="Yours" /> : null}
      <div className="row">
        <button type="button" className="btn" onClick={s.keepMine}>
          Keep mine
        </button>
        <button type="button" className="btn" onClick={s.takeTheirs}>
          Take theirs
        </button>
      </div>
    </section>
  );
}

function EditorNotices({ s }: { readonly s: PolicyEditorState }) {
  const quiet = (e: Error | null) => e !== null && s.conflict === undefined && problemFieldErrors(e).length === 0;
  return (
    <>
      {s.saved !== undefined ? (
        <div className="notice notice-ok" role="status">
          {s.saved} <Link href="/board">Policy board</Link>
        </div>
      ) : null}
      <ConflictNotice s={s} />
      {quiet(s.save.error) ? <ProblemNotice error={s.save.error} title="Save failed" /> : null}
      {quiet(s.stage.error) ? <ProblemNotice error={s.stage.error} title="Stage failed" /> : null}
      <ProblemNotice error={s.enforce.error} title="Enforce failed" />
      <ProblemNotice error={s.del.error} title="Delete failed" />
      {s.allErrors.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="field-errors">
          <div className="notice-title">Fix these fields</div>
          <FieldErrorItems errors={s.allErrors} />
        </div>
      ) : null}
    </>
  );
}

function EditorTabs({ s, cluster, snapshot, original }: { readonly s: PolicyEditorState; readonly cluster: string; readonly snapshot: BoardSnapshot; readonly original: PolicyResource | undefined }) {
  const { tab, switchTab, yaml, yamlErrors, onYaml, formVersion } = s.tabs;
  const tabs = [{ id: "form" as const, label: "Form" }, { id: "yaml" as const, label: "YAML" }, ...(s.isNew ? [] : [{ id: "history" as const, label: "History" }])];
  return (
    <section className="card pe-main">
      <Tabs idPrefix="editor" label="Editor" tabs={tabs} selected={tab} onSelect={switchTab} />
      <div className="card-body" {...tabPanelProps("editor", tab)}>
        {tab === "form" ? (
          s.form.mode === "calico" ? (
            <PolicyFormFields key={formVersion} form={s.form} tiers={s.tiers} namespaces={snapshot.namespaces} isNew={s.isNew} onChange={s.edit} errorsFor={s.errorsFor} />
          ) : (
            <div className="notice notice-info">Kubernetes NetworkPolicies are edited in the YAML tab (their podSelector and rules follow the Kubernetes API).</div>
          )
        ) : null}
        {tab === "yaml" ? (
          <div className="stack">
            <label htmlFor="policy-yaml" className="field-label">
              YAML (one policy; kept in sync with the form)
            </label>
            <textarea id="policy-yaml" className="textarea editor-textarea pe-yaml" spellCheck={false} value={yaml} onChange={(e) => onYaml(e.target.value)} aria-invalid={yamlErrors.length > 0} />
            {yamlErrors.length > 0 ? (
              <div className="field-error" role="alert">
                <FieldErrorItems errors={yamlErrors} />
              </div>
            ) : null}
          </div>
        ) : null}
        {tab === "history" && original !== undefined ? (
          <HistoryPanel cluster={cluster} kind={original.kind} name={original.metadata.name} currentResourceVersion={original.metadata.resourceVersion ?? ""} {...(original.metadata.namespace !== undefined ? { namespace: original.metadata.namespace } : {})} />
        ) : null}
      </div>
    </section>
  );
}

/**
 * The policy editor: a form and a YAML tab kept in sync through the validated resource, live
 * selection preview, impact preview before saving / staging / enforcing, a what-if probe with the
 * draft, History, and Save / Stage / Enforce / Delete. A save refused with 409 keeps the user's
 * edit and shows it next to the current version. State and effects live in usePolicyEditor.
 */
export function PolicyEditor(props: { readonly cluster: string; readonly snapshot: BoardSnapshot; readonly initial: PolicyForm; readonly original?: PolicyResource }) {
  const { cluster, snapshot, original } = props;
  const s = usePolicyEditor(props);
  const title = s.isNew ? "New policy" : (original?.metadata.name ?? "");
  return (
    <LabelSuggestionsProvider cluster={cluster} workloads={snapshot.workloads} namespaces={snapshot.namespaces}>
      <PageHeader
        title={title}
        description={
          <>
            <Link href="/board">← Policy board</Link>
            {original !== undefined ? ` · ${original.kind}${original.metadata.namespace !== undefined ? ` in ${original.metadata.namespace}` : " (global)"}` : ""}
          </>
        }
        actions={<EditorActions s={s} />}
      />
      <EditorNotices s={s} />
      <div className="pe-grid">
        <EditorTabs s={s} cluster={cluster} snapshot={snapshot} original={original} />
        <div className="stack pe-side">
          <SelectsCard state={s} />
          <ImpactCard state={s} />
          <WhatIfPanel cluster={cluster} snapshot={snapshot} {...(s.built.ok ? { draft: { upserts: [s.built.value], deletes: [] } } : {})} />
        </div>
      </div>
      {s.confirmDelete ? (
        <ConfirmDialog open title="Delete policy" danger confirmLabel="Delete" busy={s.del.isPending} onCancel={() => s.setConfirmDelete(false)} onConfirm={s.doDelete}>
          <p>Delete {original?.metadata.name}? This changes traffic immediately for an enforced policy.</p>
        </ConfirmDialog>
      ) : null}
    </LabelSuggestionsProvider>
  );
}
