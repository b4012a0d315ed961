/**
 * The graph page's state ↔ a saved view's state (lib/contracts/saved-views GraphViewState).
 * Pure. A relative time preset is saved as its id and reopened against "now"; a custom (linked)
 * range is saved as absolute seconds.
 */
import type { GraphViewState } from "@/lib/contracts/saved-views";
import { VIEW_TIME_PRESETS } from "@/lib/contracts/saved-views";
import type { TimeRange } from "@/components/flows/time-range";
import { presetRange } from "@/components/flows/time-range";
import type { GraphViewport } from "@/components/graph/use-graph-canvas";

/** The parts of the graph page a view captures. */
export interface GraphPageState {
  readonly range: TimeRange;
  /** The namespace filter as typed (comma-separated). */
  readonly namespace: string;
  readonly classes: readonly ("allowed" | "denied" | "staged-denied")[];
  readonly text: string;
  readonly expanded: readonly string[];
  /** The selected node, if any. */
  readonly focusNodeId?: string;
  readonly hideUnrelated: boolean;
  /** Namespace label whose values box the namespaces ("" = none). */
  readonly groupBy: string;
}

/** Splits the namespace field into names (trimmed, empties and repeats dropped). */
export function splitNamespaces(text: string): string[] {
  return [...new Set(text.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
}

/** The view to save; `viewport` only when the user keeps zoom and position. */
export function toGraphViewState(page: GraphPageState, viewport?: GraphViewport): GraphViewState {
  const preset = VIEW_TIME_PRESETS.find((p) => p === page.range.preset);
  return {
    range: preset !== undefined ? { kind: "preset", preset } : { kind: "absolute", from: page.range.from, ...(page.range.to !== undefined ? { to: page.range.to } : {}) },
    namespaces: splitNamespaces(page.namespace),
    actions: [...page.classes],
    search: page.text.trim(),
    expanded: [...page.expanded].sort(),
    groupBy: page.groupBy,
    ...(page.focusNodeId !== undefined ? { focus: { nodeId: page.focusNodeId, hideUnrelated: page.hideUnrelated } } : {}),
    ...(viewport !== undefined ? { viewport: { zoom: viewport.zoom, pan: { x: viewport.pan.x, y: viewport.pan.y } } } : {}),
  };
}

/** The page state a saved view reopens (`now` in UNIX seconds for relative presets). */
export function fromGraphViewState(view: GraphViewState, now?: number): GraphPageState {
  const range: TimeRange = view.range.kind === "preset" ? presetRange(view.range.preset, now) : { preset: "custom", from: view.range.from, ...(view.range.to !== undefined ? { to: view.range.to } : {}) };
  return {
    range,
    namespace: view.namespaces.join(","),
    classes: [...view.actions],
    text: view.search,
    expanded: [...view.expanded],
    ...(view.focus !== undefined ? { focusNodeId: view.focus.nodeId } : {}),
    hideUnrelated: view.focus?.hideUnrelated ?? false,
    groupBy: view.groupBy,
  };
}
