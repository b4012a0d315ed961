"use client";
import { useEffect, useRef, useState } from "react";
import { useRecommendationDetail } from "@/lib/hooks/use-recommendations";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { EvidenceTable } from "@/components/recommendations/evidence-table";
import { ObservedImpact } from "@/components/recommendations/observed-impact";
import { ageOf, StateBadge } from "@/components/recommendations/state-badge";

type Tab = "rules" | "yaml" | "evidence" | "impact";

function ruleLine(r: { action: string; protocol?: unknown; source?: Record<string, unknown>; destination?: Record<string, unknown> }): string {
  const side = (e: Record<string, unknown> | undefined): string =>
    e === undefined
      ? "any"
      : Object.entries(e)
          .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
          .join("; ");
  return `${r.action} ${r.protocol !== undefined ? String(r.protocol) : "any protocol"} from ${side(r.source)} to ${side(r.destination)}`;
}

/** One namespace recommendation: its rules, YAML, evidence and impact on the observed flows. */
export function RecommendationDetail({ cluster, namespace, onClose }: { readonly cluster: string; readonly namespace: string; readonly onClose: () => void }) {
  const detail = useRecommendationDetail(cluster, namespace);
  const [tab, setTab] = useState<Tab>("rules");
  const ref = useRef<HTMLElement | null>(null);
  // The panel opens below the list: bring it into view when another namespace is chosen.
  // A block body on purpose: Chromium's scrollIntoView returns a Promise, and an effect that
  // returns anything but a function makes React call it as the cleanup on Close ("i is not a
  // function").
  useEffect(() => {
    void ref.current?.scrollIntoView?.({ block: "start" });
  }, [namespace]);
  const d = detail.data;
  const spec = (d?.policy.spec ?? {}) as { ingress?: Parameters<typeof ruleLine>[0][]; egress?: Parameters<typeof ruleLine>[0][]; selector?: string; tier?: string };
  return (
    <section ref={ref} className="card" aria-label={`Recommendation for ${namespace}`} data-testid="rec-detail">
      <div className="card-header row">
        <h2>
          {d?.item.name ?? namespace} {d !== undefined ? <StateBadge state={d.item.state} /> : null}
        </h2>
        <span className="spacer" />
        <button type="button" className="btn btn-sm btn-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <ProblemNotice error={detail.error} />
      {detail.isPending ? <div className="loading">Loading…</div> : null}
      {d !== undefined ? (
        <>
          <div className="card-body small">
            Tier <code>{spec.tier}</code> · selector <code>{spec.selector}</code> · stagedAction <code>{d.item.stagedAction}</code> · last updated {ageOf(d.item.lastUpdated)}
          </div>
          <Tabs idPrefix="recd" label="Recommendation" tabs={[{ id: "rules", label: "Rules" }, { id: "yaml", label: "YAML" }, { id: "evidence", label: "Evidence", count: d.evidence.length }, { id: "impact", label: "Impact" }]} selected={tab} onSelect={setTab} />
          <div className="card-body" {...tabPanelProps("recd", tab)}>
            {tab === "rules" ? (
              <div className="stack" data-testid="rec-rules">
                <h3 className="pe-h3">Ingress</h3>
                <ol className="small mono">{(spec.ingress ?? []).map((r, i) => <li key={i}>{ruleLine(r)}</li>)}</ol>
                <h3 className="pe-h3">Egress</h3>
                <ol className="small mono">{(spec.egress ?? []).map((r, i) => <li key={i}>{ruleLine(r)}</li>)}</ol>
              </div>
            ) : null}
            {tab === "yaml" ? <pre className="code-block" data-testid="rec-yaml">{d.yaml}</pre> : null}
            {tab === "evidence" ? <EvidenceTable evidence={d.evidence} /> : null}
            {tab === "impact" ? <ObservedImpact impact={d.impact} /> : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
