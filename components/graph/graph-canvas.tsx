"use client";
/**
 * The service graph's drawing surface and, for the keyboard, the node list beside it.
 * Presentational: it picks who draws and all state lives in that one's hook — our WebGL2
 * renderer for large graphs whenever WebGL2 exists (use-big-graph.ts), cytoscape's canvas
 * renderer otherwise (use-graph-canvas.ts): every small graph, and large ones without WebGL2 or
 * after the WebGL context was lost (then with a note saying so).
 */
import { useMemo, useRef, useState } from "react";
import type { RefObject } from "react";
import type { GraphCanvasProps } from "@/components/graph/use-graph-canvas";
import { useGraphCanvas } from "@/components/graph/use-graph-canvas";
import type { BigGraphFallback } from "@/components/graph/use-big-graph";
import { useBigGraph } from "@/components/graph/use-big-graph";
import { GraphNodeList } from "@/components/graph/graph-node-list";
import { isLargeGraph } from "@/components/graph/graph-layout";
import { shouldUseWebGL } from "@/components/graph/canvas-helpers";
import { aggregateLargeGraph, CANVAS_MAX_NODES } from "@/lib/graph";

export type { GraphCanvasProps, GraphControls, GraphSelection, GraphViewport } from "@/components/graph/use-graph-canvas";

/** String.prototype.localeCompare's order (the default collator), several times faster on 10,000 nodes. */
const collator = new Intl.Collator();

/** Nodes in a predictable order for Tab: each container, then what is inside it, by name. */
function readingOrder(props: GraphCanvasProps) {
  return [...props.graph.nodes].sort((a, b) => collator.compare(a.parent ?? a.id, b.parent ?? b.id) || Number(b.expanded === true) - Number(a.expanded === true) || collator.compare(a.label, b.label));
}

export function GraphCanvas(props: GraphCanvasProps) {
  const large = isLargeGraph(props.graph);
  const [fallback, setFallback] = useState<BigGraphFallback | undefined>(undefined);
  const renderer = props.renderer ?? "auto";
  // "auto" does not probe for WebGL2 here: the big renderer asks for its context and falls back itself (one context, not two).
  const big = large && fallback === undefined && (renderer === "auto" || shouldUseWebGL(renderer));
  // The canvas renderer gets at most CANVAS_MAX_NODES nodes: a bigger graph is folded further for it.
  const canvasGraph = useMemo(() => (big || props.graph.nodes.length <= CANVAS_MAX_NODES ? props.graph : aggregateLargeGraph(props.graph, CANVAS_MAX_NODES).graph), [big, props.graph]);
  const canvasProps = canvasGraph === props.graph ? props : { ...props, graph: canvasGraph };
  return (
    <div className="graph-canvas-wrap">
      {big ? <BigGraphSurface props={props} onFallback={setFallback} /> : <CytoscapeSurface props={canvasProps} />}
      {large && fallback === "context-lost" ? (
        <p className="graph-canvas-note small" role="status">
          The graphics (WebGL) context was lost, so this large graph is drawn by the slower canvas renderer.
        </p>
      ) : null}
    </div>
  );
}

function CytoscapeSurface({ props }: { readonly props: GraphCanvasProps }) {
  const container = useRef<HTMLDivElement>(null);
  const { focusNode, activate } = useGraphCanvas(container, props);
  return <Surface props={props} container={container} focusNode={focusNode} activate={activate} />;
}

function BigGraphSurface({ props, onFallback }: { readonly props: GraphCanvasProps; readonly onFallback: (why: BigGraphFallback) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const { focusNode, activate } = useBigGraph(container, props, onFallback);
  return <Surface props={props} container={container} focusNode={focusNode} activate={activate} />;
}

function Surface({ props, container, focusNode, activate }: { readonly props: GraphCanvasProps; readonly container: RefObject<HTMLDivElement | null>; readonly focusNode: (id: string | undefined) => void; readonly activate: (id: string) => void }) {
  const nodes = useMemo(() => readingOrder(props), [props.graph]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <GraphNodeList nodes={nodes} onFocusNode={focusNode} onActivate={activate} onToggleNamespace={props.onToggleNamespace} />
      <div ref={container} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label="Service graph (the node list before it reaches every node by keyboard)" />
    </>
  );
}
