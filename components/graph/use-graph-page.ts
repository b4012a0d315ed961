"use client";
/**
 * The graph page's state and data (GraphView renders it): filters and time range (from the URL
 * at first), the graph query, namespace labels for "group by", the client pipeline
 * (filterGraph → aggregateLargeGraph → groupByLabel), the stored node positions of the current
 * saved view (or of the plain page), and saving positions as the canvas reports them.
 */
import { useCallback, useMemo, useRef, useState } from "react";
import { useSearchParams } from "next/navigation";
import type { Position } from "@/lib/graph";
import { aggregateLargeGraph, filterGraph, groupByLabel, labelKeysOf } from "@/lib/graph";
import type { SavedGraphView } from "@/lib/contracts/saved-views";
import { resourceTypeForKind } from "@/lib/contracts/resources";
import { useGraph } from "@/lib/hooks/use-graph";
import { useAdoptGraphPositions, useGraphPositions, useSaveGraphPositions } from "@/lib/hooks/use-graph-positions";
import { useObjectList } from "@/lib/hooks/use-objects";
import { rangeFromSearch } from "@/components/flows/time-range";
import type { TimeRange } from "@/components/flows/time-range";
import type { GraphControls, GraphSelection } from "@/components/graph/use-graph-canvas";
import { fromGraphViewState, toGraphViewState } from "@/components/graph/saved-view-state";

export const EDGE_FILTER_CLASSES = [
  ["allowed", "Allowed"],
  ["denied", "Denied"],
  ["staged-denied", "Staged denied"],
] as const;
export type EdgeFilterClass = (typeof EDGE_FILTER_CLASSES)[number][0];

/** Positions reported by the canvas are written at most this often (a drag reports on release). */
const SAVE_POSITIONS_MS = 500;
const NAMESPACE_TYPE = resourceTypeForKind("Namespace");

export function useGraphPage(clusterId: string) {
  const search = useSearchParams();
  const [range, setRange] = useState<TimeRange>(() => rangeFromSearch(new URLSearchParams(search.toString())));
  const [expanded, setExpanded] = useState<readonly string[]>(() => (search.get("expand") ?? "").split(",").filter((s) => s !== ""));
  const [namespace, setNamespace] = useState(search.get("namespace") ?? "");
  const [classes, setClasses] = useState<readonly EdgeFilterClass[]>([]);
  const [text, setText] = useState("");
  const [groupBy, setGroupBy] = useState(search.get("groupBy") ?? "");
  const [hideUnrelated, setHideUnrelated] = useState(false);
  const [live, setLive] = useState(true);
  const [selection, setSelection] = useState<GraphSelection | undefined>(undefined);
  /** The saved view in use ("" = none): its stored positions place the graph. */
  const [viewId, setViewId] = useState("");
  const controls = useRef<GraphControls | null>(null);

  const query = { from: range.from, to: range.to, expand: [...expanded].sort().join(","), namespace: namespace.trim(), action: classes.join(",") };
  const graph = useGraph(clusterId, query, { live });
  const namespaces = useObjectList(clusterId, NAMESPACE_TYPE);
  const labels = useMemo(() => new Map((namespaces.data?.items ?? []).map((n) => [n.metadata.name, n.metadata.labels ?? {}])), [namespaces.data]);
  const groupKeys = useMemo(() => labelKeysOf(labels).filter((k) => !k.startsWith("kubernetes.io/") && !k.startsWith("projectcalico.org/")), [labels]);

  const view = useMemo(() => {
    const g = graph.data ?? { nodes: [], edges: [] };
    const focus = hideUnrelated && selection?.kind === "node" ? { focus: { nodeId: selection.id, depth: 1 } } : {};
    // The server folds large graphs already; this guards the canvas against any graph above the limit.
    const folded = aggregateLargeGraph(filterGraph(g, { ...(text.trim() !== "" ? { search: text.trim() } : {}), ...focus })).graph;
    return groupByLabel(folded, labels, groupBy);
  }, [graph.data, text, hideUnrelated, selection, labels, groupBy]);

  const positions = useGraphPositions(clusterId, viewId === "" ? undefined : viewId);
  const storedPositions = useMemo(() => new Map(Object.entries(positions.data?.positions ?? {})), [positions.data]);
  const savePositions = useSaveGraphPositions(clusterId, viewId === "" ? undefined : viewId);
  const pendingSave = useRef<{ positions: Record<string, Position>; timer: ReturnType<typeof setTimeout> | undefined }>({ positions: {}, timer: undefined });
  const adopt = useAdoptGraphPositions(clusterId);
  const { mutate } = savePositions;
  const onPositionsChange = useCallback(
    (moved: Readonly<Record<string, Position>>) => {
      const p = pendingSave.current;
      Object.assign(p.positions, moved);
      if (p.timer !== undefined) return;
      p.timer = setTimeout(() => {
        const batch = p.positions;
        p.positions = {};
        p.timer = undefined;
        if (Object.keys(batch).length > 0) mutate({ positions: batch });
      }, SAVE_POSITIONS_MS);
    },
    [mutate],
  );

  const captureView = (withViewport: boolean) => {
    const focusNodeId = selection?.kind === "node" ? selection.id : undefined;
    const viewport = withViewport ? controls.current?.viewport() : undefined;
    return toGraphViewState({ range, namespace, classes, text, expanded, hideUnrelated, groupBy, ...(focusNodeId !== undefined ? { focusNodeId } : {}) }, viewport);
  };
  const applyView = (v: SavedGraphView) => {
    const next = fromGraphViewState(v.state);
    setRange(next.range);
    setNamespace(next.namespace);
    setClasses(next.classes);
    setText(next.text);
    setExpanded(next.expanded);
    setHideUnrelated(next.hideUnrelated);
    setGroupBy(next.groupBy);
    setViewId(v.id);
    setSelection(next.focusNodeId !== undefined ? { kind: "node", id: next.focusNodeId } : undefined);
    controls.current?.select(next.focusNodeId);
    if (v.state.viewport !== undefined) controls.current?.setViewport(v.state.viewport, { afterLayout: true });
  };

  return {
    range,
    setRange,
    expanded,
    setExpanded,
    namespace,
    setNamespace,
    classes,
    toggleClass: (c: EdgeFilterClass) => setClasses((prev) => (prev.includes(c) ? prev.filter((x) => x !== c) : [...prev, c])),
    text,
    setText,
    groupBy,
    setGroupBy,
    groupKeys,
    hideUnrelated,
    setHideUnrelated,
    live,
    setLive,
    selection,
    setSelection,
    toggleNamespace: (ns: string) => setExpanded((prev) => (prev.includes(ns) ? prev.filter((x) => x !== ns) : [...prev, ns])),
    controls,
    graph,
    view,
    /** The canvas waits for the stored positions (or their failure) so its first picture is the stored one. */
    positionsReady: !positions.isPending,
    positionsError: positions.error ?? savePositions.error ?? adopt.error,
    storedPositions,
    viewId,
    onPositionsChange,
    captureView,
    applyView,
    /** A view was just saved: it gets the current picture as its positions and becomes the layout in use. */
    onViewSaved: (v: SavedGraphView) => {
      const current = controls.current?.positions() ?? {};
      if (Object.keys(current).length > 0) adopt.mutate({ view: v.id, positions: current });
      setViewId(v.id);
    },
    onViewDeleted: () => setViewId(""),
  };
}
