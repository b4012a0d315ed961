import { describe, expect, it } from "vitest";
import { applyGraphDiff, diffGraph, graphDiffModel } from "@/lib/graph/diff";
import type { NamespaceLabels } from "@/lib/graph/group";
import { groupByLabel, groupIdOf, labelKeysOf } from "@/lib/graph/group";
import type { Graph } from "@/lib/graph/types";
import { EMPTY_STATS } from "@/lib/graph/types";

const labels: NamespaceLabels = new Map<string, Record<string, string>>([
  ["dmz", { zone: "dmz", location: "dmz" }],
  ["trusted", { zone: "trusted" }],
  ["restricted", { zone: "restricted" }],
  ["default", { "kubernetes.io/metadata.name": "default" }],
]);

const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target, stats: EMPTY_STATS, ports: [], policies: [], firstSeen: 0, lastSeen: 0 });

const graph: Graph = {
  nodes: [
    { id: "ns:trusted", kind: "namespace", label: "trusted", namespace: "trusted", expanded: true },
    { id: "ns:default", kind: "namespace", label: "default", namespace: "default" },
    { id: "ns:dmz", kind: "namespace", label: "dmz", namespace: "dmz" },
    { id: "ns:restricted", kind: "namespace", label: "restricted", namespace: "restricted" },
    { id: "wl:trusted/api-*", kind: "workload", label: "api-*", namespace: "trusted", parent: "ns:trusted" },
    { id: "net:pub", kind: "network", label: "Public network" },
  ],
  edges: [edge("ns:dmz", "wl:trusted/api-*"), edge("wl:trusted/api-*", "ns:restricted")],
};

describe("groupByLabel", () => {
  const grouped = groupByLabel(graph, labels, "zone");
  const parentOf = (id: string) => grouped.nodes.find((n) => n.id === id)?.parent;

  it("boxes namespaces by the label's value, open namespaces included, and leaves the rest alone", () => {
    expect(parentOf("ns:dmz")).toBe("grp:zone=dmz");
    expect(parentOf("ns:trusted")).toBe("grp:zone=trusted");
    expect(parentOf("ns:restricted")).toBe("grp:zone=restricted");
    expect(parentOf("ns:default")).toBeUndefined();
    expect(parentOf("net:pub")).toBeUndefined();
    // A workload stays in its namespace, which now sits in the group.
    expect(parentOf("wl:trusted/api-*")).toBe("ns:trusted");
    expect(grouped.edges).toBe(graph.edges);
  });

  it("adds one container per value, first and sorted", () => {
    const groups = grouped.nodes.filter((n) => n.kind === "group");
    expect(groups.map((n) => n.id)).toEqual(["grp:zone=dmz", "grp:zone=restricted", "grp:zone=trusted"]);
    expect(groups.every((n) => n.expanded === true && n.label.startsWith("zone: "))).toBe(true);
    expect(grouped.nodes.slice(0, 3)).toEqual(groups);
    expect(groupIdOf("zone", "dmz")).toBe("grp:zone=dmz");
  });

  it("returns the same graph for no key or a key no namespace has", () => {
    expect(groupByLabel(graph, labels, "")).toBe(graph);
    expect(groupByLabel(graph, labels, "team")).toBe(graph);
  });

  it("lists label keys, sorted", () => {
    expect(labelKeysOf(labels)).toEqual(["kubernetes.io/metadata.name", "location", "zone"]);
  });

  it("diffs into and out of groups in an order a client can apply (group before namespace before workload)", () => {
    const model = graphDiffModel(graph);
    applyGraphDiff(model, diffGraph(graph, grouped));
    expect(model.graph().nodes.find((n) => n.id === "ns:dmz")?.parent).toBe("grp:zone=dmz");
    const back = graphDiffModel(grouped);
    applyGraphDiff(back, diffGraph(grouped, graph));
    expect(back.graph().nodes.some((n) => n.kind === "group")).toBe(false);
    // From nothing: three levels of containers added parents first.
    const fresh = graphDiffModel({ nodes: [], edges: [] });
    applyGraphDiff(fresh, diffGraph({ nodes: [], edges: [] }, { nodes: [...grouped.nodes].reverse(), edges: grouped.edges }));
    expect(fresh.graph().nodes).toHaveLength(grouped.nodes.length);
  });
});
