/**
 * Web Worker: a large graph's placement (lib/graph buildLargePlacement) off the main thread.
 * The canvas posts the nodes (plain data) and the stored positions; the reply carries flat
 * arrays, which cross the thread boundary faster than maps of objects.
 */
import type { PlacementReply, PlacementRequest } from "@/components/graph/placement-messages";
import { buildLargePlacement } from "@/lib/graph";

// In a worker `self` is the worker scope; the DOM typings call it Window, whose postMessage(message) has the same shape.
self.onmessage = (e: MessageEvent<PlacementRequest>) => {
  const { seq, nodes, stored, inset } = e.data;
  const placement = buildLargePlacement({ nodes, edges: [] }, new Map(stored.map(([id, x, y]) => [id, { x, y }])), inset);
  const reply: PlacementReply = {
    seq,
    positions: [...placement.positions].map(([id, p]) => [id, p.x, p.y]),
    boxes: [...placement.boxes].map(([id, b]) => [id, b.x, b.y, b.width, b.height]),
  };
  self.postMessage(reply);
};
