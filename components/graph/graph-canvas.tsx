"use client";
/**
 * The service graph's drawing surface and, for the keyboard, the node list beside it.
 * Presentational: it picks who draws and all state lives in that one's hook — our WebGL2
 * renderer for large graphs whenever WebGL2 exists (use-big-graph.ts), cytoscape's canvas
 * renderer otherwise (use-graph-canvas.ts): every small graph, and large ones without WebGL2 or
 * after the WebGL context was lost (then with a note saying so).
 */
import { Suspense, lazy, useMemo, useRef, useState } from "react";
import type { GraphCanvasProps } from "@/components/graph/use-graph-canvas";
import type { BigGraphFallback } from "@/components/graph/use-big-graph";
import { useBigGraph } from "@/components/graph/use-big-graph";
import { GraphSurface } from "@/components/graph/graph-surface";
import { isLargeGraph } from "@/components/graph/graph-layout";
import { shouldUseWebGL } from "@/components/graph/canvas-helpers";
import { aggregateLargeGraph, CANVAS_MAX_NODES } from "@/lib/graph";

export type { GraphCanvasProps, GraphControls, GraphSelection, GraphViewport } from "@/components/graph/use-graph-canvas";

/** Cytoscape comes on demand: a large graph on the WebGL2 renderer does without it. */
const CytoscapeSurface = lazy(() => import("@/components/graph/cytoscape-surface").then((m) => ({ default: m.CytoscapeSurface })));

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
      {big ? (
        <BigGraphSurface props={props} onFallback={setFallback} />
      ) : (
        <Suspense fallback={<div className="graph-canvas loading">Loading graph…</div>}>
          <CytoscapeSurface props={canvasProps} />
        </Suspense>
      )}
      {large && fallback === "context-lost" ? (
        <p className="graph-canvas-note small" role="status">
          The graphics (WebGL) context was lost, so this large graph is drawn by the slower canvas renderer.
        </p>
      ) : null}
    </div>
  );
}

function BigGraphSurface({ props, onFallback }: { readonly props: GraphCanvasProps; readonly onFallback: (why: BigGraphFallback) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const { focusNode, activate } = useBigGraph(container, props, onFallback);
  return <GraphSurface props={props} container={container} focusNode={focusNode} activate={activate} />;
}
