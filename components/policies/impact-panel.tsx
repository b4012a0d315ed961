import type { ImpactResponse, VerdictSummary } from "@/lib/contracts/board";

function decided(v: VerdictSummary): string {
  const d = v.egress?.action === "Deny" ? v.egress : v.ingress?.action === "Deny" ? v.ingress : (v.ingress ?? v.egress);
  if (d === null || d === undefined) return v.allowed ? "allowed" : "denied";
  const who = d.policy !== undefined ? `${d.policy}${d.rule !== undefined ? ` rule ${d.rule}` : ""}` : d.profile !== undefined ? `profile ${d.profile}` : d.reason;
  return `${v.allowed ? "allowed" : "denied"} (${d.reason === "endOfTier" ? `end of tier ${d.tier ?? ""}` : who})`;
}

/** Connections whose verdict would change, with the deciding rule before and after. */
export function ImpactPanel({ impact, mode }: { readonly impact: ImpactResponse; readonly mode: "enforced" | "pending" }) {
  return (
    <div className="stack" data-testid="impact">
      <div className="small">
        {impact.changed.length} of {impact.judged} probed connections change{impact.truncated ? " (matrix cut at its size limit)" : ""}. Judged against a what-if matrix of the cluster&apos;s workloads over their Service ports, plus internet egress.
      </div>
      {impact.changed.length > 0 ? (
        <div className="table-wrap">
          <table className="table pe-impact">
            <thead>
              <tr>
                <th>Source</th>
                <th>Destination</th>
                <th>Port</th>
                <th>Now ({mode})</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {impact.changed.slice(0, 200).map((r, i) => (
                <tr key={i}>
                  <td className="mono">{r.source}</td>
                  <td className="mono">{r.destination}</td>
                  <td>
                    {r.protocol}
                    {r.port !== undefined ? `/${r.port}` : ""}
                  </td>
                  <td>{decided(r.before[mode])}</td>
                  <td>{decided(r.after[mode])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
