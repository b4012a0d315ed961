/**
 * lib/graph's diff applied to a cytoscape instance: the GraphDiffTarget the canvas hands to
 * applyGraphDiff (the same function the unit tests drive with graphDiffModel), plus the element
 * definitions it adds. Small graphs use real compound parents; a large graph records a node's
 * container in `within` and draws open containers as plain nodes sized to their box.
 */
import type { Core, ElementDefinition } from "cytoscape";
import type { GraphDiffTarget, GraphEdge, GraphNode, LargePlacement, Position } from "@/lib/graph";
import { edgeStyleClass, edgeWidth } from "@/lib/graph";
import { cardLabelOf, cardWidthOf, edgeClasses, nodeClasses } from "@/components/graph/graph-layout";

/** Edge widths: by flow count, log scale, relative to the busiest edge in view. */
export function edgeWidthOf(e: GraphEdge, maxFlows: number): number {
  return edgeWidth(e, { maxVolume: maxFlows, by: "flows", min: 1.25, max: 6 });
}

export function maxFlowsOf(edges: readonly GraphEdge[]): number {
  return edges.reduce((m, e) => Math.max(m, e.stats.flows), 0);
}

/** A node's data; `large` for a large graph's dots, whose card width is estimated, not measured. */
function nodeDataOf(n: GraphNode, large: boolean): Record<string, unknown> {
  const text = cardLabelOf(n.label);
  return { label: n.label, text, w: cardWidthOf(text, n.kind === "namespace", !large), kind: n.kind, expanded: n.expanded === true, namespace: n.namespace ?? "" };
}

/** A node's definition; `position` for a placed leaf. Large graphs: `within` instead of `parent`. */
export function nodeDefinition(n: GraphNode, position: Position | undefined, placement: LargePlacement | undefined): ElementDefinition {
  const data = { id: n.id, ...nodeDataOf(n, placement !== undefined) };
  if (placement === undefined) {
    return { group: "nodes", data: { ...data, ...(n.parent !== undefined ? { parent: n.parent } : {}) }, classes: nodeClasses(n), ...(position !== undefined ? { position: { ...position } } : {}) };
  }
  const box = placement.boxes.get(n.id);
  const p = box ?? placement.positions.get(n.id);
  return {
    group: "nodes",
    data: { ...data, ...(n.parent !== undefined ? { within: n.parent } : {}), ...(n.expanded === true ? { boxWidth: box?.width ?? 40, boxHeight: box?.height ?? 30 } : {}) },
    classes: nodeClasses(n),
    ...(p !== undefined ? { position: { x: p.x, y: p.y } } : {}),
    // In a large graph dragging anywhere pans: a flattened container moved alone would leave its
    // children behind, and among thousands of dots a drag meant to pan would otherwise catch one.
    grabbable: false,
    pannable: true,
  };
}

export function edgeDefinition(e: GraphEdge, maxFlows: number, large: boolean): ElementDefinition & { data: { cls: string; width: number } } {
  const width = edgeWidthOf(e, maxFlows);
  return { group: "edges", data: { id: e.id, source: e.source, target: e.target, cls: edgeStyleClass(e), width }, classes: edgeClasses(e, width, large) };
}

/** What the target needs besides cytoscape: where new nodes go, and how to queue a large graph's additions. */
export interface CytoscapeTargetOptions {
  readonly maxFlows: number;
  /** Seeded or stored positions of new leaves (small graphs). */
  readonly positionOf: (id: string) => Position | undefined;
  /** A large graph's placement (flattened containers); undefined for small graphs. */
  readonly placement: LargePlacement | undefined;
  /** When set, additions are handed here (chunked by the caller) instead of added at once. */
  readonly queue?: (elements: ElementDefinition[]) => void;
}

/** The GraphDiffTarget for a cytoscape instance. Call inside cy.batch(). */
export function cytoscapeTarget(cy: Core, o: CytoscapeTargetOptions): GraphDiffTarget {
  const large = o.placement !== undefined;
  const add = (els: ElementDefinition[]): void => {
    if (o.queue !== undefined) o.queue(els);
    else cy.add(els);
  };
  return {
    removeEdges: (ids) => ids.forEach((id) => cy.getElementById(id).remove()),
    removeNodes: (ids) => ids.forEach((id) => cy.getElementById(id).remove()),
    addNodes: (nodes) => add(nodes.map((n) => nodeDefinition(n, o.positionOf(n.id), o.placement))),
    addEdges: (edges) => add(edges.map((e) => edgeDefinition(e, o.maxFlows, large))),
    updateNode: (n) => {
      const el = cy.getElementById(n.id);
      if (el.empty()) return;
      if (large) el.data({ within: n.parent });
      else if ((el.data("parent") ?? null) !== (n.parent ?? null)) el.move({ parent: n.parent ?? null });
      // move() replaces the element in a compound graph: look it up again.
      cy.getElementById(n.id).data(nodeDataOf(n, large)).classes(nodeClasses(n));
    },
    updateEdge: (e) => {
      const d = edgeDefinition(e, o.maxFlows, large);
      cy.getElementById(e.id).data({ cls: d.data.cls, width: d.data.width }).classes(d.classes ?? "");
    },
  };
}
