"use client";
import { useCallback, useMemo, useState } from "react";
import type { BoardCard, BoardFilters, BoardLane, PolicyView, StagedPolicy } from "@/lib/board";
import { buildBoard, canDeleteTier, exportBoardYaml } from "@/lib/board";
import type { CalicoResource } from "@/lib/calico/types";
import type { BoardChange, WriteSummary } from "@/lib/contracts/board";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { assertNever } from "@/lib/result";
import { useBoard, useBoardChanges, useBoardTraffic, useEnforce } from "@/lib/hooks/use-board";
import { useApplyResources, useDeleteResource } from "@/lib/hooks/use-policies";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { useToast } from "@/components/ui/toast";
import { membersOf, planBulkMove, plannedEnforces, plannedStages, planUndo, selectedCards, selectedResources } from "@/components/policy-board/board-bulk";
import type { PlannedMove } from "@/components/policy-board/board-moves";
import { canDrop, planDrop, planStep, planTierMove, versionsOf } from "@/components/policy-board/board-moves";
import { targetIndexFor } from "@/components/policy-board/board-dnd";
import type { PolicyDragItem, TierDragItem } from "@/components/policy-board/board-dnd";
import { downloadText } from "@/components/policy-board/download";
import type { LaneActions } from "@/components/policy-board/tier-lane";

/**
 * Above this many policies, tiers start collapsed and lanes and cards outside the viewport are
 * not rendered (LazyBlock): the DOM stays near a screenful (bench/board.bench.ts, ≤ 1,400 nodes).
 */
export const COLLAPSE_ABOVE = 300;

/** Time ranges of the traffic counters, in minutes, with their labels. */
export const RANGES: readonly { readonly minutes: number; readonly label: string }[] = [
  { minutes: 15, label: "15 min" },
  { minutes: 60, label: "1 hour" },
  { minutes: 360, label: "6 hours" },
  { minutes: 1440, label: "24 hours" },
  { minutes: 10080, label: "7 days" },
];

export type Panel = "none" | "tier" | "import" | "whatif";

/** What the one confirmation dialog of the board asks about. */
export type BoardConfirm =
  | { readonly kind: "move"; readonly plan: Extract<PlannedMove, { ok: true }> }
  | { readonly kind: "enforce"; readonly card: BoardCard }
  | { readonly kind: "deleteTier"; readonly lane: BoardLane }
  | { readonly kind: "deletePolicies"; readonly views: readonly PolicyView[] }
  | { readonly kind: "bulkMove"; readonly tier: string; readonly changes: readonly BoardChange[]; readonly cards: number; readonly renames: number; readonly skipped: readonly string[] }
  | { readonly kind: "bulkStage"; readonly staged: readonly StagedPolicy[] }
  | { readonly kind: "bulkEnforce"; readonly items: readonly { readonly key: string; readonly resourceVersion: string; readonly name: string }[] };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * State and effects of the policy board: the snapshot and its lanes, filters, traffic range,
 * panels, the multi-selection and its bulk actions, the one confirmation dialog, and the toasts
 * that say what each action did (with Undo for moves). board-view.tsx only renders this.
 */
export function useBoardView() {
  const { clusterId } = useCurrentCluster();
  const board = useBoard(clusterId);
  const changes = useBoardChanges(clusterId);
  const enforce = useEnforce(clusterId);
  const del = useDeleteResource(clusterId);
  const apply = useApplyResources(clusterId);
  const toast = useToast();
  const [filters, setFilters] = useState<BoardFilters>({});
  const [rangeMinutes, setRangeMinutes] = useState(15);
  const traffic = useBoardTraffic(clusterId, rangeMinutes);
  const rangeLabel = RANGES.find((r) => r.minutes === rangeMinutes)?.label ?? `${rangeMinutes} min`;
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState<Panel>("none");
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [confirm, setConfirm] = useState<BoardConfirm | undefined>(undefined);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);

  const snapshot = board.data;
  const resources = useMemo(() => snapshot?.resources ?? [], [snapshot]);
  const view = useMemo(() => (snapshot === undefined ? undefined : buildBoard(snapshot.resources, { filters })), [snapshot, filters]);
  const versions = useMemo(() => versionsOf(resources), [resources]);
  const collapsedByDefault = resources.length > COLLAPSE_ABOVE;
  const isCollapsed = (name: string) => toggled.has(name) !== collapsedByDefault;
  const toggleLane = (name: string) =>
    setToggled((t) => {
      const n = new Set(t);
      if (n.has(name)) n.delete(name);
      else n.add(name);
      return n;
    });
  const chosen = useMemo(() => (view === undefined ? [] : selectedCards(view, selected)), [view, selected]);

  /** Writes board changes; on success says what happened, with an Undo that puts everything back. */
  const send = useCallback(
    (list: readonly BoardChange[], done: string, before: readonly CalicoResource[]) => {
      setMessage(undefined);
      changes.mutate(list, {
        onSuccess: (summary: WriteSummary) => {
          const undo = planUndo(list, before, summary.written);
          toast({
            message: done,
            ...(undo !== undefined
              ? {
                  action: {
                    label: "Undo",
                    run: () =>
                      changes.mutate(undo, {
                        onSuccess: () => toast({ message: "Undone: the policies are back where they were." }),
                        onError: (e) => setMessage(`Undo failed: ${isApiProblem(e) ? (e.problem.detail ?? e.message) : String(e)}`),
                      }),
                  },
                }
              : {}),
          });
        },
        onError: (e) =>
          setMessage(isApiProblem(e) && e.status === 409 ? `Not saved: ${e.problem.detail ?? "someone else changed this meanwhile"}. The board now shows the current state.` : undefined),
      });
    },
    [changes, toast],
  );

  const describe = useCallback((plan: Extract<PlannedMove, { ok: true }>): string => {
    const tierChange = plan.confirm?.move.tierChange;
    if (tierChange !== undefined) return `Moved ${plan.confirm?.card.key.split("/").pop() ?? "the policy"} to tier ${tierChange.to}${plan.confirm?.move.rename !== undefined ? ` as ${plan.confirm.move.rename.to}` : ""}.`;
    return plan.changes.every((c) => c.key.startsWith("Tier/")) ? "Tier order saved." : "Policy order saved: the board shows the new evaluation order.";
  }, []);

  const run = useCallback(
    (plan: PlannedMove) => {
      if (!plan.ok) {
        setMessage(plan.reason);
        return;
      }
      if (plan.confirm !== undefined) setConfirm({ kind: "move", plan });
      else send(plan.changes, describe(plan), resources);
    },
    [send, describe, resources],
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
      enforce: (card) => setConfirm({ kind: "enforce", card }),
      dropTier: (item: TierDragItem, target) => run(planTierMove(view, versions, item.name, view.lanes.filter((l) => l.exists).findIndex((l) => l.name === target.name))),
      moveTier: (lane, direction) => {
        const existing = view.lanes.filter((l) => l.exists);
        const i = existing.findIndex((l) => l.name === lane.name);
        run(planTierMove(view, versions, lane.name, direction === "up" ? i - 1 : i + 1));
      },
      deleteTier: (lane) => {
        const verdict = canDeleteTier(lane.name, resources);
        if (!verdict.ok) setMessage(verdict.reason);
        else setConfirm({ kind: "deleteTier", lane });
      },
      exportTier: (lane) => {
        downloadText(`tier-${lane.name}.yaml`, exportBoardYaml(resources, { tier: lane.name }));
        toast({ message: `Downloaded tier-${lane.name}.yaml (the tier and its policies).` });
      },
      exportPolicy: (key) => {
        const file = `${key.split("/").slice(1).join("-")}.yaml`;
        downloadText(file, exportBoardYaml(resources, { policy: key }));
        toast({ message: `Downloaded ${file}.` });
      },
      deletePolicy: (v) => setConfirm({ kind: "deletePolicies", views: [v] }),
      isSelected: (key) => selected.has(key),
      select: (key, on) =>
        setSelected((s) => {
          const n = new Set(s);
          if (on) n.add(key);
          else n.delete(key);
          return n;
        }),
      selectLane: (lane, on) =>
        setSelected((s) => {
          const n = new Set(s);
          for (const c of lane.cards) {
            if (on) n.add(c.key);
            else n.delete(c.key);
          }
          return n;
        }),
    };
  }, [view, versions, run, resources, toast, selected]);

  // Bulk actions on the selection.
  const clearSelection = () => setSelected(new Set());
  const bulkMove = (tier: string) => {
    if (view === undefined) return;
    const plan = planBulkMove(view, versions, selected, tier);
    if (!plan.ok) {
      setMessage(plan.reason);
      return;
    }
    const cards = new Set(plan.changes.map((c) => c.key)).size;
    setConfirm({ kind: "bulkMove", tier, changes: plan.changes, cards, renames: plan.renames, skipped: plan.skipped.map((s) => `${s.key}: ${s.reason}`) });
  };
  const bulkStage = () => {
    if (view === undefined) return;
    const staged = plannedStages(view, selected);
    if (staged.length === 0) setMessage("Nothing to stage: every selected policy is already staged or has a staged copy.");
    else setConfirm({ kind: "bulkStage", staged });
  };
  const bulkEnforce = () => {
    if (view === undefined) return;
    const items = plannedEnforces(view, selected, versions);
    if (items.length === 0) setMessage("Nothing to enforce: none of the selected policies has a staged copy.");
    else setConfirm({ kind: "bulkEnforce", items });
  };
  const bulkDelete = () => {
    if (view !== undefined) setConfirm({ kind: "deletePolicies", views: selectedResources(view, selected) });
  };
  const bulkExport = () => {
    if (view === undefined) return;
    const keys = new Set(selectedResources(view, selected).map((m) => m.key));
    const file = `policies-${clusterId}.yaml`;
    downloadText(file, exportBoardYaml(resources, { policies: keys }));
    toast({ message: `Downloaded ${file} (${plural(keys.size, "policy", "policies")}).` });
  };

  /** Runs one write per item (the API has no batch delete or enforce); stops at nothing, reports every failure. */
  const each = async <T,>(items: readonly T[], write: (t: T) => Promise<unknown>, label: (t: T) => string): Promise<{ done: number; failed: string[] }> => {
    let done = 0;
    const failed: string[] = [];
    for (const item of items) {
      try {
        await write(item);
        done++;
      } catch (e) {
        failed.push(`${label(item)}: ${isApiProblem(e) ? (e.problem.detail ?? e.message) : String(e)}`);
      }
    }
    return { done, failed };
  };

  const confirmNow = async () => {
    const c = confirm;
    setConfirm(undefined);
    if (c === undefined) return;
    setMessage(undefined);
    switch (c.kind) {
      case "move":
        send(c.plan.changes, describe(c.plan), resources);
        return;
      case "bulkMove":
        send(c.changes, `Moved ${plural(c.cards, "policy", "policies")} to tier ${c.tier}.`, resources);
        clearSelection();
        return;
      case "enforce": {
        const staged = c.card.staged;
        if (staged === undefined) return;
        enforce.mutate(
          { key: staged.key, resourceVersion: staged.resource.metadata.resourceVersion ?? "" },
          { onSuccess: () => toast({ message: `Enforced ${staged.name}: it now changes traffic.`, link: { href: "/flows", label: "Watch Flows" } }) },
        );
        return;
      }
      case "deleteTier":
        del.mutate(
          { kind: "Tier", name: c.lane.name, ...(c.lane.resource?.metadata.resourceVersion !== undefined ? { resourceVersion: c.lane.resource.metadata.resourceVersion } : {}) },
          { onSuccess: () => toast({ message: `Deleted tier ${c.lane.name}.`, link: { href: "/audit", label: "Audit log" } }) },
        );
        return;
      case "deletePolicies": {
        setBusy(true);
        const r = await each(
          c.views,
          (v) => del.mutateAsync({ kind: v.kind, name: v.name, ...(v.namespace !== undefined ? { namespace: v.namespace } : {}), ...(versions.get(v.key) !== undefined ? { resourceVersion: versions.get(v.key) } : {}) }),
          (v) => v.displayName,
        );
        setBusy(false);
        finish(r, (n) => `Deleted ${n === 1 && c.views[0] !== undefined ? c.views[0].displayName : plural(n, "policy", "policies")}.`, { href: "/audit", label: "Audit log" });
        clearSelection();
        return;
      }
      case "bulkStage":
        apply.mutate(c.staged, {
          onSuccess: () => toast({ message: `Staged ${plural(c.staged.length, "policy", "policies")}: no traffic changes until enforced.`, link: { href: "/flows", label: "Would-be denials in Flows" } }),
          onError: (e) => setMessage(`Stage failed: ${isApiProblem(e) ? (e.problem.detail ?? e.message) : String(e)}`),
        });
        clearSelection();
        return;
      case "bulkEnforce": {
        setBusy(true);
        const r = await each(c.items, (i) => enforce.mutateAsync({ key: i.key, resourceVersion: i.resourceVersion }), (i) => i.name);
        setBusy(false);
        finish(r, (n) => `Enforced ${plural(n, "policy", "policies")}: they now change traffic.`, { href: "/flows", label: "Watch Flows" });
        clearSelection();
        return;
      }
      default:
        assertNever(c);
    }
  };

  const finish = (r: { done: number; failed: string[] }, text: (n: number) => string, link: { href: string; label: string }) => {
    if (r.done > 0) toast({ message: text(r.done), link });
    if (r.failed.length > 0) setMessage(`${plural(r.failed.length, "write")} failed: ${r.failed.join("; ")}`);
  };

  return {
    clusterId,
    board,
    snapshot,
    view,
    actions,
    changes,
    enforce,
    del,
    apply,
    traffic,
    filters,
    setFilters,
    rangeMinutes,
    setRangeMinutes,
    rangeLabel,
    collapsedByDefault,
    isCollapsed,
    toggleLane,
    panel,
    setPanel,
    message,
    setMessage,
    confirm,
    setConfirm,
    confirmNow,
    busy: busy || changes.isPending || enforce.isPending || del.isPending || apply.isPending,
    chosen,
    clearSelection,
    bulkMove,
    bulkStage,
    bulkEnforce,
    bulkDelete,
    bulkExport,
    exportAll: () => {
      const file = `board-${clusterId}.yaml`;
      downloadText(file, exportBoardYaml(resources));
      toast({ message: `Downloaded ${file} (every tier and policy).` });
    },
    membersOf,
  };
}

/** What useBoardView returns, for the presentational parts. */
export type BoardViewState = ReturnType<typeof useBoardView>;
