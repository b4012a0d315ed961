import type { RuleEvidence } from "@/lib/recommend";
import { ruleIndexLabel } from "@/lib/policy/rule-label";

const when = (s: number): string => (s > 0 ? new Date(s * 1000).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z") : "—");

/** Each proposed rule with the observed flows behind it: peers, ports, counts, first and last seen. */
export function EvidenceTable({ evidence }: { readonly evidence: readonly RuleEvidence[] }) {
  if (evidence.length === 0) return <div className="empty">No rules: no allowed flow was observed in the time range.</div>;
  return (
    <div className="table-wrap">
      <table className="table rec-evidence" aria-label="Rule evidence">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Kind</th>
            <th>Protocol / ports</th>
            <th>Peers</th>
            <th>Flows</th>
            <th>First seen</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e) => (
            <tr key={`${e.direction}-${e.index}`} data-testid="evidence-row" data-direction={e.direction} data-scope={e.scope}>
              <td className="nowrap">
                {ruleIndexLabel(e.index, e.direction)}
              </td>
              <td>{e.scope}</td>
              <td className="mono nowrap">
                {e.protocol}
                {e.ports.length > 0 ? ` ${e.ports.join(", ")}` : ""}
              </td>
              <td className="mono cell-wrap">
                {e.peers.join(", ")}
                {e.locals.length > 0 ? <div className="cell-sub">local: {e.locals.join(", ")}</div> : null}
              </td>
              <td>{e.flows}</td>
              <td className="small nowrap">{when(e.firstSeen)}</td>
              <td className="small nowrap">{when(e.lastSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
