"use client";
import "@/components/recommendations/recommendations.css";
import Link from "next/link";
import { useRef, useState } from "react";
import type { NamespaceRecommendationView } from "@/lib/contracts/recommendations";
import { useRecommendationAction, useRecommendations, useRunRecommendations, useSaveRecommendationSettings } from "@/lib/hooks/use-recommendations";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { useToast } from "@/components/ui/toast";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { RecommendationDetail } from "@/components/recommendations/recommendation-detail";
import { ageOf, StateBadge } from "@/components/recommendations/state-badge";

type Tab = "recommendations" | "active" | "dismissed";
const ACTION_OF: Record<Tab, NamespaceRecommendationView["stagedAction"]> = { recommendations: "Learn", active: "Set", dismissed: "Ignore" };

/**
 * /recommendations: namespace-isolation recommendations (staged policies in tier
 * namespace-isolation) with status and age; view, add to the policy board, dismiss, one or many;
 * the Active tab lists those moved to the board. Also the way into the single-workload wizard.
 */
export function RecommendationsView() {
  const { clusterId } = useCurrentCluster();
  const list = useRecommendations(clusterId);
  const act = useRecommendationAction(clusterId);
  const run = useRunRecommendations(clusterId);
  const enable = useSaveRecommendationSettings(clusterId);
  const [tab, setTab] = useState<Tab>("recommendations");
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [viewing, setViewing] = useState<string | undefined>(undefined);
  const items = list.data?.items ?? [];
  const settings = list.data?.settings;
  const shown = items.filter((i) => i.stagedAction === ACTION_OF[tab]);
  const count = (t: Tab) => items.filter((i) => i.stagedAction === ACTION_OF[t]).length;
  const toggle = (ns: string, on: boolean) => setSelected((s) => (on ? new Set([...s, ns]) : new Set([...s].filter((x) => x !== ns))));
  const toast = useToast();
  // The View button that opened the detail panel gets focus back when it closes.
  const opener = useRef<HTMLButtonElement | null>(null);
  const doAct = (action: "activate" | "dismiss", namespaces: readonly string[]) =>
    act.mutate(
      { action, namespaces: [...namespaces] },
      {
        onSuccess: () => {
          setSelected(new Set());
          const which = namespaces.length === 1 ? (namespaces[0] ?? "") : `${namespaces.length} recommendations`;
          toast(
            action === "activate"
              ? { message: `Added ${which} to the policy board (tier namespace-isolation).`, link: { href: "/board", label: "Open the board" } }
              : { message: `Dismissed ${which}: no more updates for ${namespaces.length === 1 ? "it" : "them"}. See the Dismissed tab.` },
          );
        },
      },
    );
  const chosen = shown.filter((i) => selected.has(i.namespace)).map((i) => i.namespace);

  return (
    <>
      <PageHeader
        title="Policy recommendations"
        description="Namespace isolation from observed flows: one staged policy per namespace in tier namespace-isolation, updated continuously until you add it to the policy board or dismiss it."
        actions={
          <div className="row">
            <Link className="btn btn-primary" href="/recommendations/new">
              Recommend a policy for a workload
            </Link>
            {settings?.enabled === true ? (
              <button type="button" className="btn" onClick={() => run.mutate()} disabled={run.isPending}>
                {run.isPending ? "Recomputing…" : "Recompute now"}
              </button>
            ) : null}
          </div>
        }
      />
      <ProblemNotice error={list.error} />
      <ProblemNotice error={run.error} title="Recompute failed" />
      <ProblemNotice error={act.error} title="Action failed" />
      <ProblemNotice error={enable.error} title="Could not enable recommendations" />
      {settings !== undefined && !settings.enabled ? (
        <section className="card" aria-label="Enable policy recommendations">
          <div className="card-body stack">
            <div>Policy recommendations are off for this cluster. When on, a recommendation is kept for every namespace in scope (system namespaces excluded), from its flow logs.</div>
            <div className="row">
              <button type="button" className="btn btn-primary" onClick={() => enable.mutate({ ...settings, enabled: true })} disabled={enable.isPending}>
                Enable policy recommendations
              </button>
              <Link href="/settings">Scope and intervals in Settings</Link>
            </div>
          </div>
        </section>
      ) : null}
      {settings?.enabled === true ? (
        <div className="small muted" data-testid="rec-last-run">
          Every {Math.round(settings.intervalSeconds)} s · lookback {Math.round(settings.initialLookbackSeconds / 3600)} h · stabilization {Math.round(settings.stabilizationSeconds / 60)} min · last run {ageOf(settings.lastRun)}
        </div>
      ) : null}
      <section className="card" aria-label="Namespace recommendations">
        <Tabs
          idPrefix="recs"
          label="Recommendation lists"
          tabs={[
            { id: "recommendations", label: "Recommendations", count: count("recommendations") },
            { id: "active", label: "Active", count: count("active") },
            { id: "dismissed", label: "Dismissed", count: count("dismissed") },
          ]}
          selected={tab}
          onSelect={(t) => {
            setTab(t);
            setSelected(new Set());
          }}
        />
        <div {...tabPanelProps("recs", tab)}>
          {tab === "recommendations" ? (
            <div className="rec-bulk" role="toolbar" aria-label="Bulk actions">
              <span className="small">{chosen.length} selected</span>
              <button type="button" className="btn btn-sm" disabled={chosen.length === 0 || act.isPending} onClick={() => doAct("activate", chosen)}>
                Add selected to policy board
              </button>
              <button type="button" className="btn btn-sm" disabled={chosen.length === 0 || act.isPending} onClick={() => doAct("dismiss", chosen)}>
                Dismiss selected
              </button>
            </div>
          ) : null}
          {shown.length === 0 ? (
            <div className="empty">{list.isPending ? "Loading…" : tab === "recommendations" ? "No recommendations yet." : tab === "active" ? "No recommendation was added to the policy board yet." : "Nothing dismissed."}</div>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label={`${tab} list`}>
                <thead>
                  <tr>
                    {tab === "recommendations" ? (
                      <th>
                        <input type="checkbox" aria-label="Select all" checked={chosen.length === shown.length} onChange={(e) => setSelected(e.target.checked ? new Set(shown.map((i) => i.namespace)) : new Set())} />
                      </th>
                    ) : null}
                    <th>Namespace</th>
                    <th>Policy</th>
                    <th>Status</th>
                    <th>Rules</th>
                    <th>Updated</th>
                    <th>Created</th>
                    <th>Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((i) => (
                    <tr key={i.namespace} data-testid="rec-row" data-namespace={i.namespace}>
                      {tab === "recommendations" ? (
                        <td>
                          <input type="checkbox" aria-label={`Select ${i.namespace}`} checked={selected.has(i.namespace)} onChange={(e) => toggle(i.namespace, e.target.checked)} />
                        </td>
                      ) : null}
                      <td className="cell-name">{i.namespace}</td>
                      <td className="mono small">{i.name}</td>
                      <td>
                        <StateBadge state={i.state} />
                      </td>
                      <td className="small nowrap">
                        {i.ingressRules} in / {i.egressRules} out
                      </td>
                      <td className="small">{ageOf(i.lastUpdated)}</td>
                      <td className="small">{ageOf(i.createdAt)}</td>
                      <td className="nowrap">
                        <button
                          type="button"
                          className="btn btn-sm"
                          onClick={(e) => {
                            opener.current = e.currentTarget;
                            setViewing(i.namespace);
                          }}
                          aria-label={`View ${i.namespace}`}
                        >
                          View
                        </button>{" "}
                        {tab === "recommendations" ? (
                          <>
                            <button type="button" className="btn btn-sm" onClick={() => doAct("activate", [i.namespace])} aria-label={`Add ${i.namespace} to policy board`} disabled={act.isPending}>
                              Add to policy board
                            </button>{" "}
                            <button type="button" className="btn btn-sm btn-ghost" onClick={() => doAct("dismiss", [i.namespace])} aria-label={`Dismiss ${i.namespace}`} disabled={act.isPending}>
                              Dismiss
                            </button>
                          </>
                        ) : tab === "active" ? (
                          <Link className="btn btn-sm" href="/board">
                            Open board
                          </Link>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>
      {viewing !== undefined ? (
        <RecommendationDetail
          cluster={clusterId}
          namespace={viewing}
          onClose={() => {
            setViewing(undefined);
            opener.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}
