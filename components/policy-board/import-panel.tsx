"use client";
import { useState } from "react";
import { useApply } from "@/lib/hooks/use-apply";
import { ApplyOutcome } from "@/components/apply/apply-outcome";
import { isApiProblem } from "@/lib/hooks/fetcher";

/**
 * Import YAML on the board: multi-document, validated by a dry run, applied all or nothing
 * through the apply route (the text applied is exactly the text checked).
 */
export function ImportPanel({ cluster, onClose }: { readonly cluster: string; readonly onClose: () => void }) {
  const apply = useApply(cluster);
  const [text, setText] = useState("");
  const [checked, setChecked] = useState<string | undefined>(undefined);
  const [done, setDone] = useState(false);
  const run = (dryRun: boolean) =>
    apply.mutate(
      { text, dryRun },
      {
        onSuccess: () => {
          setChecked(dryRun ? text : undefined);
          setDone(!dryRun);
        },
        onError: () => setChecked(undefined),
      },
    );
  return (
    <section className="card" aria-labelledby="import-title">
      <div className="card-header">
        <h2 id="import-title">Import YAML</h2>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="card-body stack">
        <label htmlFor="board-import-text" className="field-label">
          Tiers and policies (several documents separated by ---)
        </label>
        <textarea
          id="board-import-text"
          className="textarea editor-textarea pb-import-text"
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setDone(false);
            apply.reset();
          }}
        />
        <div className="row">
          <button type="button" className="btn" disabled={text.trim() === "" || apply.isPending} onClick={() => run(true)}>
            Validate
          </button>
          <button type="button" className="btn btn-primary" disabled={checked !== text || text.trim() === "" || apply.isPending} onClick={() => run(false)}>
            Import
          </button>
          {done ? <span className="badge badge-ok">Imported</span> : <span className="small muted">Validate first: all documents are applied, or none.</span>}
        </div>
        <ApplyOutcome result={apply.data} error={apply.error} conflict={isApiProblem(apply.error) && apply.error.status === 409} />
      </div>
    </section>
  );
}
