"use client";
import Link from "next/link";
import type { FlowRowView } from "@/lib/contracts/flows";
import { policyHitsOf } from "@/lib/flows";
import type { PolicyHit } from "@/lib/flows";
import { LabelChips } from "@/components/ui/label-chips";
import { ruleIndexLabel } from "@/lib/policy/rule-label";

/** The board link of a policy hit (profiles have no page). */
export function policyHref(hit: Pick<PolicyHit, "kind" | "displayName" | "namespace" | "name" | "tier">): string | undefined {
  if (hit.kind === "Profile") return undefined;
  const bare = hit.displayName.startsWith("staged:") ? hit.displayName.slice("staged:".length) : hit.displayName;
  return `/board?policy=${encodeURIComponent(hit.namespace !== undefined ? `${hit.namespace}/${bare}` : bare)}`;
}

/** A trace (enforced or pending) as an ordered list: tier, policy (linked to the board), action, rule. */
export function FlowTrace({ title, entries }: { readonly title: string; readonly entries: readonly string[] }) {
  const hits = policyHitsOf(entries);
  return (
    <div>
      <div className="field-label">{title}</div>
      {hits.length === 0 ? (
        <span className="cell-muted">none</span>
      ) : (
        <ol className="trace" aria-label={title}>
          {hits.map((h) => {
            const href = policyHref(h);
            const name = `${h.namespace !== undefined ? `${h.namespace}/` : ""}${h.displayName}`;
            return (
              <li key={`${h.index}-${h.displayName}`}>
                <span className="mono">tier {h.tier}</span> ·{" "}
                {href !== undefined ? <Link href={href}>{name}</Link> : <span>{name}</span>} ·{" "}
                <span className={`badge ${h.action === "deny" ? "badge-danger" : h.action === "allow" ? "badge-ok" : "badge-warn"}`}>{h.action}</span>{" "}
                <span className="cell-muted">{h.ruleIndex >= 0 ? ruleIndexLabel(h.ruleIndex) : h.ruleIndex === -1 ? "end of tier" : ""}</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

/** An expanded flow row: both endpoints' labels and the enforced and pending traces. */
export function FlowDetail({ flow }: { readonly flow: FlowRowView }) {
  return (
    <div className="flow-detail">
      <div>
        <div className="field-label">Source labels</div>
        <LabelChips labels={flow.source.labels ?? undefined} />
        <div className="field-label">Destination labels</div>
        <LabelChips labels={flow.dest.labels ?? undefined} />
      </div>
      <FlowTrace title="Enforced policies" entries={flow.policies?.enforced ?? []} />
      <FlowTrace title="Pending policies" entries={flow.policies?.pending ?? []} />
    </div>
  );
}
