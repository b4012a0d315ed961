/**
 * Messages between the canvas and graph-positions.worker.ts, and the same computation on the
 * main thread for when no worker is available (tests, a browser without workers).
 */
import type { GraphNode, LargePlacement, Position } from "@/lib/graph";
import { buildLargePlacement } from "@/lib/graph";

export interface PlacementRequest {
  readonly seq: number;
  readonly nodes: readonly GraphNode[];
  /** Stored positions: [id, x, y]. */
  readonly stored: readonly (readonly [string, number, number])[];
  readonly inset: number;
}

export interface PlacementReply {
  readonly seq: number;
  readonly positions: readonly (readonly [string, number, number])[];
  readonly boxes: readonly (readonly [string, number, number, number, number])[];
}

export function toPlacementRequest(seq: number, nodes: readonly GraphNode[], stored: ReadonlyMap<string, Position>, inset: number): PlacementRequest {
  return { seq, nodes, stored: [...stored].map(([id, p]) => [id, p.x, p.y] as const), inset };
}

export function fromPlacementReply(reply: PlacementReply): LargePlacement {
  return {
    positions: new Map(reply.positions.map(([id, x, y]) => [id, { x, y }])),
    boxes: new Map(reply.boxes.map(([id, x, y, width, height]) => [id, { x, y, width, height }])),
  };
}

/** The placement computed here and now (no worker). */
export function placeOnThisThread(req: PlacementRequest): LargePlacement {
  return buildLargePlacement({ nodes: req.nodes, edges: [] }, new Map(req.stored.map(([id, x, y]) => [id, { x, y }])), req.inset);
}

/** Makes the placement worker; the graph page passes one built by the bundler, the bench its own. */
export type PlacementWorkerFactory = () => Worker;
