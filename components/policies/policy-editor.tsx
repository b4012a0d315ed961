"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { PolicyForm, PolicyResource } from "@/lib/board";
import { copyMetadata, diffObjects, fromPolicyForm, isPolicyResource, toEnforced, toPolicyForm } from "@/lib/board";
import type { StagedPolicy } from "@/lib/board";
import type { CalicoResource } from "@/lib/calico/types";
import { parseResources, toYaml } from "@/lib/calico";
import type { BoardSnapshot } from "@/lib/contracts/board";
import type { FieldError } from "@/lib/errors";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useEnforce } from "@/lib/hooks/use-board";
import { useApplyResources, useDeleteResource, useImpact, useSaveResource, useSelects } from "@/lib/hooks/use-policies";
import { policyKeyOf } from "@/lib/policy";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { downloadText } from "@/components/policy-board/download";
import { DiffView } from "@/components/policies/diff-view";
import { editorHref } from "@/components/policies/editor-href";
import { errorsAt, problemFieldErrors } from "@/components/policies/editor-errors";
import { HistoryPanel } from "@/components/policies/history-panel";
import { ImpactPanel, ImpactProgress } from "@/components/policies/impact-panel";
import { PolicyFormFields } from "@/components/policies/policy-form-fields";
import { useDebounced } from "@/components/policies/use-debounced";
import { WhatIfPanel } from "@/components/policies/what-if-panel";
import { useFormYamlTabs } from "@/components/policies/use-form-yaml-tabs";

type Tab = "form" | "yaml" | "history";
type ImpactOf = "save" | "stage" | "enforce";

function asModel(current: unknown): CalicoResource | undefined {
  if (current === undefined || current === null) return undefined;
  const doc = parseResources(JSON.stringify(current)).documents[0];
  return doc?.resource;
}

/**
 * The policy editor: a form and a YAML tab kept in sync through the validated resource, live
 * selection preview, impact preview before saving / staging / enforcing, a what-if probe with the
 * draft, History, and Save / Stage / Enforce / Delete. A save refused with 409 keeps the user's
 * edit and shows it next to the current version.
 */
export function PolicyEditor(props: { readonly cluster: string; readonly snapshot: BoardSnapshot; readonly initial: PolicyForm; readonly original?: PolicyResource }) {
  const { cluster, snapshot, original } = props;
  const router = useRouter();
  const [form, setForm] = useState<PolicyForm>(props.initial);
  // `edit` is declared below; the arrow reads it when called, after render.
  const { tab, switchTab, yaml, yamlErrors, onYaml, formVersion, remountForm } = useFormYamlTabs<Exclude<Tab, "yaml">>("form", form, (f) => edit(f));
  const [shownErrors, setShownErrors] = useState<readonly FieldError[]>([]);
  const [conflict, setConflict] = useState<{ readonly current?: CalicoResource; readonly mine: CalicoResource } | undefined>(undefined);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [impactOf, setImpactOf] = useState<ImpactOf | undefined>(undefined);
  const [impactWindow, setImpactWindow] = useState(15);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const save = useSaveResource(cluster);
  const stage = useApplyResources(cluster);
  const enforce = useEnforce(cluster);
  const del = useDeleteResource(cluster);
  const impact = useImpact(cluster);
  const isNew = original === undefined;
  const isStaged = original !== undefined && original.kind.startsWith("Staged");

  const built = useMemo(() => fromPolicyForm(form), [form]);
  const preview = useDebounced(useMemo(() => {
    const r = fromPolicyForm({ ...form, name: form.name.trim() === "" ? "draft-preview" : form.name });
    return r.ok ? r.value : undefined;
  }, [form]), 300);
  const selects = useSelects(cluster, preview);

  const tiers = snapshot.resources.filter((r) => r.kind === "Tier").map((r) => r.metadata.name);
  const serverErrors = [...problemFieldErrors(save.error), ...problemFieldErrors(stage.error)];
  const allErrors = [...shownErrors, ...serverErrors];
  const errorsFor = (path: string) => errorsAt(allErrors, path);

  const edit = (f: PolicyForm) => {
    setForm(f);
    setSaved(undefined);
  };

  const stagedResource = (): CalicoResource | undefined => {
    const r = fromPolicyForm({ ...form, staged: true, stagedAction: form.staged ? form.stagedAction : "" });
    if (!r.ok) {
      setShownErrors(r.error);
      return undefined;
    }
    const stagedKey = isPolicyResource(r.value) ? policyKeyOf(r.value) : "";
    const existing = snapshot.resources.find((x) => isPolicyResource(x) && policyKeyOf(x) === stagedKey);
    const rv = existing?.metadata.resourceVersion;
    return { ...r.value, metadata: { ...copyMetadata(r.value.metadata), ...(rv !== undefined ? { resourceVersion: rv } : {}) } } as CalicoResource; // same kind; metadata only
  };

  const onConflict = (e: unknown, mine: CalicoResource) => {
    if (isApiProblem(e) && e.status === 409) {
      const current = asModel(e.problem.current);
      setConflict({ mine, ...(current !== undefined ? { current } : {}) });
    }
  };

  const doSave = () => {
    setConflict(undefined);
    if (!built.ok) {
      setShownErrors(built.error);
      return;
    }
    setShownErrors([]);
    const mine = built.value;
    save.mutate(mine, {
      onSuccess: (stored) => {
        // Later saves from this form are conditioned on the version just written.
        const rv = stored.metadata.resourceVersion;
        setForm((f) => ({ ...f, metadata: { ...f.metadata, ...(rv !== undefined ? { resourceVersion: rv } : {}) } }));
        setSaved("Saved.");
        if (isNew && isPolicyResource(mine)) router.push(editorHref(mine.kind, mine.metadata.namespace, mine.metadata.name));
      },
      onError: (e) => onConflict(e, mine),
    });
  };
  const doStage = () => {
    setConflict(undefined);
    const r = stagedResource();
    if (r === undefined) return;
    setShownErrors([]);
    stage.mutate([r], {
      onSuccess: () => {
        setSaved("Staged: the staged copy changes no traffic until it is enforced.");
        router.push(editorHref(r.kind, r.metadata.namespace, r.metadata.name));
      },
      onError: (e) => onConflict(e, r),
    });
  };
  const doEnforce = () => {
    if (original === undefined) return;
    enforce.mutate(
      { key: policyKeyOf(original), resourceVersion: original.metadata.resourceVersion ?? "" },
      { onSuccess: () => router.push(editorHref(original.kind.replace(/^Staged/, ""), original.metadata.namespace, original.metadata.name)) },
    );
  };
  const exportYaml = () => {
    // The draft when it is valid (what the user sees), else the stored policy.
    const r = built.ok ? built.value : original;
    if (r === undefined) {
      if (!built.ok) setShownErrors(built.error);
      return;
    }
    downloadText(`${r.metadata.namespace !== undefined ? `${r.metadata.namespace}-` : ""}${r.metadata.name}.yaml`, toYaml([{ ...r, metadata: copyMetadata(r.metadata) } as CalicoResource])); // same resource, server metadata dropped
  };
  const runImpact = (what: ImpactOf, windowMinutes = impactWindow) => {
    setImpactOf(what);
    if (what === "enforce" && original !== undefined) {
      const staged = built.ok ? built.value : original;
      const upserts = (staged.kind.startsWith("Staged") && (staged.spec as { stagedAction?: string }).stagedAction !== "Delete" ? [toEnforced(staged as StagedPolicy)] : []) as CalicoResource[];
      const deletes = [policyKeyOf(original), ...((staged.spec as { stagedAction?: string }).stagedAction === "Delete" ? [policyKeyOf(original).replace(/^Staged/, "")] : [])];
      impact.mutate({ upserts: upserts as unknown as Record<string, unknown>[], deletes, windowMinutes });
      return;
    }
    const r = what === "stage" ? stagedResource() : built.ok ? built.value : undefined;
    if (r === undefined) {
      if (!built.ok) setShownErrors(built.error);
      return;
    }
    impact.mutate({ upserts: [r as unknown as Record<string, unknown>], deletes: [], windowMinutes });
  };

  const title = isNew ? "New policy" : (original?.metadata.name ?? "");
  const tabs = [{ id: "form" as const, label: "Form" }, { id: "yaml" as const, label: "YAML" }, ...(isNew ? [] : [{ id: "history" as const, label: "History" }])];
  return (
    <>
      <PageHeader
        title={title}
        description={
          <>
            <Link href="/board">← Policy board</Link>
            {original !== undefined ? ` · ${original.kind}${original.metadata.namespace !== undefined ? ` in ${original.metadata.namespace}` : " (global)"}` : ""}
          </>
        }
        actions={
          <div className="pe-actions">
            <button type="button" className="btn btn-primary" onClick={doSave} disabled={save.isPending}>
              {isStaged ? "Save staged" : "Save"}
            </button>
            {!isStaged && form.mode === "calico" ? (
              <button type="button" className="btn" onClick={doStage} disabled={stage.isPending}>
                Stage
              </button>
            ) : null}
            {isStaged ? (
              <button type="button" className="btn" onClick={doEnforce} disabled={enforce.isPending}>
                Enforce
              </button>
            ) : null}
            <button type="button" className="btn btn-ghost" onClick={() => runImpact(isStaged ? "enforce" : "save")}>
              Preview impact
            </button>
            {!isStaged ? (
              <button type="button" className="btn btn-ghost" onClick={() => runImpact("stage")}>
                Preview staging
              </button>
            ) : null}
            <button type="button" className="btn btn-ghost" onClick={exportYaml}>
              Export YAML
            </button>
            {!isNew ? (
              <button type="button" className="btn btn-danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
            ) : null}
          </div>
        }
      />
      {saved !== undefined ? <div className="notice notice-ok">{saved}</div> : null}
      {conflict !== undefined ? (
        <section className="notice notice-error stack" role="alert" aria-label="Conflict">
          <div className="notice-title">Not saved: someone else changed this policy since you opened it.</div>
          <div>Your edit is still in the form. Compare, then keep yours (saves over theirs on the next Save) or take theirs.</div>
          {conflict.current !== undefined ? <DiffView rows={diffObjects(conflict.current, conflict.mine)} leftTitle="Current (theirs)" rightTitle="Yours" /> : null}
          <div className="row">
            <button
              type="button"
              className="btn"
              onClick={() => {
                const rv = conflict.current?.metadata.resourceVersion;
                if (rv !== undefined) edit({ ...form, metadata: { ...form.metadata, resourceVersion: rv } });
                setConflict(undefined);
              }}
            >
              Keep mine
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                if (conflict.current !== undefined && isPolicyResource(conflict.current) && conflict.current.kind !== "ClusterNetworkPolicy") {
                  edit(toPolicyForm(conflict.current));
                  remountForm();
                }
                setConflict(undefined);
              }}
            >
              Take theirs
            </button>
          </div>
        </section>
      ) : null}
      {save.error !== null && conflict === undefined && problemFieldErrors(save.error).length === 0 ? <ProblemNotice error={save.error} title="Save failed" /> : null}
      {stage.error !== null && conflict === undefined && problemFieldErrors(stage.error).length === 0 ? <ProblemNotice error={stage.error} title="Stage failed" /> : null}
      <ProblemNotice error={enforce.error} title="Enforce failed" />
      <ProblemNotice error={del.error} title="Delete failed" />
      {allErrors.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="field-errors">
          <div className="notice-title">Fix these fields</div>
          <ul>
            {allErrors.map((e, i) => (
              <li key={i}>
                {e.path !== "" ? <code>{e.path}</code> : null} {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="pe-grid">
        <section className="card">
          <Tabs idPrefix="editor" label="Editor" tabs={tabs} selected={tab} onSelect={switchTab} />
          <div className="card-body" {...tabPanelProps("editor", tab)}>
            {tab === "form" ? (
              form.mode === "calico" ? (
                <PolicyFormFields key={formVersion} form={form} tiers={tiers} namespaces={snapshot.namespaces} isNew={isNew} onChange={edit} errorsFor={errorsFor} />
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
            {tab === "history" && original !== undefined ? (
              <HistoryPanel cluster={cluster} kind={original.kind} name={original.metadata.name} currentResourceVersion={original.metadata.resourceVersion ?? ""} {...(original.metadata.namespace !== undefined ? { namespace: original.metadata.namespace } : {})} />
            ) : null}
          </div>
        </section>
        <div className="stack">
          <section className="card" aria-labelledby="selects-title">
            <div className="card-header">
              <h2 id="selects-title" data-testid="selects-count">
                {selects.data === undefined ? "Selects … endpoints" : `Matches ${selects.data.endpoints.length} endpoint${selects.data.endpoints.length === 1 ? "" : "s"}`}
              </h2>
            </div>
            <div className="card-body">
              <ProblemNotice error={selects.error} />
              <ul className="small mono">
                {(selects.data?.endpoints ?? []).slice(0, 50).map((e) => (
                  <li key={`${e.namespace ?? ""}/${e.name}`}>{e.namespace !== undefined ? `${e.namespace}/${e.name}` : e.name}</li>
                ))}
              </ul>
            </div>
          </section>
          {impactOf !== undefined ? (
            <section className="card" aria-labelledby="impact-title">
              <div className="card-header">
                <h2 id="impact-title">Impact of {impactOf === "stage" ? "staging (pending view)" : impactOf === "enforce" ? "enforcing" : "saving"}</h2>
                <label className="small">
                  Flows of the last{" "}
                  <select
                    className="select"
                    aria-label="Impact window"
                    value={impactWindow}
                    onChange={(e) => {
                      const m = Number(e.target.value);
                      setImpactWindow(m);
                      runImpact(impactOf, m);
                    }}
                  >
                    <option value={15}>15 min</option>
                    <option value={60}>1 hour</option>
                    <option value={1440}>24 hours</option>
                  </select>
                </label>
              </div>
              <div className="card-body">
                {impact.isPending ? <ImpactProgress windowMinutes={impactWindow} /> : null}
                <ProblemNotice error={impact.error} />
                {impact.data !== undefined ? <ImpactPanel impact={impact.data} mode={impactOf === "stage" ? "pending" : "enforced"} /> : null}
              </div>
            </section>
          ) : null}
          <WhatIfPanel cluster={cluster} snapshot={snapshot} {...(built.ok ? { draft: { upserts: [built.value], deletes: [] } } : {})} />
        </div>
      </div>
      {confirmDelete ? (
      <ConfirmDialog
        open={confirmDelete}
        title="Delete policy"
        danger
        confirmLabel="Delete"
        busy={del.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          if (original === undefined) return;
          del.mutate(
            { kind: original.kind, name: original.metadata.name, ...(original.metadata.namespace !== undefined ? { namespace: original.metadata.namespace } : {}), ...(original.metadata.resourceVersion !== undefined ? { resourceVersion: original.metadata.resourceVersion } : {}) },
            { onSuccess: () => router.push("/board") },
          );
        }}
      >
        <p>Delete {original?.metadata.name}? This changes traffic immediately for an enforced policy.</p>
      </ConfirmDialog>
      ) : null}
    </>
  );
}
