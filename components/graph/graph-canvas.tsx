"use client";
/**
 * The service graph's drawing surface: the cytoscape container (owned by useGraphCanvas) and,
 * for the keyboard, the node list beside it. Presentational: all state lives in the hook.
 */
import { useMemo, useRef } from "react";
import type { GraphCanvasProps } from "@/components/graph/use-graph-canvas";
import { useGraphCanvas } from "@/components/graph/use-graph-canvas";
import { GraphNodeList } from "@/components/graph/graph-node-list";

export type { GraphCanvasProps, GraphControls, GraphSelection, GraphViewport } from "@/components/graph/use-graph-canvas";

/** Nodes in a predictable order for Tab: each container, then what is inside it, by name. */
function readingOrder(props: GraphCanvasProps) {
  return [...props.graph.nodes].sort((a, b) => (a.parent ?? a.id).localeCompare(b.parent ?? b.id) || Number(b.expanded === true) - Number(a.expanded === true) || a.label.localeCompare(b.label));
}

export function GraphCanvas(props: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const { focusNode, activate } = useGraphCanvas(container, props);
  const nodes = useMemo(() => readingOrder(props), [props.graph]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="graph-canvas-wrap">
      <GraphNodeList nodes={nodes} onFocusNode={focusNode} onActivate={activate} onToggleNamespace={props.onToggleNamespace} />
      <div ref={container} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label="Service graph (the node list before it reaches every node by keyboard)" />
    </div>
  );
}
