"use client";
/**
 * State and effects of the Flows page: filters in the URL, drafts debounced into the query, the
 * continuous list (pages fetched as the reader scrolls), the row count, live rows pushed by the
 * server, and the selected row. The components only render what this returns.
 */
import { useCallback, useMemo, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { FlowRowView } from "@/lib/contracts/flows";
import { FLOW_PAGE_SIZE, useFlowSnapshot, useFlowStream } from "@/lib/hooks/use-flows";
import type { FlowStreamStatus } from "@/lib/hooks/use-flows";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { useDebounced } from "@/components/policies/use-debounced";
import { DEFAULT_VISIBLE, HIDDEN_WITH_PANE } from "@/components/flows/flow-columns";
import { cleared, parseFlowState, toApiQuery, toFlowSearch, withChip, withChoice, withoutChip, withRange } from "@/components/flows/flow-query-state";
import type { ChipField, ChoiceField, FlowDrafts, FlowFilterState } from "@/components/flows/flow-query-state";
import type { TimePresetId } from "@/components/flows/time-range";

/** The columns shown beside the detail pane (one array, so the table's memoised rows stay valid). */
const VISIBLE_WITH_PANE: readonly string[] = DEFAULT_VISIBLE.filter((c) => !HIDDEN_WITH_PANE.includes(c));

/** Typing pauses this long before the table follows (one query per pause, not per keystroke). */
export const FILTER_DEBOUNCE_MS = 200;

/** The newest row id (row ids are decimal bigint strings) among `rows`, or undefined. */
export function newestRowId(rows: readonly FlowRowView[]): string | undefined {
  let best: bigint | undefined;
  for (const r of rows) {
    const id = BigInt(r.id);
    if (best === undefined || id > best) best = id;
  }
  return best?.toString();
}

/** `rows` without repeated ids, first occurrence kept (live rows may reappear in an older page). */
export function uniqueRows(rows: readonly FlowRowView[]): FlowRowView[] {
  const seen = new Set<string>();
  const out: FlowRowView[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
  }
  return out;
}

/** Newest first, as the table sorts: by start time, then by row id (storage order). */
export function byNewest(a: FlowRowView, b: FlowRowView): number {
  if (a.startTime !== b.startTime) return b.startTime - a.startTime;
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x === y ? 0 : x > y ? -1 : 1;
}

/** Live rows, newest first, split into those shown and those waiting behind "N new flows". */
interface LiveRows {
  readonly queryKey: string;
  readonly shown: readonly FlowRowView[];
  readonly waiting: readonly FlowRowView[];
}

export function useFlowsView() {
  const { clusterId } = useCurrentCluster();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const searchKey = search.toString();
  // A preset range is fixed to absolute seconds once per URL, so query keys stay stable.
  const state = useMemo(() => parseFlowState(new URLSearchParams(searchKey)), [searchKey]);
  const [drafts, setDrafts] = useState<FlowDrafts>({});
  const settledDrafts = useDebounced(drafts, FILTER_DEBOUNCE_MS);
  const query = useMemo(() => toApiQuery(state, settledDrafts), [state, settledDrafts]);
  const queryKey = JSON.stringify(query);

  const navigate = useCallback(
    (next: FlowFilterState) => {
      const q = toFlowSearch(next);
      router.push(q === "" ? pathname : `${pathname}?${q}`, { scroll: false });
    },
    [router, pathname],
  );

  // The table reports which snapshot pages its rendered window covers; those are loaded.
  const [neededPages, setNeededPages] = useState<readonly number[]>([0]);
  const snapshot = useFlowSnapshot(clusterId, query, neededPages);
  const latest = snapshot.latest;
  // The first page brings the snapshot's row count with it (one round trip).
  const count = snapshot.count;
  const snapshotRows = count?.count ?? snapshot.first.data?.items.length ?? 0;

  const [live, setLive] = useState(true);
  const [liveRows, setLiveRows] = useState<LiveRows>({ queryKey, shown: [], waiting: [] });
  // Live rows belong to one filter set: a new query starts with none.
  const current: LiveRows = liveRows.queryKey === queryKey ? liveRows : { queryKey, shown: [], waiting: [] };
  const atTop = useRef(true);
  const onRows = useCallback(
    (rows: readonly FlowRowView[]) => {
      setLiveRows((prev) => {
        const base = prev.queryKey === queryKey ? prev : { queryKey, shown: [], waiting: [] };
        // At the top the reader follows the stream; further down, new rows wait so nothing moves.
        return atTop.current && base.waiting.length === 0
          ? { ...base, shown: uniqueRows([...rows, ...base.shown]).sort(byNewest) }
          : { ...base, waiting: uniqueRows([...rows, ...base.waiting]).sort(byNewest) };
      });
    },
    [queryKey],
  );
  const streamStatus: FlowStreamStatus = useFlowStream(clusterId, query, latest, live && state.range.to === undefined, onRows);

  const shown = current.shown;
  const rowCount = shown.length + snapshotRows;
  const rowAt = useCallback(
    (index: number): FlowRowView | undefined => {
      if (index < shown.length) return shown[index];
      const i = index - shown.length;
      return snapshot.loaded.get(Math.floor(i / FLOW_PAGE_SIZE))?.[i % FLOW_PAGE_SIZE];
    },
    [shown, snapshot.loaded],
  );
  const onWindow = useCallback(
    (start: number, end: number) => {
      const from = Math.max(0, Math.floor((start - shown.length) / FLOW_PAGE_SIZE));
      const to = Math.max(from, Math.floor((Math.max(start, end - 1) - shown.length) / FLOW_PAGE_SIZE));
      const next: number[] = [0];
      for (let p = Math.max(1, from); p <= to; p++) next.push(p);
      setNeededPages((prev) => (prev.length === next.length && prev.every((p, i) => p === next[i]) ? prev : next));
    },
    [shown.length],
  );
  const showWaiting = useCallback(() => {
    setLiveRows((prev) => (prev.queryKey === queryKey ? { queryKey, shown: uniqueRows([...prev.waiting, ...prev.shown]).sort(byNewest), waiting: [] } : prev));
  }, [queryKey]);

  // The selection is an index into the list plus the id it showed: live rows added above it
  // move it down, so the index follows the id.
  const [selection, setSelection] = useState<{ readonly index: number; readonly id: string } | undefined>(undefined);
  const [detailOpen, setDetailOpen] = useState(false);
  let selectedIndex = -1;
  if (selection !== undefined) {
    if (rowAt(selection.index)?.id === selection.id) selectedIndex = selection.index;
    else {
      const live = shown.findIndex((r) => r.id === selection.id);
      const shifted = selection.index + shown.length;
      selectedIndex = live >= 0 ? live : rowAt(shifted)?.id === selection.id ? shifted : -1;
    }
  }
  const selected = selectedIndex >= 0 ? rowAt(selectedIndex) : undefined;
  const total = count !== undefined ? { count: count.count + shown.length + current.waiting.length, capped: count.capped } : undefined;

  return {
    clusterId,
    state,
    drafts,
    query,
    rowCount,
    rowAt,
    onWindow,
    loading: snapshot.first.isPending,
    fetching: snapshot.fetching,
    total,
    error: snapshot.error,
    live,
    setLive,
    streamStatus,
    waiting: current.waiting.length,
    showWaiting,
    setAtTop: (value: boolean) => {
      atTop.current = value;
    },
    visible: detailOpen && selected !== undefined ? VISIBLE_WITH_PANE : DEFAULT_VISIBLE,
    selected,
    selectedIndex,
    detailOpen: detailOpen && selected !== undefined,
    select: (index: number) => {
      const row = rowAt(index);
      if (row !== undefined) setSelection({ index, id: row.id });
    },
    openDetail: (index?: number) => {
      const at = index ?? selectedIndex;
      const row = at >= 0 ? rowAt(at) : undefined;
      if (row !== undefined) {
        setSelection({ index: at, id: row.id });
        setDetailOpen(true);
      }
    },
    closeDetail: () => setDetailOpen(false),
    addChip: (field: ChipField, value: string) => navigate(withChip(state, field, value)),
    removeChip: (field: ChipField, value: string) => navigate(withoutChip(state, field, value)),
    setDraft: (field: ChipField, text: string) => setDrafts((d) => ({ ...d, [field]: text })),
    setChoice: (field: ChoiceField, value: string) => navigate(withChoice(state, field, value)),
    setPreset: (preset: Exclude<TimePresetId, "custom">) => navigate(withRange(state, preset)),
    clearFilters: () => {
      setDrafts({});
      navigate(cleared(state));
    },
  };
}
