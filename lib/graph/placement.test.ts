import { describe, expect, it } from "vitest";
import { applyGraphDiff, GraphDiffError, graphDiffModel } from "@/lib/graph/diff";
import { separateBlocks, seedPositions } from "@/lib/graph/placement";
import { buildLargePlacement } from "@/lib/graph/positions";
import type { Graph, GraphNode } from "@/lib/graph/types";
import { EMPTY_STATS } from "@/lib/graph/types";

const wl = (ns: string, name: string): GraphNode => ({ id: `wl:${ns}/${name}`, kind: "workload", label: name, namespace: ns, parent: `ns:${ns}` });
const open = (ns: string): GraphNode => ({ id: `ns:${ns}`, kind: "namespace", label: ns, namespace: ns, expanded: true });

describe("seedPositions", () => {
  it("keeps stored positions exactly and gives containers none", () => {
    const g: Graph = { nodes: [open("a"), wl("a", "x"), wl("a", "y")], edges: [] };
    const s = seedPositions(g, new Map([["wl:a/x", { x: 10, y: 20 }], ["wl:a/y", { x: 30, y: 40 }], ["ns:a", { x: 0, y: 0 }]]));
    expect(s.positions.get("wl:a/x")).toEqual({ x: 10, y: 20 });
    expect(s.positions.has("ns:a")).toBe(false);
    expect([...s.stored].sort()).toEqual(["wl:a/x", "wl:a/y"]);
    expect(s.seeded.size).toBe(0);
    expect(s.unplaced).toEqual([]);
  });

  it("puts a new workload near its placed siblings, not on them", () => {
    const g: Graph = { nodes: [open("a"), wl("a", "x"), wl("a", "y"), wl("a", "new")], edges: [] };
    const s = seedPositions(g, new Map([["wl:a/x", { x: 0, y: 0 }], ["wl:a/y", { x: 100, y: 0 }]]), 90);
    const p = s.positions.get("wl:a/new");
    expect(s.seeded.has("wl:a/new")).toBe(true);
    expect(p).toBeDefined();
    const d = Math.hypot((p?.x ?? 0) - 50, p?.y ?? 0);
    expect(d).toBeGreaterThan(60);
    expect(d).toBeLessThan(250);
  });

  it("opens a namespace where its closed node stood, spreading the workloads apart", () => {
    const g: Graph = { nodes: [open("a"), wl("a", "x"), wl("a", "y"), wl("a", "z")], edges: [] };
    const s = seedPositions(g, new Map([["ns:a", { x: 500, y: 500 }]]), 90);
    const pts = ["x", "y", "z"].map((n) => s.positions.get(`wl:a/${n}`));
    expect(pts.every((p) => p !== undefined && Math.hypot(p.x - 500, p.y - 500) < 300)).toBe(true);
    const [p, q] = pts;
    expect(Math.hypot((p?.x ?? 0) - (q?.x ?? 0), (p?.y ?? 0) - (q?.y ?? 0))).toBeGreaterThan(30);
  });

  it("anchors a namespaced node without a container at its namespace's node, and leaves strangers to the layout", () => {
    const g: Graph = {
      nodes: [
        { id: "set:a/blocked", kind: "networkset", label: "blocked", namespace: "a" },
        { id: "net:pub", kind: "network", label: "Public network" },
      ],
      edges: [],
    };
    const s = seedPositions(g, new Map([["ns:a", { x: 5, y: 5 }]]));
    expect(s.seeded.has("set:a/blocked")).toBe(true);
    expect(s.unplaced).toEqual(["net:pub"]);
  });

  it("is deterministic", () => {
    const g: Graph = { nodes: [open("a"), wl("a", "x"), wl("a", "y")], edges: [] };
    const stored = new Map([["ns:a", { x: 1, y: 2 }]]);
    expect([...seedPositions(g, stored).positions]).toEqual([...seedPositions(g, stored).positions]);
  });
});

describe("buildLargePlacement", () => {
  it("uses stored positions over the grid and boxes open containers around their children", () => {
    const g: Graph = { nodes: [open("a"), wl("a", "x"), wl("a", "y")], edges: [] };
    const p = buildLargePlacement(g, new Map([["wl:a/x", { x: 1000, y: 1000 }]]), 10);
    expect(p.positions.get("wl:a/x")).toEqual({ x: 1000, y: 1000 });
    const y = p.positions.get("wl:a/y");
    const box = p.boxes.get("ns:a");
    expect(box?.width).toBeCloseTo(Math.abs(1000 - (y?.x ?? 0)) + 20);
  });
});

describe("graphDiffModel", () => {
  const edge = { id: "a->b", source: "a", target: "b", stats: EMPTY_STATS, ports: [], policies: [], firstSeen: 0, lastSeen: 0 };
  it("refuses what cytoscape would refuse", () => {
    const apply = (g: Graph, d: Parameters<typeof applyGraphDiff>[1]) => applyGraphDiff(graphDiffModel(g), d);
    const none = { addNodes: [], removeNodes: [], updateNodes: [], addEdges: [], removeEdges: [], updateEdges: [] };
    expect(() => apply({ nodes: [], edges: [] }, { ...none, addEdges: [edge] })).toThrow(GraphDiffError);
    expect(() => apply({ nodes: [], edges: [] }, { ...none, addNodes: [wl("a", "x")] })).toThrow(/before its parent/);
    expect(() => apply({ nodes: [], edges: [] }, { ...none, removeNodes: ["x"] })).toThrow(/unknown node/);
    expect(() => apply({ nodes: [], edges: [] }, { ...none, updateEdges: [edge] })).toThrow(/unknown edge/);
  });
});

describe("separateBlocks", () => {
  const overlap = (a: { x1: number; y1: number; x2: number; y2: number }, b: { x1: number; y1: number; x2: number; y2: number }) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  it("moves overlapping boxes apart along the cheaper axis and leaves separate ones", () => {
    const blocks = [
      { id: "a", x1: 0, y1: 0, x2: 100, y2: 30 },
      { id: "b", x1: 90, y1: 5, x2: 190, y2: 35 },
      { id: "far", x1: 1000, y1: 1000, x2: 1100, y2: 1030 },
    ];
    const moves = separateBlocks(blocks, 10);
    expect(moves.has("far")).toBe(false);
    const moved = blocks.map((b) => {
      const m = moves.get(b.id) ?? { x: 0, y: 0 };
      return { x1: b.x1 + m.x, y1: b.y1 + m.y, x2: b.x2 + m.x, y2: b.y2 + m.y };
    });
    const [a, b] = moved;
    expect(a !== undefined && b !== undefined && overlap({ ...a, x2: a.x2 + 10, y2: a.y2 + 10 }, b)).toBe(false);
  });

  it("separates a pile of identical boxes", () => {
    const blocks = Array.from({ length: 12 }, (_, i) => ({ id: `n${i}`, x1: 0, y1: 0, x2: 80, y2: 30 }));
    const moves = separateBlocks(blocks, 4, 200);
    const moved = blocks.map((b) => {
      const m = moves.get(b.id) ?? { x: 0, y: 0 };
      return { x1: b.x1 + m.x, y1: b.y1 + m.y, x2: b.x2 + m.x, y2: b.y2 + m.y };
    });
    const clashes = moved.flatMap((p, i) => moved.slice(i + 1).filter((q) => overlap(p, q)));
    expect(clashes).toEqual([]);
  });
});
