import type { DirectionVerdict, TraceStep, Verdict } from "@/lib/policy";
import { ruleIndexLabel } from "@/lib/policy";

function stepText(s: TraceStep): string {
  switch (s.kind) {
    case "rule":
      // `policy` is the display name, which already carries `staged:` for staged kinds.
      return `${s.namespace !== undefined ? `${s.namespace}/` : ""}${s.policy} (tier ${s.tier}) ${ruleIndexLabel(s.rule)} → ${s.action}`;
    case "noMatch":
      return `${s.namespace !== undefined ? `${s.namespace}/` : ""}${s.policy} (tier ${s.tier}): no rule matched`;
    case "endOfTier":
      return `end of tier ${s.tier} → ${s.action}`;
    case "profile":
      return `profile ${s.profile} → ${s.action}`;
    case "defaultDeny":
      return "nothing allowed it: default deny";
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

/** One direction's decision and full trace. */
function DirectionView({ label, v }: { readonly label: string; readonly v: DirectionVerdict | null }) {
  if (v === null) return <div className="small muted">{label}: not a cluster endpoint (not enforced here)</div>;
  const who = v.policy !== undefined ? `${v.namespace !== undefined ? `${v.namespace}/` : ""}${v.policy}${v.rule !== undefined ? ` ${ruleIndexLabel(v.rule)}` : ""}` : v.profile !== undefined ? `profile ${v.profile}` : v.reason;
  return (
    <div className="pb-direction">
      <div>
        <strong>{label}</strong>: <span className={v.action === "Allow" ? "badge badge-ok" : "badge badge-danger"}>{v.action}</span> <span className="small">by {who}</span>
      </div>
      <ol className="pb-trace">
        {v.trace.map((s, i) => (
          <li key={i}>{stepText(s)}</li>
        ))}
      </ol>
    </div>
  );
}

/** Enforced and pending (staged counted) verdicts of one connection, with traces. */
export function VerdictView({ verdict }: { readonly verdict: Verdict }) {
  return (
    <div className="pb-verdict" data-testid="verdict">
      <div className="pb-verdict-col">
        <h4>
          Enforced: <span className={verdict.allowed ? "badge badge-ok" : "badge badge-danger"}>{verdict.allowed ? "allowed" : "denied"}</span>
        </h4>
        <DirectionView label="Egress at source" v={verdict.egress} />
        <DirectionView label="Ingress at destination" v={verdict.ingress} />
      </div>
      <div className="pb-verdict-col">
        <h4>
          With staged policies: <span className={verdict.staged.allowed ? "badge badge-ok" : "badge badge-danger"}>{verdict.staged.allowed ? "allowed" : "denied"}</span>
        </h4>
        <DirectionView label="Egress at source" v={verdict.staged.egress} />
        <DirectionView label="Ingress at destination" v={verdict.staged.ingress} />
      </div>
    </div>
  );
}
