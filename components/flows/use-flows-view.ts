"use client";
/**
 * State and effects of the Flows page: filters in the URL, drafts debounced into the query, the
 * continuous list (pages fetched as the reader scrolls), the row count, live rows pushed by the
 * server, and the selected row. The components only render what this returns.
 */
import { useCallback, useMemo, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { FlowRowView } from "@/lib/contracts/flows";
import { useFlowCount, useFlowPages, useFlowStream } from "@/lib/hooks/use-flows";
import type { FlowStreamStatus } from "@/lib/hooks/use-flows";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { useDebounced } from "@/components/policies/use-debounced";
import { DEFAULT_VISIBLE } from "@/components/flows/flow-columns";
import { cleared, parseFlowState, toApiQuery, toFlowSearch, withChip, withChoice, withoutChip, withRange } from "@/components/flows/flow-query-state";
import type { ChipField, ChoiceField, FlowDrafts, FlowFilterState } from "@/components/flows/flow-query-state";
import type { TimePresetId } from "@/components/flows/time-range";

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

  const pages = useFlowPages(clusterId, query);
  const count = useFlowCount(clusterId, query);
  const loaded = useMemo(() => (pages.isPlaceholderData ? [] : (pages.data?.pages.flatMap((p) => p.items) ?? [])), [pages.data, pages.isPlaceholderData]);
  const firstPage = pages.isPlaceholderData ? undefined : pages.data?.pages[0];
  const streamAfter = firstPage === undefined ? undefined : (firstPage.latest ?? newestRowId(firstPage.items) ?? "0");

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
          ? { ...base, shown: [...rows, ...base.shown].sort(byNewest) }
          : { ...base, waiting: [...rows, ...base.waiting].sort(byNewest) };
      });
    },
    [queryKey],
  );
  const streamStatus: FlowStreamStatus = useFlowStream(clusterId, query, streamAfter, live && state.range.to === undefined, onRows);

  const rows = useMemo(() => uniqueRows([...current.shown, ...loaded]), [current.shown, loaded]);
  const fetchNextPage = pages.fetchNextPage;
  const loadMore = useCallback(() => {
    void fetchNextPage();
  }, [fetchNextPage]);
  const showWaiting = useCallback(() => {
    setLiveRows((prev) => (prev.queryKey === queryKey ? { queryKey, shown: [...prev.waiting, ...prev.shown].sort(byNewest), waiting: [] } : prev));
  }, [queryKey]);

  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const [detailOpen, setDetailOpen] = useState(false);
  const selectedIndex = selectedId === undefined ? -1 : rows.findIndex((r) => r.id === selectedId);
  const selected = selectedIndex >= 0 ? rows[selectedIndex] : undefined;

  const total = count.data === undefined ? undefined : { count: count.data.count + current.shown.length + current.waiting.length, capped: count.data.capped };

  return {
    clusterId,
    state,
    drafts,
    query,
    rows,
    total,
    pages,
    loadMore,
    error: pages.error ?? count.error,
    live,
    setLive,
    streamStatus,
    waiting: current.waiting.length,
    showWaiting,
    setAtTop: (value: boolean) => {
      atTop.current = value;
    },
    visible: DEFAULT_VISIBLE,
    selected,
    selectedIndex,
    detailOpen: detailOpen && selected !== undefined,
    select: (index: number) => {
      const row = rows[index];
      if (row !== undefined) setSelectedId(row.id);
    },
    openDetail: (index?: number) => {
      const row = index === undefined ? selected : rows[index];
      if (row !== undefined) {
        setSelectedId(row.id);
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
