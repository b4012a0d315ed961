"use client";
/**
 * What both renderers' surfaces render: the keyboard node list and the element the renderer
 * draws into (GraphCanvas picks the renderer; see graph-canvas.tsx).
 */
import { useDeferredValue, useMemo } from "react";
import type { RefObject } from "react";
import type { GraphNode } from "@/lib/graph";
import type { GraphCanvasProps } from "@/components/graph/use-graph-canvas";
import { GraphNodeList } from "@/components/graph/graph-node-list";

/** String.prototype.localeCompare's order (the default collator), several times faster on 10,000 nodes. */
const collator = new Intl.Collator();

/** Before the first deferred render: no nodes listed yet. */
const NO_NODES: readonly GraphNode[] = [];

/** Nodes in a predictable order for Tab: each container, then what is inside it, by name. */
function readingOrder(nodes: readonly GraphNode[]) {
  return [...nodes].sort((a, b) => collator.compare(a.parent ?? a.id, b.parent ?? b.id) || Number(b.expanded === true) - Number(a.expanded === true) || collator.compare(a.label, b.label));
}

export function GraphSurface({ props, container, focusNode, activate }: { readonly props: GraphCanvasProps; readonly container: RefObject<HTMLDivElement | null>; readonly focusNode: (id: string | undefined) => void; readonly activate: (id: string) => void }) {
  // The list (sorting 10,000 nodes, 400 buttons) is rendered at transition priority, which React
  // time-slices: the canvas mounts and starts its work first, and no render task is long.
  const graphNodes = useDeferredValue(props.graph.nodes, NO_NODES);
  const nodes = useMemo(() => readingOrder(graphNodes), [graphNodes]);
  return (
    <>
      <GraphNodeList nodes={nodes} onFocusNode={focusNode} onActivate={activate} onToggleNamespace={props.onToggleNamespace} />
      <div ref={container} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label="Service graph (the node list before it reaches every node by keyboard)" />
    </>
  );
}
