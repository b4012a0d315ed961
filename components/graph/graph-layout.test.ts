import { describe, expect, it } from "vitest";
import type { GraphEdge } from "@/lib/graph";
import { EMPTY_STATS } from "@/lib/graph";
import { cardLabelOf, cardWidthOf, edgeClasses, FIT_MAX_ZOOM, fcoseLayout, fitViewportOf, isLargeGraph, MAX_LABEL_CHARS, nodeClasses, styleFor } from "@/components/graph/graph-layout";

const edge = (stats: Partial<GraphEdge["stats"]>): GraphEdge => ({ id: "a->b", source: "a", target: "b", stats: { ...EMPTY_STATS, ...stats }, ports: [], policies: [], firstSeen: 0, lastSeen: 0 });

describe("fitViewportOf", () => {
  it("centres the positions' box (plus margin) in the canvas at the zoom that fits it", () => {
    const positions = new Map([
      ["a", { x: 0, y: 0 }],
      ["b", { x: 900, y: 400 }],
    ]);
    const v = fitViewportOf(positions, { width: 1000, height: 600 }, 0);
    // Box with the 60-unit margin: x -60..960 (1020 wide), y -60..460 (520 high): width decides.
    expect(v.zoom).toBeCloseTo(1000 / 1020);
    expect(v.pan.x + v.zoom * 450).toBeCloseTo(500);
    expect(v.pan.y + v.zoom * 200).toBeCloseTo(300);
  });

  it("never zooms a small graph in past FIT_MAX_ZOOM, and handles an empty graph", () => {
    expect(fitViewportOf(new Map([["a", { x: 5, y: 5 }]]), { width: 1000, height: 1000 }, 0).zoom).toBe(FIT_MAX_ZOOM);
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

describe("styleFor and isLargeGraph", () => {
  const sizes = (n: number, e: number) => ({ nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, kind: "pod" as const, label: "" })), edges: Array.from({ length: e }, () => edge({ allowed: 1 })) });
  const edgeStyle = (large: boolean, webgl = true) => JSON.stringify(styleFor(large, webgl).filter((s) => s.selector === "edge").map((s) => ("style" in s ? s.style : {})));

  it("keeps bezier edges with arrows for small graphs and draws straight lines without arrows for large ones", () => {
    expect(edgeStyle(false)).toContain('"curve-style":"bezier"');
    expect(edgeStyle(false)).toContain('"target-arrow-shape":"triangle"');
    expect(edgeStyle(true)).toContain('"curve-style":"straight"');
    expect(edgeStyle(true)).toContain('"target-arrow-shape":"none"');
    expect(edgeStyle(true, false)).toContain('"curve-style":"haystack"');
  });

  it("calls a graph large above 300 nodes or 1,500 edges", () => {
    expect(isLargeGraph(sizes(300, 1500))).toBe(false);
    expect(isLargeGraph(sizes(301, 0))).toBe(true);
    expect(isLargeGraph(sizes(10, 1501))).toBe(true);
  });
});

describe("cards", () => {
  it("keeps short names whole and cuts long ones in the middle to MAX_LABEL_CHARS", () => {
    expect(cardLabelOf("frontend")).toBe("frontend");
    const long = "checkoutservice-7d8f9c6b5-with-a-very-long-suffix-*";
    const cut = cardLabelOf(long);
    expect(cut.length).toBe(MAX_LABEL_CHARS);
    expect(cut.startsWith("checkoutservice")).toBe(true);
    expect(cut.endsWith("suffix-*")).toBe(true);
  });

  it("sizes a card to its text, with a minimum", () => {
    expect(cardWidthOf("db")).toBe(72);
    expect(cardWidthOf("a-much-longer-name")).toBeGreaterThan(cardWidthOf("short-name"));
  });
});

describe("fcoseLayout", () => {
  it("pins the given nodes and counts labels in node sizes", () => {
    const l = fcoseLayout({ randomize: false, fixed: [{ nodeId: "a", position: { x: 1, y: 2 } }] }) as unknown as Record<string, unknown>; // fcose's own option names
    expect(l).toMatchObject({ name: "fcose", randomize: false, animate: false, nodeDimensionsIncludeLabels: true, fixedNodeConstraint: [{ nodeId: "a", position: { x: 1, y: 2 } }] });
    expect("fixedNodeConstraint" in (fcoseLayout({ randomize: true, fixed: [] }) as object)).toBe(false);
  });
});
