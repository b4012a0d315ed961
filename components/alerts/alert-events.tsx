"use client";
import { useAlertEvents } from "@/lib/hooks/use-alerts";
import { formatAlertValue } from "@/lib/alerts";
import { ProblemNotice } from "@/components/ui/problem-notice";

const METRICS: ReadonlySet<string> = new Set(["count", "sum", "avg", "min", "max"]);

/** Fired events, newest first, of every alert or of one. */
export function AlertEvents(props: { readonly cluster: string; readonly alert: string; readonly alertNames: readonly string[]; readonly onAlertChange: (name: string) => void }) {
  const events = useAlertEvents(props.cluster, props.alert);
  const items = events.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="alert-events-title">
      <div className="card-header row">
        <h2 id="alert-events-title">Alert events</h2>
        <div className="field">
          <label htmlFor="alert-events-filter" className="visually-hidden">
            Alert
          </label>
          <select id="alert-events-filter" className="select" value={props.alert} onChange={(e) => props.onAlertChange(e.target.value)}>
            <option value="">All alerts</option>
            {props.alertNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      {events.error !== null ? (
        <div className="card-body">
          <ProblemNotice error={events.error} />
        </div>
      ) : null}
      {events.isPending ? (
        <div className="loading" role="status">
          Loading…
        </div>
      ) : items.length === 0 ? (
        <div className="empty">No events{props.alert !== "" ? ` for ${props.alert}` : ""}.</div>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Alert events">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Alert</th>
                <th scope="col" className="num">Severity</th>
                <th scope="col">Summary</th>
                <th scope="col">Record</th>
                <th scope="col">Webhook</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap small">{new Date(e.time).toLocaleString()}</td>
                  <td className="mono">{e.alertName}</td>
                  <td className="num">{e.severity}</td>
                  <td className="cell-wrap">{e.summary}</td>
                  <td className="cell-wrap mono small">
                    {Object.entries(e.record)
                      // JSONB does not keep key order: show the fields alphabetically, the metric last.
                      .sort(([a], [b]) => Number(METRICS.has(a)) - Number(METRICS.has(b)) || a.localeCompare(b))
                      .map(([k, v]) => `${k}=${formatAlertValue(v)}`)
                      .join("  ")}
                  </td>
                  <td className="cell-wrap small" data-testid="alert-event-delivery">
                    {e.delivery === undefined ? (
                      <span className="cell-muted">—</span>
                    ) : (
                      <>
                        <span className={`badge ${e.delivery.state === "delivered" ? "badge-allow" : e.delivery.state === "failed" ? "badge-deny" : ""}`}>{e.delivery.state}</span>
                        {e.delivery.attempts > 0 ? <span className="cell-muted"> · {e.delivery.attempts} attempt{e.delivery.attempts === 1 ? "" : "s"}</span> : null}
                        {e.delivery.lastError !== undefined ? <div className="field-error">{e.delivery.lastError}</div> : null}
                        {e.delivery.nextAttemptAt !== undefined && e.delivery.attempts > 0 ? <div className="cell-muted">next try {new Date(e.delivery.nextAttemptAt).toLocaleTimeString()}</div> : null}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
