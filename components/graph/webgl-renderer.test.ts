import { describe, expect, it } from "vitest";
import type { HitEdge, HitNode } from "@/components/graph/webgl-renderer";
import { hitTest } from "@/components/graph/webgl-renderer";

const dot = (x: number, y: number): HitNode => ({ x, y, w: 16, h: 16, z: 2 });
const box = (x: number, y: number, w: number, h: number): HitNode => ({ x, y, w, h, z: 0 });
const seg = (x1: number, y1: number, x2: number, y2: number): HitEdge => ({ x1, y1, x2, y2 });
const width1 = (): number => 1;

describe("hitTest (the WebGL large graph's hit test without read-back)", () => {
  it("finds the node whose box holds the point, within the slack and not beyond", () => {
    const nodes = [dot(0, 0), dot(100, 0)];
    expect(hitTest(nodes, [], width1, 101, 3, 1).node).toBe(1);
    expect(hitTest(nodes, [], width1, 8.9, 0, 1).node).toBe(0);
    expect(hitTest(nodes, [], width1, 9.5, 0, 1).node).toBe(-1);
    expect(hitTest(nodes, [], width1, 50, 0, 1)).toEqual({ node: -1, edge: -1 });
  });

  it("prefers a dot over the container box it sits on, whichever comes first", () => {
    expect(hitTest([box(0, 0, 300, 200), dot(10, 10)], [], width1, 12, 12, 1).node).toBe(1);
    expect(hitTest([dot(10, 10), box(0, 0, 300, 200)], [], width1, 12, 12, 1).node).toBe(0);
    // Only the box under the point: the box.
    expect(hitTest([dot(10, 10), box(0, 0, 300, 200)], [], width1, 100, 50, 1).node).toBe(1);
  });

  it("finds the nearest edge within its half width plus the slack", () => {
    const edges = [seg(0, 0, 100, 0), seg(0, 10, 100, 10)];
    expect(hitTest([], edges, width1, 50, 2, 3).edge).toBe(0);
    expect(hitTest([], edges, width1, 50, 8, 3).edge).toBe(1);
    expect(hitTest([], edges, width1, 50, 5, 1).edge).toBe(-1);
    // Past the end of a segment the distance is to its end point.
    expect(hitTest([], edges, width1, 103, 0, 3).edge).toBe(0);
    expect(hitTest([], edges, width1, 104, 0, 3).edge).toBe(-1);
    // A wider edge reaches further (up to the widest large-graph edge).
    expect(hitTest([], [seg(0, 0, 100, 0)], () => 4, 50, 4.5, 3).edge).toBe(0);
    expect(hitTest([], [seg(0, 0, 100, 0)], () => 1, 50, 4.5, 3).edge).toBe(-1);
  });

  it("reports a node and an edge under the same point together", () => {
    expect(hitTest([dot(0, 0)], [seg(0, 0, 100, 100)], width1, 1, 1, 3)).toEqual({ node: 0, edge: 0 });
  });
});
