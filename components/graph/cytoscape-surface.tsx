"use client";
/**
 * The graph drawn by cytoscape's canvas renderer (use-graph-canvas.ts). GraphCanvas loads this
 * module on demand (React.lazy), so a large graph drawn by the WebGL2 renderer never loads or
 * evaluates cytoscape and its layout extension (about 570 kB of script).
 */
import { useRef } from "react";
import type { GraphCanvasProps } from "@/components/graph/use-graph-canvas";
import { useGraphCanvas } from "@/components/graph/use-graph-canvas";
import { GraphSurface } from "@/components/graph/graph-surface";

export function CytoscapeSurface({ props }: { readonly props: GraphCanvasProps }) {
  const container = useRef<HTMLDivElement>(null);
  const { focusNode, activate } = useGraphCanvas(container, props);
  return <GraphSurface props={props} container={container} focusNode={focusNode} activate={activate} />;
}
