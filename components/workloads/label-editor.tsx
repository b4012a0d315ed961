"use client";
import { useState } from "react";
import { diffLabels } from "@/lib/cluster/labels";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { usePatchLabels } from "@/lib/hooks/use-labels";
import type { KeyValueRow } from "@/components/ui/label-rows-editor";
import { LabelRowsEditor } from "@/components/ui/label-rows-editor";
import { ProblemNotice } from "@/components/ui/problem-notice";
import type { LabelTarget } from "@/components/workloads/workload-tables";

/** Labels the API server keeps on its own; shown, never edited. */
const FIXED: readonly string[] = ["kubernetes.io/metadata.name"];

/**
 * Add, change and remove the labels of one pod or namespace. Saves only what changed (a patch
 * of the labels, at the version the user opened): a concurrent change answers 409 and nothing
 * is written. A pod gets a one-click "Quarantine" (quarantine=true, as the quarantine policy of
 * the PCI workshop selects).
 */
export function LabelEditor(props: { readonly cluster: string; readonly target: LabelTarget; readonly onDone: (saved: boolean) => void }) {
  const { target } = props;
  const [rows, setRows] = useState<readonly KeyValueRow[]>(Object.entries(target.labels).filter(([k]) => !FIXED.includes(k)).map(([key, value]) => ({ key, value })));
  const [localError, setLocalError] = useState<string | undefined>(undefined);
  const patch = usePatchLabels(props.cluster);
  const title = `${target.kind === "Pod" ? "Pod" : "Namespace"} ${target.namespace !== undefined ? `${target.namespace}/` : ""}${target.name}`;

  const save = (next: readonly KeyValueRow[]) => {
    const after: Record<string, string> = {};
    for (const r of next) {
      const k = r.key.trim();
      if (k === "" && r.value.trim() === "") continue;
      if (k === "") return setLocalError("a label needs a key");
      if (k in after) return setLocalError(`duplicate label key "${k}"`);
      after[k] = r.value.trim();
    }
    for (const k of FIXED) if (target.labels[k] !== undefined) after[k] = target.labels[k];
    const change = diffLabels(target.labels, after);
    if (Object.keys(change.set).length === 0 && change.remove.length === 0) return props.onDone(false);
    setLocalError(undefined);
    patch.mutate(
      { kind: target.kind, name: target.name, ...(target.namespace !== undefined ? { namespace: target.namespace } : {}), set: change.set, remove: [...change.remove], resourceVersion: target.resourceVersion },
      { onSuccess: () => props.onDone(true) },
    );
  };
  const conflict = isApiProblem(patch.error) && patch.error.status === 409;
  return (
    <section className="card" aria-labelledby="label-editor-title">
      <div className="card-header">
        <h2 id="label-editor-title">Labels of {title}</h2>
      </div>
      <div className="card-body stack">
        <p className="cell-muted small">Only the labels change; everything else of the {target.kind === "Pod" ? "pod (its IP, status, containers)" : "namespace"} stays as it is. Policies that select these labels apply at once.</p>
        <LabelRowsEditor legend="Labels" idPrefix="wl-labels" rows={rows} onChange={setRows} />
        {localError !== undefined ? (
          <div className="field-error" role="alert">
            {localError}
          </div>
        ) : null}
        {patch.error !== null ? <ProblemNotice error={patch.error} title={conflict ? "It changed since the list was loaded: nothing was written. Cancel and open it again." : undefined} /> : null}
        <div className="row">
          <button type="button" className="btn btn-primary" disabled={patch.isPending} onClick={() => save(rows)}>
            {patch.isPending ? "Saving…" : "Save labels"}
          </button>
          {target.kind === "Pod" && target.labels["quarantine"] !== "true" ? (
            <button type="button" className="btn btn-danger" disabled={patch.isPending} onClick={() => save([...rows.filter((r) => r.key.trim() !== "quarantine"), { key: "quarantine", value: "true" }])}>
              Quarantine (quarantine=true)
            </button>
          ) : null}
          <button type="button" className="btn" onClick={() => props.onDone(false)}>
            Cancel
          </button>
        </div>
      </div>
    </section>
  );
}
