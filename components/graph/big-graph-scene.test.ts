import { describe, expect, it } from "vitest";
import type { Graph, GraphEdge, LargePlacement } from "@/lib/graph";
import { EMPTY_STATS } from "@/lib/graph";
import { EDGE_COLOUR_BYTES, EDGE_FLOATS, NODE_COLOUR_BYTES, NODE_FLOATS, SHAPE, bigScenePacker, buildBigScene, edgeOpacity, nodeBoxOf, parseHexColour } from "@/components/graph/big-graph-scene";
import { EDGE_COLOURS, KIND_LOOK } from "@/components/graph/graph-look";
import { LARGE_LOOK, largeEdgeWidthOf } from "@/components/graph/graph-layout";

const edge = (source: string, target: string, stats: Partial<GraphEdge["stats"]>): GraphEdge => ({ id: `${source}->${target}`, source, target, stats: { ...EMPTY_STATS, ...stats }, ports: [], policies: [], firstSeen: 0, lastSeen: 0 });

const graph: Graph = {
  nodes: [
    { id: "wl:a/x", kind: "workload", label: "x", namespace: "a", parent: "ns:a" },
    { id: "ns:a", kind: "namespace", label: "a", namespace: "a", expanded: true },
    { id: "ns:b", kind: "namespace", label: "b", namespace: "b" },
    { id: "svc:a/s", kind: "service", label: "s", namespace: "a", parent: "ns:a" },
  ],
  edges: [edge("wl:a/x", "ns:b", { flows: 10, allowed: 10 }), edge("ns:b", "svc:a/s", { flows: 1, denied: 1 }), edge("wl:a/x", "gone", { flows: 2, allowed: 2 })],
};
const placement: LargePlacement = {
  positions: new Map([
    ["wl:a/x", { x: 0, y: 0 }],
    ["svc:a/s", { x: 70, y: 0 }],
    ["ns:b", { x: 300, y: 140 }],
  ]),
  boxes: new Map([["ns:a", { x: 35, y: 0, width: 118, height: 48 }]]),
};

describe("buildBigScene (buffer packing)", () => {
  const scene = buildBigScene(graph, placement);

  it("puts containers first, then the other nodes in graph order, with an index by id", () => {
    expect(scene.containers).toBe(1);
    expect(scene.nodeIds).toEqual(["ns:a", "wl:a/x", "ns:b", "svc:a/s"]);
    expect(scene.nodeIds.map((id) => scene.nodeIndex.get(id))).toEqual([0, 1, 2, 3]);
    expect(scene.labels).toEqual(["a", "x", "b", "s"]);
    expect(scene.nodes.length).toBe(4 * NODE_FLOATS);
    expect(scene.nodeColours.length).toBe(4 * NODE_COLOUR_BYTES);
  });

  it("packs each node's place, size, shape and colours as the large style draws it", () => {
    expect(Array.from(scene.nodes.slice(0, NODE_FLOATS))).toEqual([35, 0, 118, 48, SHAPE.container, LARGE_LOOK.container.borderWidth]);
    expect(Array.from(scene.nodeColours.slice(0, 8))).toEqual([...parseHexColour(LARGE_LOOK.container.fill), 255, ...parseHexColour(LARGE_LOOK.container.border), 255]);
    expect(Array.from(scene.nodes.slice(NODE_FLOATS, 2 * NODE_FLOATS))).toEqual([0, 0, LARGE_LOOK.dot, LARGE_LOOK.dot, SHAPE.circle, 0]);
    expect(Array.from(scene.nodeColours.slice(NODE_COLOUR_BYTES, NODE_COLOUR_BYTES + 4))).toEqual([...parseHexColour(KIND_LOOK.workload.colour), 255]);
    // A closed namespace is a small rounded box.
    expect(nodeBoxOf(scene, 2)).toEqual({ x: 300, y: 140, width: LARGE_LOOK.namespace.width, height: LARGE_LOOK.namespace.height });
    expect(scene.nodes[2 * NODE_FLOATS + 4]).toBe(SHAPE.roundRect);
    expect(scene.bounds).toEqual({ x1: 0, y1: 0, x2: 300, y2: 140 });
  });

  it("packs edges between their ends' positions, coloured by verdict, sized by flows", () => {
    expect(scene.edgeIds).toEqual(graph.edges.map((e) => e.id));
    expect(Array.from(scene.edges.slice(0, 4))).toEqual([0, 0, 300, 140]);
    expect(Array.from(scene.edges.slice(EDGE_FLOATS, EDGE_FLOATS + 4))).toEqual([300, 140, 70, 0]);
    expect([...scene.edgeEnds]).toEqual([1, 2, 2, 3, 1, -1]);
    // The busiest edge is the widest (edgeWidthOf 6 → class w6 → 3 model units).
    expect(scene.edges[4]).toBe(largeEdgeWidthOf(6));
    // One flow against ten: edgeWidthOf 2.6 → class w3 → 1.5.
    expect(scene.edges[EDGE_FLOATS + 4]).toBe(1.5);
    expect(Array.from(scene.edgeColours.slice(0, 4))).toEqual([...parseHexColour(EDGE_COLOURS.allowed), 255]);
    expect(Array.from(scene.edgeColours.slice(EDGE_COLOUR_BYTES, EDGE_COLOUR_BYTES + 4))).toEqual([...parseHexColour(EDGE_COLOURS.denied), 255]);
    // An edge to a node not in the graph is drawn nowhere.
    expect(Number.isNaN(scene.edges[2 * EDGE_FLOATS + 2])).toBe(true);
    expect(scene.ink.maxWidth).toBe(3);
    expect(scene.ink.length).toBeCloseTo(Math.hypot(300, 140) + Math.hypot(230, 140), 3);
    expect(scene.ink.area).toBeCloseTo(Math.hypot(300, 140) * 3 + Math.hypot(230, 140) * 1.5, 3);
  });

  it("packs the same edges in slices as at once", () => {
    const packer = bigScenePacker(graph, placement);
    packer.packEdges(0, 1);
    packer.packEdges(1, 2);
    packer.packEdges(2, 99);
    expect([...packer.scene.edges]).toEqual([...scene.edges]);
    expect([...packer.scene.edgeColours]).toEqual([...scene.edgeColours]);
    expect(packer.scene.ink).toEqual(scene.ink);
  });

  it("leaves a node without a place at NaN and an empty scene without bounds", () => {
    const s = buildBigScene({ nodes: [{ id: "x", kind: "workload", label: "x" }], edges: [] }, { positions: new Map(), boxes: new Map() });
    expect(Number.isNaN(s.nodes[0])).toBe(true);
    expect(Number.isNaN(s.bounds.x1)).toBe(true);
  });
});

describe("parseHexColour and edgeOpacity", () => {
  it("reads #rrggbb and names a bad colour", () => {
    expect(parseHexColour("#1f8A4c")).toEqual([31, 138, 76]);
    expect(() => parseHexColour("green")).toThrow(/"green" is not #rrggbb/);
  });

  it("fades edges as they crowd (far zoom, or wide edges over a small area), opaque when sparse", () => {
    const scene = buildBigScene(graph, placement);
    expect(edgeOpacity(scene, 4)).toBe(1);
    // A hundred times the ink on the same area: fainter even close up.
    const dense = { ...scene, ink: { ...scene.ink, length: scene.ink.length * 100, area: scene.ink.area * 100 } };
    expect(edgeOpacity(dense, 4)).toBeLessThan(edgeOpacity(scene, 4));
    const far = edgeOpacity(scene, 0.01);
    expect(far).toBeLessThan(1);
    expect(far).toBeGreaterThanOrEqual(0.04);
    expect(edgeOpacity(scene, 0.02)).toBeGreaterThan(far);
  });
});
