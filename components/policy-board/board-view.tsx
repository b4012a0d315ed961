"use client";
import "@/components/policy-board/board.css";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { DndProvider } from "react-dnd";
import { HTML5Backend } from "react-dnd-html5-backend";
import type { BoardCard, BoardFilters, BoardLane } from "@/lib/board";
import { buildBoard, canDeleteTier, exportBoardYaml } from "@/lib/board";
import type { BoardChange } from "@/lib/contracts/board";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useBoard, useBoardChanges, useBoardTraffic, useEnforce } from "@/lib/hooks/use-board";
import { useDeleteResource } from "@/lib/hooks/use-policies";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { BoardFilterBar } from "@/components/policy-board/board-filters";
import type { PlannedMove } from "@/components/policy-board/board-moves";
import { canDrop, planDrop, planStep, planTierMove, versionsOf } from "@/components/policy-board/board-moves";
import { targetIndexFor } from "@/components/policy-board/board-dnd";
import type { PolicyDragItem, TierDragItem } from "@/components/policy-board/board-dnd";
import { downloadText } from "@/components/policy-board/download";
import { ImportPanel } from "@/components/policy-board/import-panel";
import { LazyBlock } from "@/components/policy-board/lazy-block";
import { TierForm } from "@/components/policy-board/tier-form";
import type { LaneActions } from "@/components/policy-board/tier-lane";
import { TierLane } from "@/components/policy-board/tier-lane";
import { WhatIfPanel } from "@/components/policies/what-if-panel";
import { LintFindingsProvider } from "@/components/policy-board/lint-badge";
import { useLint } from "@/lib/hooks/use-lint";

/** Flow history the board's analyser badges read (unused rules, staged-policy check), in minutes. */
const LINT_WINDOW_MINUTES = 24 * 60;

/**
 * Above this many policies, tiers start collapsed and lanes and cards outside the viewport are
 * not rendered (LazyBlock): the DOM stays near a screenful (bench/board.bench.ts, ≤ 1,400 nodes).
 */
const COLLAPSE_ABOVE = 300;

type Panel = "none" | "tier" | "import" | "whatif";

/** Time ranges of the traffic counters, in minutes, with their labels. */
const RANGES: readonly { readonly minutes: number; readonly label: string }[] = [
  { minutes: 15, label: "15 min" },
  { minutes: 60, label: "1 hour" },
  { minutes: 360, label: "6 hours" },
  { minutes: 1440, label: "24 hours" },
  { minutes: 10080, label: "7 days" },
];

/**
 * The policy board: tiers as lanes and policies as cards, both in Calico's evaluation order.
 * Drag and drop (react-dnd) and keyboard buttons reorder policies and tiers and move policies
 * between tiers; every gesture is planned by lib/board, written atomically, optimistic, and
 * rolled back (with the server's reason shown) when refused — a 409 is shown, never overwritten.
 */
export function BoardView() {
  const { clusterId } = useCurrentCluster();
  const board = useBoard(clusterId);
  const changes = useBoardChanges(clusterId);
  const enforce = useEnforce(clusterId);
  const del = useDeleteResource(clusterId);
  const [filters, setFilters] = useState<BoardFilters>({});
  const [rangeMinutes, setRangeMinutes] = useState(15);
  const traffic = useBoardTraffic(clusterId, rangeMinutes);
  const lint = useLint(clusterId, LINT_WINDOW_MINUTES);
  const rangeLabel = RANGES.find((r) => r.minutes === rangeMinutes)?.label ?? `${rangeMinutes} min`;
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState<Panel>("none");
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState<Extract<PlannedMove, { ok: true }> | undefined>(undefined);
  const [enforcing, setEnforcing] = useState<BoardCard | undefined>(undefined);
  const [deleting, setDeleting] = useState<BoardLane | undefined>(undefined);

  const snapshot = board.data;
  const view = useMemo(() => (snapshot === undefined ? undefined : buildBoard(snapshot.resources, { filters })), [snapshot, filters]);
  // Some tiers are hidden from this user: creating or deleting tiers needs every tier (403 otherwise).
  const tiersLocked = (snapshot?.lockedTiers?.length ?? 0) > 0;
  const versions = useMemo(() => versionsOf(snapshot?.resources ?? []), [snapshot]);
  const total = snapshot?.resources.length ?? 0;
  const collapsedByDefault = total > COLLAPSE_ABOVE;
  const isCollapsed = (name: string) => toggled.has(name) !== collapsedByDefault;

  const send = useCallback(
    (list: readonly BoardChange[]) => {
      setMessage(undefined);
      changes.mutate(list, {
        onError: (e) =>
          setMessage(isApiProblem(e) && e.status === 409 ? `Not saved: ${e.problem.detail ?? "someone else changed this meanwhile"}. The board now shows the current state.` : undefined),
      });
    },
    [changes],
  );

  const run = useCallback(
    (plan: PlannedMove) => {
      if (!plan.ok) {
        setMessage(plan.reason);
        return;
      }
      if (plan.confirm !== undefined) setPending(plan);
      else send(plan.changes);
    },
    [send],
  );

  const actions: LaneActions | undefined = useMemo(() => {
    if (view === undefined) return undefined;
    return {
      canDropPolicy: (lane, item) => canDrop(view, item.key, lane),
      dropPolicy: (lane, item: PolicyDragItem, gap) => {
        const current = lane.allCards.findIndex((c) => c.key === item.key);
        run(planDrop(view, versions, item.key, lane, targetIndexFor(gap, current >= 0 ? current : undefined)));
      },
      movePolicy: (lane, card, direction) => run(planStep(lane, versions, card.key, direction)),
      enforce: (card) => setEnforcing(card),
      dropTier: (item: TierDragItem, target) => run(planTierMove(view, versions, item.name, view.lanes.filter((l) => l.exists).findIndex((l) => l.name === target.name))),
      moveTier: (lane, direction) => {
        const existing = view.lanes.filter((l) => l.exists);
        const i = existing.findIndex((l) => l.name === lane.name);
        run(planTierMove(view, versions, lane.name, direction === "up" ? i - 1 : i + 1));
      },
      deleteTier: (lane) => {
        const verdict = canDeleteTier(lane.name, snapshot?.resources ?? []);
        if (!verdict.ok) setMessage(verdict.reason);
        else setDeleting(lane);
      },
      exportTier: (lane) => downloadText(`tier-${lane.name}.yaml`, exportBoardYaml(snapshot?.resources ?? [], { tier: lane.name })),
      exportPolicy: (key) => downloadText(`${key.split("/").slice(1).join("-")}.yaml`, exportBoardYaml(snapshot?.resources ?? [], { policy: key })),
    };
  }, [view, versions, run, snapshot]);

  const confirmText = pending?.confirm;
  const stagedOf = enforcing?.staged;
  return (
    <DndProvider backend={HTML5Backend}>
      <PageHeader
        title="Policy board"
        description={`Tiers and policies of cluster “${clusterId}” in the order Calico evaluates them. Drag cards to reorder or move them; drag a tier by its grip.`}
        actions={
          <>
            <Link className="btn btn-primary" href="/policies/new">
              New policy
            </Link>
            <Link className="btn" href="/recommendations/new">
              Recommend a policy
            </Link>
            {tiersLocked ? null : (
              <button type="button" className="btn" onClick={() => setPanel(panel === "tier" ? "none" : "tier")}>
                New tier
              </button>
            )}
            <button type="button" className="btn" onClick={() => setPanel(panel === "whatif" ? "none" : "whatif")}>
              What-if probe
            </button>
            <button type="button" className="btn" onClick={() => setPanel(panel === "import" ? "none" : "import")}>
              Import YAML
            </button>
            <button type="button" className="btn" disabled={snapshot === undefined} onClick={() => downloadText(`board-${clusterId}.yaml`, exportBoardYaml(snapshot?.resources ?? []))}>
              Export board
            </button>
          </>
        }
      />
      {panel === "tier" ? (
        <section className="card pb-panel" aria-labelledby="new-tier-title">
          <div className="card-header">
            <h2 id="new-tier-title">New tier</h2>
          </div>
          <div className="card-body">
            <TierForm cluster={clusterId} onDone={() => setPanel("none")} onCancel={() => setPanel("none")} />
          </div>
        </section>
      ) : null}
      {panel === "import" ? <ImportPanel cluster={clusterId} onClose={() => setPanel("none")} /> : null}
      {panel === "whatif" && snapshot !== undefined ? <WhatIfPanel cluster={clusterId} snapshot={snapshot} /> : null}
      {message !== undefined ? (
        <div className="notice notice-warn pb-message" role="alert">
          {message}{" "}
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setMessage(undefined)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {changes.error !== null && !(isApiProblem(changes.error) && changes.error.status === 409) ? <ProblemNotice error={changes.error} title="The change was not saved" /> : null}
      {enforce.error !== null ? <ProblemNotice error={enforce.error} title="Enforce failed" /> : null}
      {del.error !== null ? <ProblemNotice error={del.error} title="Delete failed" /> : null}
      <ProblemNotice error={board.error} />
      {snapshot !== undefined && view !== undefined && actions !== undefined ? (
        <>
          <BoardFilterBar filters={filters} namespaces={snapshot.namespaces} onChange={setFilters} {...(view.filterError !== undefined ? { error: view.filterError } : {})} />
          <div className="pb-range">
            <label htmlFor="board-range">Traffic in the last</label>
            <select id="board-range" className="select" value={rangeMinutes} onChange={(e) => setRangeMinutes(Number(e.target.value))}>
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
          <LintFindingsProvider findings={lint.data?.findings}>
          <div className="pb-lanes" data-testid="board">
            {view.lanes.map((lane) => (
              <LazyBlock key={lane.name} enabled={collapsedByDefault} estimate={46}>
                <TierLane
                  lane={lane}
                  laneIndex={view.lanes.filter((l) => l.exists).indexOf(lane)}
                  laneCount={view.lanes.filter((l) => l.exists).length}
                  counts={snapshot.endpointCounts}
                  traffic={traffic.data?.policies}
                  range={rangeLabel}
                  collapsed={isCollapsed(lane.name)}
                  virtual={collapsedByDefault}
                  locked={snapshot.lockedTiers?.includes(lane.name) ?? false}
                  canManageTiers={!tiersLocked}
                  onToggle={() => setToggled((t) => { const n = new Set(t); if (n.has(lane.name)) n.delete(lane.name); else n.add(lane.name); return n; })}
                  actions={actions}
                />
              </LazyBlock>
            ))}
          </div>
          </LintFindingsProvider>
        </>
      ) : board.isPending ? (
        <div className="loading">Loading the board…</div>
      ) : null}
      {pending !== undefined ? (
      <ConfirmDialog
        open={pending !== undefined}
        title="Move policy to another tier"
        confirmLabel="Move"
        busy={changes.isPending}
        onCancel={() => setPending(undefined)}
        onConfirm={() => {
          if (pending !== undefined) send(pending.changes);
          setPending(undefined);
        }}
      >
        {confirmText !== undefined ? (
          <div className="stack">
            <p>
              Tier: <code>{confirmText.move.tierChange?.from}</code> → <code>{confirmText.move.tierChange?.to}</code>
            </p>
            {confirmText.move.rename !== undefined ? (
              <p>
                Name: <code>{confirmText.move.rename.from}</code> → <code>{confirmText.move.rename.to}</code> (names are immutable: the policy is deleted and created again under the new name, in one change)
              </p>
            ) : (
              <p>The name stays the same.</p>
            )}
          </div>
        ) : null}
      </ConfirmDialog>
      ) : null}
      {enforcing !== undefined ? (
      <ConfirmDialog
        open={enforcing !== undefined}
        title="Enforce staged policy"
        confirmLabel="Enforce"
        busy={enforce.isPending}
        onCancel={() => setEnforcing(undefined)}
        onConfirm={() => {
          if (stagedOf !== undefined) enforce.mutate({ key: stagedOf.key, resourceVersion: stagedOf.resource.metadata.resourceVersion ?? "" });
          setEnforcing(undefined);
        }}
      >
        <p>
          {stagedOf?.stagedAction === "Delete"
            ? `This deletes the enforced policy ${stagedOf.displayName.replace(/^staged:/, "")} and its staged copy.`
            : `The staged ${stagedOf?.displayName ?? ""} becomes an enforced policy and starts changing traffic; the staged copy is removed.`}
        </p>
      </ConfirmDialog>
      ) : null}
      {deleting !== undefined ? (
      <ConfirmDialog
        open={deleting !== undefined}
        title="Delete tier"
        danger
        confirmLabel="Delete tier"
        busy={del.isPending}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          if (deleting !== undefined) del.mutate({ kind: "Tier", name: deleting.name, ...(deleting.resource?.metadata.resourceVersion !== undefined ? { resourceVersion: deleting.resource.metadata.resourceVersion } : {}) });
          setDeleting(undefined);
        }}
      >
        <p>Delete the empty tier {deleting?.name}?</p>
      </ConfirmDialog>
      ) : null}
    </DndProvider>
  );
}
