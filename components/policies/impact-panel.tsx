"use client";

import { useEffect, useState } from "react";
import type { ImpactResponse, ImpactSource, VerdictSummary } from "@/lib/contracts/board";
import { ruleIndexLabel } from "@/lib/policy/rule-label";

function decided(v: VerdictSummary): string {
  const d = v.egress?.action === "Deny" ? v.egress : v.ingress?.action === "Deny" ? v.ingress : (v.ingress ?? v.egress);
  if (d === null || d === undefined) return v.allowed ? "allowed" : "denied";
  const who = d.policy !== undefined ? `${d.policy}${d.rule !== undefined ? ` ${ruleIndexLabel(d.rule)}` : ""}` : d.profile !== undefined ? `profile ${d.profile}` : d.reason;
  return `${v.allowed ? "allowed" : "denied"} (${d.reason === "endOfTier" ? `end of tier ${d.tier ?? ""}` : who})`;
}

function windowText(minutes: number): string {
  return minutes % 1440 === 0 ? `${minutes / 1440} day${minutes === 1440 ? "" : "s"}` : minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? "" : "s"}` : `${minutes} min`;
}

/** Which traffic the preview judged: recent flows or, without any, the what-if matrix. */
export function impactSourceText(source: ImpactSource): string {
  if (source.kind === "matrix") return "Judged against the what-if matrix (no flows in the window): the cluster's workloads over their Service ports, plus internet egress.";
  const gone = source.unresolvedRecords > 0 ? ` (${source.unresolvedRecords.toLocaleString("en")} records name endpoints that no longer exist and were skipped)` : "";
  return `Judged against ${source.records.toLocaleString("en")} flows from the last ${windowText(source.windowMinutes)}${gone}.`;
}

/** How long a preview runs before the progress indicator shows (shorter ones just appear). */
const PROGRESS_AFTER_MS = 1000;

/**
 * The running preview's progress: nothing for the first second, then an indeterminate progress
 * bar with the seconds elapsed (the server judges each distinct connection once; a day of a big
 * cluster's flows can take a few seconds).
 */
export function ImpactProgress({ windowMinutes }: { readonly windowMinutes: number }) {
  const [started] = useState(() => Date.now());
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setElapsed(Date.now() - started), 250);
    return () => clearInterval(timer);
  }, [started]);
  if (elapsed < PROGRESS_AFTER_MS) return null;
  return (
    <div className="stack" role="status" data-testid="impact-progress">
      <progress aria-label="Judging recent flows" />
      <div className="small muted">
        Judging the distinct connections of the last {windowText(windowMinutes)}… {Math.floor(elapsed / 1000)} s
      </div>
    </div>
  );
}

/** Connections whose verdict would change, with the deciding rule before and after. */
export function ImpactPanel({ impact, mode }: { readonly impact: ImpactResponse; readonly mode: "enforced" | "pending" }) {
  return (
    <div className="stack" data-testid="impact">
      <div className="small">
        {impact.changed.length} of {impact.judged} distinct connections change{impact.truncated ? " (cut at the size limit)" : ""}.
      </div>
      <div className="small muted" data-testid="impact-source">
        {impactSourceText(impact.source)}
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
                {impact.source.kind === "flows" ? <th>Records</th> : null}
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
                  {impact.source.kind === "flows" ? <td>{(r.records ?? 0).toLocaleString("en")}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
