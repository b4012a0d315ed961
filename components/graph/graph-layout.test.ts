import { describe, expect, it } from "vitest";
import type { GraphEdge } from "@/lib/graph";
import { EMPTY_STATS } from "@/lib/graph";
import { edgeClasses, fitViewportOf, GRAPH_CORE_OPTIONS, nodeClasses, styleFor } from "@/components/graph/graph-layout";

const edge = (stats: Partial<GraphEdge["stats"]>): GraphEdge => ({ id: "a->b", source: "a", target: "b", stats: { ...EMPTY_STATS, ...stats }, ports: [], policies: [], firstSeen: 0, lastSeen: 0 });

describe("fitViewportOf", () => {
  it("centres the positions' box (plus margin) in the canvas at the zoom that fits it", () => {
    const positions = new Map([
      ["a", { x: 0, y: 0 }],
      ["b", { x: 900, y: 400 }],
    ]);
    const v = fitViewportOf(positions, { width: 1000, height: 600 }, 0);
    // Box with the 50-unit margin: x -50..950 (1000 wide), y -50..450 (500 high): width decides.
    expect(v.zoom).toBeCloseTo(1);
    expect(v.pan.x + v.zoom * 450).toBeCloseTo(500);
    expect(v.pan.y + v.zoom * 200).toBeCloseTo(300);
  });

  it("clamps the zoom to the core's limits and handles an empty graph", () => {
    expect(fitViewportOf(new Map([["a", { x: 5, y: 5 }]]), { width: 1000, height: 1000 }, 0).zoom).toBe(GRAPH_CORE_OPTIONS.maxZoom);
    expect(fitViewportOf(new Map(), { width: 100, height: 100 }, 10)).toEqual({ zoom: 1, pan: { x: 0, y: 0 } });
  });
});

describe("element classes", () => {
  it("gives nodes their kind and open containers `open`", () => {
    expect(nodeClasses({ id: "ns:a", kind: "namespace", label: "a", expanded: true })).toBe("k-namespace open");
    expect(nodeClasses({ id: "wl:a/x", kind: "workload", label: "x" })).toBe("k-workload");
  });

  it("gives edges their policy class, and large-graph edges a whole-pixel width class", () => {
    expect(edgeClasses(edge({ allowed: 3, denied: 1 }), 4.4, false)).toBe("mixed");
    expect(edgeClasses(edge({ denied: 1 }), 4.6, true)).toBe("denied w5");
    expect(edgeClasses(edge({ allowed: 1, stagedDenied: 1 }), 1.5, true)).toBe("staged-denied w2");
  });
});

describe("styleFor", () => {
  const sizes = (n: number, e: number) => ({ nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, kind: "pod" as const, label: "" })), edges: Array.from({ length: e }, () => edge({ allowed: 1 })) });
  const curve = (nodes: number, edges: number) => JSON.stringify(styleFor(sizes(nodes, edges)).filter((s) => s.selector === "edge").map((s) => ("style" in s ? s.style : {})));

  it("keeps bezier edges with arrows for small graphs and draws haystack lines for large ones", () => {
    expect(curve(10, 10)).toContain('"curve-style":"bezier"');
    expect(curve(10, 10)).not.toContain("haystack");
    expect(curve(300, 10)).toContain('"curve-style":"haystack"');
  });
});
