"use client";
import "@/components/policy-board/board.css";
import { useState } from "react";
import { diffFields, diffObjects, formatFieldChange } from "@/lib/board";
import { RESOURCE_TYPES } from "@/lib/contracts/resources";
import type { AuditFilters } from "@/lib/hooks/use-audit";
import { useAuditLog } from "@/lib/hooks/use-audit";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { DiffView } from "@/components/policies/diff-view";

/** `datetime-local` value → RFC 3339 (local time zone), or undefined when empty. */
function toInstant(local: string): string | undefined {
  if (local === "") return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The audit log: every change to the cluster (who, when, which object, what changed), filtered
 * by kind, namespace, name, user and time range, newest first, paged; each row opens its diff.
 */
export function AuditView() {
  const { clusterId } = useCurrentCluster();
  const [draft, setDraft] = useState({ kind: "", namespace: "", name: "", actor: "", since: "", until: "" });
  const [filters, setFilters] = useState<AuditFilters>({});
  const [pages, setPages] = useState<readonly string[]>([]);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const before = pages[pages.length - 1];
  const log = useAuditLog(clusterId, { ...filters, ...(before !== undefined ? { before } : {}) });
  const apply = () => {
    const since = toInstant(draft.since);
    const until = toInstant(draft.until);
    setFilters({ kind: draft.kind, namespace: draft.namespace, name: draft.name, actor: draft.actor, ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) });
    setPages([]);
  };
  const field = (key: keyof typeof draft, label: string, type = "text") => (
    <label className="pb-filter">
      <span className="field-label">{label}</span>
      <input className="input" type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </label>
  );
  return (
    <>
      <PageHeader title="Audit log" description={`Every change made to cluster “${clusterId}”: who, when, and what changed.`} />
      <form
        className="toolbar pb-filters"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <label className="pb-filter">
          <span className="field-label">Kind</span>
          <select className="select" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
            <option value="">All kinds</option>
            {RESOURCE_TYPES.map((t) => (
              <option key={t.kind} value={t.kind}>
                {t.kind}
              </option>
            ))}
          </select>
        </label>
        {field("namespace", "Namespace")}
        {field("name", "Name contains")}
        {field("actor", "User")}
        {field("since", "From", "datetime-local")}
        {field("until", "To", "datetime-local")}
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
      </form>
      <ProblemNotice error={log.error} />
      <section className="card" aria-label="Changes">
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>User</th>
                <th>Change</th>
                <th>Object</th>
                <th>What changed</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(log.data?.items ?? []).map((e) => {
                const fields = diffFields(e.before, e.after);
                return [
                  <tr key={e.resourceVersion} data-testid="audit-row">
                    <td className="nowrap">
                      <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
                    </td>
                    <td>{e.actor}</td>
                    <td>
                      <span className={e.type === "DELETED" ? "badge badge-danger" : e.type === "ADDED" ? "badge badge-ok" : "badge"}>{e.type}</span>
                    </td>
                    <td className="mono">
                      {e.kind} {e.namespace !== undefined ? `${e.namespace}/` : ""}
                      {e.name}
                    </td>
                    <td className="small">{e.type === "MODIFIED" ? fields.slice(0, 3).map(formatFieldChange).join("; ") + (fields.length > 3 ? ` (+${fields.length - 3})` : "") : ""}</td>
                    <td>
                      <button type="button" className="btn btn-sm" aria-expanded={open === e.resourceVersion} onClick={() => setOpen(open === e.resourceVersion ? undefined : e.resourceVersion)}>
                        Diff
                      </button>
                    </td>
                  </tr>,
                  open === e.resourceVersion ? (
                    <tr key={`${e.resourceVersion}-diff`}>
                      <td colSpan={6}>
                        <DiffView rows={diffObjects(e.before, e.after)} leftTitle="Before" rightTitle="After" />
                      </td>
                    </tr>
                  ) : null,
                ];
              })}
            </tbody>
          </table>
        </div>
        <div className="table-footer row">
          <button type="button" className="btn btn-sm" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>
            Newer
          </button>
          <button type="button" className="btn btn-sm" disabled={log.data?.next === undefined} onClick={() => log.data?.next !== undefined && setPages([...pages, log.data.next])}>
            Older
          </button>
          <span className="small muted">{log.data?.items.length === 0 ? "No changes match." : `Page ${pages.length + 1}`}</span>
        </div>
      </section>
    </>
  );
}
