"use client";
import { useState } from "react";
import { diffFields, diffObjects, formatFieldChange } from "@/lib/board";
import type { AuditEvent } from "@/lib/cluster/audit";
import { useHistory, useRestoreRevision } from "@/lib/hooks/use-policies";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { DiffView } from "@/components/policies/diff-view";

/**
 * The change log of one policy or tier: who changed what and when, a field summary and a
 * side-by-side diff of each revision, and "restore this revision" (a new audited update made
 * against the object's current resourceVersion; 409 when it changed since).
 */
export function HistoryPanel(props: { readonly cluster: string; readonly kind: string; readonly namespace?: string; readonly name: string; readonly currentResourceVersion: string }) {
  const history = useHistory(props.cluster, props.kind, props.namespace, props.name);
  const restore = useRestoreRevision(props.cluster);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [restoring, setRestoring] = useState<AuditEvent | undefined>(undefined);
  return (
    <div className="stack" data-testid="history">
      <ProblemNotice error={history.error} />
      <ProblemNotice error={restore.error} title="Restore failed" />
      {restore.isSuccess ? <div className="notice notice-ok">Revision restored as a new change.</div> : null}
      {history.data?.items.length === 0 ? <div className="empty">No recorded changes.</div> : null}
      {history.data?.items.map((e) => {
        const fields = diffFields(e.before, e.after);
        return (
          <div key={e.resourceVersion} className="pe-event" data-testid="history-event">
            <div className="row">
              <span className={e.type === "DELETED" ? "badge badge-danger" : e.type === "ADDED" ? "badge badge-ok" : "badge"}>{e.type}</span>
              <strong>{e.actor}</strong>
              <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
              <span className="small muted">revision {e.resourceVersion}</span>
              <span className="pb-spacer" />
              <button type="button" className="btn btn-sm" aria-expanded={open === e.resourceVersion} onClick={() => setOpen(open === e.resourceVersion ? undefined : e.resourceVersion)}>
                {open === e.resourceVersion ? "Hide diff" : "Show diff"}
              </button>
              {e.after !== null ? (
                <button type="button" className="btn btn-sm" onClick={() => setRestoring(e)}>
                  Restore this revision
                </button>
              ) : null}
            </div>
            <ul className="small">
              {fields.slice(0, 8).map((f) => (
                <li key={f.path}>
                  <code>{formatFieldChange(f)}</code>
                </li>
              ))}
              {fields.length > 8 ? <li className="muted">and {fields.length - 8} more fields</li> : null}
            </ul>
            {open === e.resourceVersion ? <DiffView rows={diffObjects(e.before, e.after)} leftTitle="Before" rightTitle="After" /> : null}
          </div>
        );
      })}
      {restoring !== undefined ? (
      <ConfirmDialog
        open={restoring !== undefined}
        title="Restore revision"
        confirmLabel="Restore"
        busy={restore.isPending}
        onCancel={() => setRestoring(undefined)}
        onConfirm={() => {
          if (restoring !== undefined) {
            restore.mutate({
              kind: props.kind,
              name: props.name,
              ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
              revision: restoring.resourceVersion,
              currentResourceVersion: props.currentResourceVersion,
            });
          }
          setRestoring(undefined);
        }}
      >
        <p>Write revision {restoring?.resourceVersion} back as a new change? The change log keeps every revision.</p>
      </ConfirmDialog>
      ) : null}
    </div>
  );
}
