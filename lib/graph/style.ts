/**
 * Visual classification of edges: the class drives the colour (allowed, denied, staged-denied,
 * mixed) and the width grows with traffic volume on a log scale so that one chatty edge does not
 * flatten the rest.
 */
import type { GraphEdge } from "@/lib/graph/types";

export type EdgeClass = "allowed" | "denied" | "staged-denied" | "mixed";

/**
 * `mixed` when the edge has both allowed and denied flows; `denied` when only denied;
 * `staged-denied` when every flow is allowed but some would be denied by staged policies;
 * otherwise `allowed` (also for an edge without flows).
 */
export function edgeStyleClass(edge: Pick<GraphEdge, "stats">): EdgeClass {
  const { allowed, denied, stagedDenied } = edge.stats;
  if (denied > 0 && allowed > 0) return "mixed";
  if (denied > 0) return "denied";
  if (stagedDenied > 0) return "staged-denied";
  return "allowed";
}

export interface EdgeWidthOptions {
  readonly min?: number;
  readonly max?: number;
  /** The largest volume in view (bytes); the widest edge gets `max`. */
  readonly maxVolume: number;
  readonly by?: "bytes" | "flows";
}

/** Width in pixels, min..max (default 1..8) by log(1 + volume) / log(1 + maxVolume). Never throws. */
export function edgeWidth(edge: Pick<GraphEdge, "stats">, options: EdgeWidthOptions): number {
  const min = options.min ?? 1;
  const max = options.max ?? 8;
  const volume = options.by === "flows" ? edge.stats.flows : edge.stats.bytes;
  if (options.maxVolume <= 0 || volume <= 0) return min;
  const ratio = Math.min(1, Math.log1p(volume) / Math.log1p(options.maxVolume));
  return Math.round((min + (max - min) * ratio) * 10) / 10;
}
