import type { ShadowView, WorkloadRecommendationView } from "@/lib/contracts/recommendations";

const target = (r: { protocol: string; port?: number }): string => `${r.protocol}${r.port !== undefined ? `/${r.port}` : ""}`;

/** Impact of enforcing the recommendation on the observed allowed flows it came from. */
export function ObservedImpact({ impact }: { readonly impact: WorkloadRecommendationView["impact"] }) {
  return (
    <div className="stack" data-testid="observed-impact">
      <div className={impact.newlyDenied > 0 ? "notice notice-error" : "notice notice-ok"} data-testid="newly-denied" data-count={impact.newlyDenied}>
        {impact.newlyDenied === 0
          ? `Nothing newly denied: every one of the ${impact.judged} observed allowed connections stays allowed.`
          : `${impact.newlyDenied} of the ${impact.judged} observed allowed connections would become denied.`}
      </div>
      {impact.changed.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="Observed connections whose verdict changes">
            <thead>
              <tr>
                <th>Direction</th>
                <th>Source</th>
                <th>Destination</th>
                <th>Port</th>
                <th>Now</th>
                <th>With the recommendation</th>
              </tr>
            </thead>
            <tbody>
              {impact.changed.map((r, i) => (
                <tr key={i} className={r.newlyDenied ? "rec-denied" : undefined}>
                  <td>{r.direction}</td>
                  <td className="mono">{r.source}</td>
                  <td className="mono">{r.destination}</td>
                  <td>{target(r)}</td>
                  <td>{r.before}</td>
                  <td>{r.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="small muted">No observed connection changes its verdict or deciding rule.</div>
      )}
    </div>
  );
}

/** Observed flows still denied with the recommendation enforced: an earlier policy shadows it. */
export function ShadowHints({ shadowed }: { readonly shadowed: readonly ShadowView[] }) {
  if (shadowed.length === 0) return <div className="notice notice-ok" data-testid="shadow-none">No earlier policy denies the observed flows: in this place the recommendation takes effect.</div>;
  const by = [...new Set(shadowed.map((s) => s.by))];
  return (
    <div className="notice notice-warn stack" role="status" data-testid="shadow-hint">
      <div className="notice-title">Shadowed: {by.join(", ")} would still deny {shadowed.length} observed flow{shadowed.length === 1 ? "" : "s"}</div>
      <div>Place the policy in an earlier tier or before that policy in its tier (a lower order).</div>
      <ul className="small mono">
        {shadowed.slice(0, 12).map((s, i) => (
          <li key={i}>
            {s.direction} {s.source} → {s.destination} {target(s)}: denied by {s.by}
          </li>
        ))}
      </ul>
    </div>
  );
}
