"use client";
import type { ApplyResult } from "@/lib/contracts/apply";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { KindBadge } from "@/components/resources/kind-badge";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { FieldErrorItems } from "@/components/ui/field-error-list";

const OUTCOME_CLASS = { created: "badge badge-ok", configured: "badge badge-policy", unchanged: "badge" } as const;

/** The per-document outcome of a dry run or apply, or the per-document errors of a rejected one. */
export function ApplyOutcome({ result, error, conflict }: { readonly result: ApplyResult | undefined; readonly error: Error | null; readonly conflict: boolean }) {
  if (error !== null) {
    const documents = isApiProblem(error) ? error.problem.documents : undefined;
    if (documents === undefined || documents.length === 0) {
      return (
        <div className="card-body">
          <ProblemNotice error={error} title={conflict ? "Conflict: an object changed since it was read. Nothing was applied." : undefined} />
        </div>
      );
    }
    return (
      <>
        <div className="card-body">
          <div className="notice notice-error" role="alert">
            <div className="notice-title">{isApiProblem(error) && error.status === 400 ? "The text could not be parsed." : "Some documents are invalid."} Nothing was applied.</div>
            {error.message}
          </div>
        </div>
        <ul className="doc-list" aria-label="Documents with errors">
          {documents.map((d) => (
            <li key={d.index} className="doc-item">
              <div className="doc-item-head">
                <strong>Document {d.index + 1}</strong>
                {d.line !== undefined ? <span className="small muted">line {d.line}</span> : null}
                {d.kind !== undefined ? <KindBadge kind={d.kind} /> : null}
                {d.name !== undefined ? <span className="mono">{d.namespace !== undefined ? `${d.namespace}/` : ""}{d.name}</span> : null}
              </div>
              <FieldErrorItems className="doc-errors" errors={d.errors} />
            </li>
          ))}
        </ul>
      </>
    );
  }
  if (result === undefined) return <div className="empty">Run a dry run to see what each document would do.</div>;
  const counts = { created: 0, configured: 0, unchanged: 0 };
  for (const r of result.results) counts[r.outcome] += 1;
  return (
    <>
      <div className="card-body">
        <div className={result.dryRun ? "notice notice-info" : "notice notice-ok"} role="status">
          <div className="notice-title">{result.dryRun ? "Dry run passed: nothing was written." : "Applied."}</div>
          {result.results.length} documents: {counts.created} {result.dryRun ? "would be created" : "created"}, {counts.configured}{" "}
          {result.dryRun ? "would be configured" : "configured"}, {counts.unchanged} unchanged.
        </div>
      </div>
      <table className="table" aria-label="Document outcomes">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Kind</th>
            <th scope="col">Name</th>
            <th scope="col">Namespace</th>
            <th scope="col">Outcome</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {result.results.map((r) => (
            <tr key={r.index}>
              <td>{r.index + 1}</td>
              <td>
                <KindBadge kind={r.kind} />
              </td>
              <td className="mono">{r.name}</td>
              <td>{r.namespace ?? <span className="cell-muted">—</span>}</td>
              <td>
                <span className={OUTCOME_CLASS[r.outcome]}>{r.outcome}</span>
              </td>
              <td>
                <FieldChanges outcome={r.outcome} changes={r.changes ?? []} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A value of a field change, short enough for a table cell. */
function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The exact field changes of one document (configured: each path with its old and new value). */
function FieldChanges({ outcome, changes }: { readonly outcome: string; readonly changes: readonly { readonly path: string; readonly before?: unknown; readonly after?: unknown }[] }) {
  if (outcome === "unchanged" || changes.length === 0) return <span className="cell-muted">—</span>;
  if (outcome === "created") return <span className="cell-muted">new object ({changes.length} fields)</span>;
  return (
    <details>
      <summary>
        {changes.length} field{changes.length === 1 ? "" : "s"}
      </summary>
      <ul className="mono">
        {changes.map((c) => (
          <li key={c.path}>
            {c.path}: {"before" in c ? shortValue(c.before) : "(unset)"} → {"after" in c ? shortValue(c.after) : "(removed)"}
          </li>
        ))}
      </ul>
    </details>
  );
}
