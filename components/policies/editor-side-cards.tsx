"use client";
import type { PolicyEditorState } from "@/components/policies/use-policy-editor";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { ImpactPanel, ImpactProgress } from "@/components/policies/impact-panel";

/**
 * "Matches N endpoints" and the list of them. While the draft does not build (a selector that
 * does not parse) the count is withheld instead of showing the last valid answer.
 */
export function SelectsCard({ state }: { readonly state: Pick<PolicyEditorState, "selects" | "selectsValid"> }) {
  const { selects, selectsValid } = state;
  const n = selects.data?.endpoints.length;
  const title = !selectsValid ? "Matches: fix the selector to see which endpoints" : n === undefined ? "Selects … endpoints" : `Matches ${n} endpoint${n === 1 ? "" : "s"}`;
  return (
    <section className="card" aria-labelledby="selects-title">
      <div className="card-header">
        <h2 id="selects-title" data-testid="selects-count">
          {title}
        </h2>
      </div>
      <div className="card-body">
        {selectsValid ? (
          <>
            <ProblemNotice error={selects.error} />
            <ul className="small mono pe-selects">
              {(selects.data?.endpoints ?? []).slice(0, 50).map((e) => (
                <li key={`${e.namespace ?? ""}/${e.name}`}>{e.namespace !== undefined ? `${e.namespace}/${e.name}` : e.name}</li>
              ))}
            </ul>
          </>
        ) : (
          <div className="small muted">The policy as typed is not valid; see the errors in the form.</div>
        )}
      </div>
    </section>
  );
}

const WINDOWS: readonly { readonly minutes: number; readonly label: string }[] = [
  { minutes: 15, label: "15 min" },
  { minutes: 60, label: "1 hour" },
  { minutes: 1440, label: "24 hours" },
];

/** The impact preview of saving, staging or enforcing, over a chosen window of recent flows. */
export function ImpactCard({ state }: { readonly state: Pick<PolicyEditorState, "impactOf" | "impactWindow" | "impact" | "runImpact"> }) {
  const { impactOf, impact } = state;
  if (impactOf === undefined) return null;
  return (
    <section className="card" aria-labelledby="impact-title">
      <div className="card-header pe-impact-head">
        <h2 id="impact-title">Impact of {impactOf === "stage" ? "staging (pending view)" : impactOf === "enforce" ? "enforcing" : "saving"}</h2>
        <label className="small pe-impact-window">
          Flows of the last{" "}
          <select className="select" aria-label="Impact window" value={state.impactWindow} onChange={(e) => state.runImpact(impactOf, Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w.minutes} value={w.minutes}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="card-body">
        {impact.isPending ? <ImpactProgress windowMinutes={state.impactWindow} /> : null}
        <ProblemNotice error={impact.error} />
        {impact.data !== undefined ? <ImpactPanel impact={impact.data} mode={impactOf === "stage" ? "pending" : "enforced"} /> : null}
      </div>
    </section>
  );
}
