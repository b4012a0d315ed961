import { describe, expect, it } from "vitest";
import type { Graph, LargePlacement } from "@/lib/graph";
import { EMPTY_STATS } from "@/lib/graph";
import { buildBigScene } from "@/components/graph/big-graph-scene";
import { MAX_ZOOM, MIN_ZOOM, buildNodeGrid, clampZoom, drawnSizePx, forEachInRect, hitTest, panBy, toModel, viewUniform, visibleRect, wheelZoomFactor, zoomAround } from "@/components/graph/big-graph-view";
import { bigGraphPixelRatio } from "@/components/graph/big-graph-renderer";

describe("viewport math (rendered = model × zoom + pan, as cytoscape)", () => {
  const v = { zoom: 2, pan: { x: 100, y: 50 } };

  it("maps rendered points to model points and back through the view uniform", () => {
    expect(toModel(v, 100, 50)).toEqual({ x: 0, y: 0 });
    expect(toModel(v, 300, 250)).toEqual({ x: 100, y: 100 });
    const [sx, sy, ox, oy] = viewUniform(v, 800, 600);
    // Model (100, 100) is rendered at (300, 250): clip x = 300/800·2−1, y = 1−250/600·2.
    expect(100 * (sx ?? 0) + (ox ?? 0)).toBeCloseTo(300 / 400 - 1, 6);
    expect(100 * (sy ?? 0) + (oy ?? 0)).toBeCloseTo(1 - 250 / 300, 6);
  });

  it("zooms about the cursor (the model point under it stays) and clamps the zoom", () => {
    const z = zoomAround(v, 1.5, 400, 300);
    expect(z.zoom).toBe(3);
    const before = toModel(v, 400, 300);
    const after = toModel(z, 400, 300);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
    expect(zoomAround(v, 1000, 0, 0).zoom).toBe(MAX_ZOOM);
    expect(zoomAround(v, 1e-6, 0, 0).zoom).toBe(MIN_ZOOM);
    expect(clampZoom(1)).toBe(1);
  });

  it("pans by rendered pixels and reports the model rectangle in view", () => {
    expect(panBy(v, 10, -5)).toEqual({ zoom: 2, pan: { x: 110, y: 45 } });
    expect(visibleRect(v, 800, 600)).toEqual({ x1: -50, y1: -25, x2: 350, y2: 275 });
    expect(visibleRect(v, 800, 600, 20)).toEqual({ x1: -60, y1: -35, x2: 360, y2: 285 });
  });

  it("turns wheel deltas into cytoscape's zoom steps (lines 33× pixels), in for up, out for down", () => {
    expect(wheelZoomFactor(-100, 0, 0.3)).toBeCloseTo(Math.pow(10, 0.12), 9);
    expect(wheelZoomFactor(100, 0, 0.3)).toBeCloseTo(Math.pow(10, -0.12), 9);
    expect(wheelZoomFactor(3, 1, 0.3)).toBeCloseTo(wheelZoomFactor(99, 0, 0.3), 9);
  });

  it("keeps dots at least minPx wide, containers as they are", () => {
    expect(drawnSizePx(16, 16, 0, 0.05, 3)).toEqual({ w: 3, h: 3 });
    expect(drawnSizePx(16, 16, 0, 1, 3)).toEqual({ w: 16, h: 16 });
    expect(drawnSizePx(100, 50, 2, 0.01, 3)).toEqual({ w: 1, h: 0.5 });
  });

  it("draws at the device pixel ratio (at most 2) up to 20,000 elements, at 1 above", () => {
    expect(bigGraphPixelRatio(2, 12_000)).toBe(2);
    expect(bigGraphPixelRatio(3, 100)).toBe(2);
    expect(bigGraphPixelRatio(2, 60_000)).toBe(1);
    expect(bigGraphPixelRatio(Number.NaN, 10)).toBe(1);
  });
});

/** A grid of n × n dots 70 apart (node i at column i % n, row ⌊i / n⌋), in one open namespace, and edges along the first row. */
function gridGraph(n: number): { graph: Graph; placement: LargePlacement } {
  const nodes: Graph["nodes"][number][] = [{ id: "ns:a", kind: "namespace", label: "a", namespace: "a", expanded: true }];
  const positions = new Map<string, { x: number; y: number }>();
  for (let i = 0; i < n * n; i++) {
    nodes.push({ id: `n${i}`, kind: "workload", label: `n${i}`, namespace: "a", parent: "ns:a" });
    positions.set(`n${i}`, { x: (i % n) * 70, y: Math.floor(i / n) * 70 });
  }
  const edges = Array.from({ length: n - 1 }, (_, i) => ({ id: `n${i}->n${i + 1}`, source: `n${i}`, target: `n${i + 1}`, stats: { ...EMPTY_STATS, flows: 1, allowed: 1 }, ports: [], policies: [], firstSeen: 0, lastSeen: 0 }));
  const side = (n - 1) * 70;
  return { graph: { nodes, edges }, placement: { positions, boxes: new Map([["ns:a", { x: side / 2, y: side / 2, width: side + 48, height: side + 48 }]]) } };
}

describe("node grid and hit test", () => {
  const { graph, placement } = gridGraph(20);
  const scene = buildBigScene(graph, placement);
  const grid = buildNodeGrid(scene.nodes, scene.containers, scene.nodeIds.length);

  it("puts every placed node in exactly one cell, and a rectangle query finds what is inside", () => {
    expect(grid.items.length).toBe(400);
    expect(new Set(grid.items).size).toBe(400);
    const found: string[] = [];
    forEachInRect(grid, 65, 65, 145, 75, (i) => void found.push(scene.nodeIds[i] ?? ""));
    // The query may return neighbours of the cells too; the nodes inside are among them.
    for (const id of ["n21", "n22"]) expect(found).toContain(id);
    expect(found.length).toBeLessThan(60);
  });

  it("hits the dot under the point (its box plus the slack), at any zoom as drawn", () => {
    const id = (x: number, y: number, zoom: number) => {
      const h = hitTest(scene, grid, x, y, zoom, 3, 3);
      return h === undefined ? undefined : `${h.kind}:${h.kind === "node" ? scene.nodeIds[h.index] : scene.edgeIds[h.index]}`;
    };
    expect(id(140, 70, 1)).toBe("node:n22");
    expect(id(140 + 8 + 2.9, 70, 1)).toBe("node:n22");
    // Between two rows, away from every dot and edge: the open namespace's box.
    expect(id(105, 105, 1)).toBe("node:ns:a");
    // On the first row between two dots: the edge.
    expect(id(35, 1, 1)).toBe("edge:n0->n1");
    expect(id(35, 5, 1)).toBe("node:ns:a");
    // Far outside everything.
    expect(id(-500, -500, 1)).toBeUndefined();
    // Zoomed far out, a dot is drawn 3 px wide and the slack is 3 px: in model units that is a lot.
    expect(id(140 + 25, 70, 0.1)).toBe("node:n22");
    expect(id(140 + 25, 70, 1)).toBe("node:ns:a");
  });

  it("copes with an empty scene", () => {
    const empty = buildBigScene({ nodes: [], edges: [] }, { positions: new Map(), boxes: new Map() });
    const g = buildNodeGrid(empty.nodes, 0, 0);
    expect(hitTest(empty, g, 0, 0, 1, 3, 3)).toBeUndefined();
  });
});
