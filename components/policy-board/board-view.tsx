"use client";
import "@/components/policy-board/board.css";
import Link from "next/link";
import { useState } from "react";
import { DndProvider } from "react-dnd";
import { HTML5Backend } from "react-dnd-html5-backend";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { BoardFilterBar } from "@/components/policy-board/board-filters";
import { ImportPanel } from "@/components/policy-board/import-panel";
import { LazyBlock } from "@/components/policy-board/lazy-block";
import { TierForm } from "@/components/policy-board/tier-form";
import { TierLane } from "@/components/policy-board/tier-lane";
import type { BoardViewState } from "@/components/policy-board/use-board-view";
import { confirmText } from "@/components/policy-board/board-confirm";
import { RANGES, useBoardView } from "@/components/policy-board/use-board-view";
import { WhatIfPanel } from "@/components/policies/what-if-panel";
import { LintFindingsProvider } from "@/components/policy-board/lint-badge";
import { useLint } from "@/lib/hooks/use-lint";

/** Flow history the board's analyser badges read (unused rules, staged-policy check), in minutes. */
const LINT_WINDOW_MINUTES = 24 * 60;

function HeaderActions({ s }: { readonly s: BoardViewState }) {
  const toggle = (p: Exclude<BoardViewState["panel"], "none">) => s.setPanel(s.panel === p ? "none" : p);
  return (
    <>
      <Link className="btn btn-primary" href="/policies/new">
        New policy
      </Link>
      <Link className="btn" href="/recommendations/new">
        Recommend a policy
      </Link>
      {/* Some tiers are hidden from this user: creating or deleting tiers needs every tier (403 otherwise). */}
      {(s.snapshot?.lockedTiers?.length ?? 0) > 0 ? null : (
        <button type="button" className="btn" aria-expanded={s.panel === "tier"} onClick={() => toggle("tier")}>
          New tier
        </button>
      )}
      <button type="button" className="btn" aria-expanded={s.panel === "whatif"} onClick={() => toggle("whatif")}>
        What-if probe
      </button>
      <button type="button" className="btn" aria-expanded={s.panel === "import"} onClick={() => toggle("import")}>
        Import YAML
      </button>
      <button type="button" className="btn" disabled={s.snapshot === undefined} onClick={s.exportAll}>
        Export board
      </button>
    </>
  );
}

/** The toolbar of the multi-selection: move to a tier, stage, enforce, export, delete. */
function BulkBar({ s }: { readonly s: BoardViewState }) {
  const tiers = (s.view?.lanes ?? []).filter((l) => l.exists).map((l) => l.name);
  const [tier, setTier] = useState("");
  const target = tier !== "" && tiers.includes(tier) ? tier : (tiers[0] ?? "");
  const n = s.chosen.length;
  if (n === 0) return null;
  const stageable = s.chosen.some((c) => c.enforced !== undefined && c.staged === undefined && c.movable);
  const enforceable = s.chosen.some((c) => c.staged !== undefined);
  return (
    <div className="pb-bulk" role="toolbar" aria-label="Selected policies" data-testid="bulk-bar">
      <strong>
        {n} selected
      </strong>
      <label className="pb-bulk-move">
        <span>Move to tier</span>
        <select className="select" value={target} onChange={(e) => setTier(e.target.value)}>
          {tiers.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-sm" disabled={s.busy || target === ""} onClick={() => s.bulkMove(target)}>
        Move
      </button>
      <span className="pb-bulk-sep" aria-hidden="true" />
      <button type="button" className="btn btn-sm" disabled={s.busy || !stageable} onClick={s.bulkStage}>
        Stage
      </button>
      <button type="button" className="btn btn-sm" disabled={s.busy || !enforceable} onClick={s.bulkEnforce}>
        Enforce
      </button>
      <button type="button" className="btn btn-sm" disabled={s.busy} onClick={s.bulkExport}>
        Export
      </button>
      <button type="button" className="btn btn-sm btn-danger" disabled={s.busy} onClick={s.bulkDelete}>
        Delete
      </button>
      <span className="pb-spacer" />
      <button type="button" className="btn btn-sm btn-ghost" onClick={s.clearSelection}>
        Clear selection
      </button>
    </div>
  );
}

function Panels({ s }: { readonly s: BoardViewState }) {
  return (
    <>
      {s.panel === "tier" ? (
        <section className="card pb-panel" aria-labelledby="new-tier-title">
          <div className="card-header">
            <h2 id="new-tier-title">New tier</h2>
          </div>
          <div className="card-body">
            <TierForm cluster={s.clusterId} onDone={() => s.setPanel("none")} onCancel={() => s.setPanel("none")} />
          </div>
        </section>
      ) : null}
      {s.panel === "import" ? <ImportPanel cluster={s.clusterId} onClose={() => s.setPanel("none")} /> : null}
      {s.panel === "whatif" && s.snapshot !== undefined ? <WhatIfPanel cluster={s.clusterId} snapshot={s.snapshot} /> : null}
    </>
  );
}

/**
 * The policy board: tiers as lanes and policies as cards, both in Calico's evaluation order.
 * Drag and drop (react-dnd) and keyboard buttons reorder policies and tiers and move policies
 * between tiers; cards can be selected (one by one or a whole tier) to move, stage, enforce,
 * export or delete at once. Every write is planned by lib/board, atomic where the API allows,
 * confirmed once, announced by a toast (with Undo for moves), and a 409 is shown, never
 * overwritten. State and effects live in useBoardView.
 */
export function BoardView() {
  const s = useBoardView();
  const { snapshot, view, actions, traffic } = s;
  const lint = useLint(s.clusterId, LINT_WINDOW_MINUTES);
  const existing = view?.lanes.filter((l) => l.exists) ?? [];
  const dialog = s.confirm !== undefined ? confirmText(s.confirm) : undefined;
  return (
    <DndProvider backend={HTML5Backend}>
      <PageHeader
        title="Policy board"
        description={`Tiers and policies of cluster “${s.clusterId}” in the order Calico evaluates them. Drag cards to reorder or move them (or use their ▲ ▼ buttons); tick cards to act on several at once.`}
        actions={<HeaderActions s={s} />}
      />
      <Panels s={s} />
      {s.message !== undefined ? (
        <div className="notice notice-warn pb-message" role="alert">
          {s.message}{" "}
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => s.setMessage(undefined)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {s.changes.error !== null && !(isApiProblem(s.changes.error) && s.changes.error.status === 409) ? <ProblemNotice error={s.changes.error} title="The change was not saved" /> : null}
      {s.enforce.error !== null ? <ProblemNotice error={s.enforce.error} title="Enforce failed" /> : null}
      {s.del.error !== null ? <ProblemNotice error={s.del.error} title="Delete failed" /> : null}
      <ProblemNotice error={s.board.error} />
      {snapshot !== undefined && view !== undefined && actions !== undefined ? (
        <>
          <BoardFilterBar filters={s.filters} namespaces={snapshot.namespaces} onChange={s.setFilters} {...(view.filterError !== undefined ? { error: view.filterError } : {})} />
          <div className="pb-range">
            <label htmlFor="board-range">Traffic in the last</label>
            <select id="board-range" className="select" value={s.rangeMinutes} onChange={(e) => s.setRangeMinutes(Number(e.target.value))}>
              {RANGES.map((r) => (
                <option key={r.minutes} value={r.minutes}>
                  {r.label}
                </option>
              ))}
            </select>
            <span className="small muted" data-testid="traffic-summary">
              {traffic.data !== undefined ? `${traffic.data.records.toLocaleString("en")} flow records · ✓ allowed ✗ denied ↷ passed per policy` : traffic.isPending ? "Counting…" : ""}
            </span>
          </div>
          <ProblemNotice error={traffic.error} title="Traffic counters unavailable" />
          <BulkBar s={s} />
          <LintFindingsProvider findings={lint.data?.findings}>
          <div className="pb-lanes" data-testid="board">
            {view.lanes.map((lane) => (
              <LazyBlock key={lane.name} enabled={s.collapsedByDefault} estimate={46}>
                <TierLane
                  lane={lane}
                  laneIndex={existing.indexOf(lane)}
                  laneCount={existing.length}
                  counts={snapshot.endpointCounts}
                  traffic={traffic.data?.policies}
                  range={s.rangeLabel}
                  collapsed={s.isCollapsed(lane.name)}
                  virtual={s.collapsedByDefault}
                  onToggle={() => s.toggleLane(lane.name)}
                  actions={actions}
                  locked={snapshot.lockedTiers?.includes(lane.name) ?? false}
                  canManageTiers={(snapshot.lockedTiers?.length ?? 0) === 0}
                />
              </LazyBlock>
            ))}
          </div>
          </LintFindingsProvider>
        </>
      ) : s.board.isPending ? (
        <div className="loading">Loading the board…</div>
      ) : null}
      {s.confirm !== undefined && dialog !== undefined ? (
        <ConfirmDialog open title={dialog.title} confirmLabel={dialog.label} danger={dialog.danger} busy={s.busy} onCancel={() => s.setConfirm(undefined)} onConfirm={() => void s.confirmNow()}>
          {dialog.body}
        </ConfirmDialog>
      ) : null}
    </DndProvider>
  );
}
