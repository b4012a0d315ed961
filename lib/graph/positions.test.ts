import { describe, expect, it } from "vitest";
import { buildContainerBoxes, buildGroupedPositions } from "@/lib/graph/positions";
import type { Graph, GraphNode } from "@/lib/graph/types";

const wl = (ns: string, i: number, parent = true): GraphNode => ({ id: `wl:${ns}/app-${i}`, kind: "workload", label: `app-${i}`, namespace: ns, ...(parent ? { parent: `ns:${ns}` } : {}) });

function graphOf(nodes: GraphNode[]): Graph {
  return { nodes, edges: [] };
}

describe("buildGroupedPositions", () => {
  const g = graphOf([
    { id: "ns:a", kind: "namespace", label: "a", namespace: "a", expanded: true },
    ...Array.from({ length: 9 }, (_, i) => wl("a", i)),
    ...Array.from({ length: 4 }, (_, i) => wl("b", i, false)),
    { id: "net:pub", kind: "network", label: "public" },
  ]);
  const pos = buildGroupedPositions(g, { spacing: 10, groupGap: 100 });

  it("places every node except open containers (cytoscape derives those from their children)", () => {
    expect(pos.has("ns:a")).toBe(false);
    expect(pos.size).toBe(14);
  });

  it("lays a group out as a square block at the given spacing", () => {
    const xs = new Set(Array.from({ length: 9 }, (_, i) => pos.get(`wl:a/app-${i}`)?.x));
    const ys = new Set(Array.from({ length: 9 }, (_, i) => pos.get(`wl:a/app-${i}`)?.y));
    expect([...xs].sort((p, q) => (p ?? 0) - (q ?? 0))).toEqual([0, 10, 20]);
    expect(ys.size).toBe(3);
  });

  it("keeps groups apart: no two nodes of different groups share a cell", () => {
    const seen = new Set<string>();
    for (const p of pos.values()) {
      const key = `${p.x},${p.y}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    const a = pos.get("wl:a/app-0");
    const b = pos.get("wl:b/app-0");
    expect(Math.abs((a?.x ?? 0) - (b?.x ?? 0)) + Math.abs((a?.y ?? 0) - (b?.y ?? 0))).toBeGreaterThanOrEqual(100);
  });

  it("is deterministic whatever the input order", () => {
    const again = buildGroupedPositions(graphOf([...g.nodes].reverse()), { spacing: 10, groupGap: 100 });
    expect([...again.entries()].sort()).toEqual([...pos.entries()].sort());
  });

  it("gives an empty map for an empty graph", () => {
    expect(buildGroupedPositions({ nodes: [], edges: [] }).size).toBe(0);
  });
});

describe("buildContainerBoxes", () => {
  const g = graphOf([
    { id: "ns:a", kind: "namespace", label: "a", namespace: "a", expanded: true },
    { id: "ns:empty", kind: "namespace", label: "empty", namespace: "empty", expanded: true },
    ...Array.from({ length: 4 }, (_, i) => wl("a", i)),
    wl("b", 0, false),
  ]);
  const pos = buildGroupedPositions(g, { spacing: 10, groupGap: 100 });
  const boxes = buildContainerBoxes(g, pos, 5);

  it("covers the children's centres plus the inset, centred on them", () => {
    const xs = Array.from({ length: 4 }, (_, i) => pos.get(`wl:a/app-${i}`)?.x ?? NaN);
    const ys = Array.from({ length: 4 }, (_, i) => pos.get(`wl:a/app-${i}`)?.y ?? NaN);
    const box = boxes.get("ns:a");
    expect(box).toEqual({ x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2, width: 10 + 10, height: 10 + 10 });
  });

  it("leaves out containers without placed children and nodes that are not containers", () => {
    expect([...boxes.keys()]).toEqual(["ns:a"]);
  });
});
