import { describe, expect, it } from "vitest";
import { buildTable, formatLabelSelector, humanDuration, wantsTable } from "@/lib/k8s-api/table";

const now = new Date("2026-01-01T12:00:00Z");
const created = "2026-01-01T11:55:00Z";

describe("Table responses", () => {
  it("recognises kubectl's Accept header", () => {
    expect(wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")).toBe(true);
    expect(wantsTable("application/json;as=Table;g=meta.k8s.io;v=v1")).toBe(true);
    expect(wantsTable("application/json")).toBe(false);
    expect(wantsTable(null)).toBe(false);
  });

  it("prints pods as kube-apiserver does, with wide columns at priority 1", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "shop", creationTimestamp: created },
      spec: { nodeName: "node-1", containers: [{ name: "a" }, { name: "b" }] },
      status: { phase: "Running", podIP: "10.0.0.5", containerStatuses: [{ ready: true, restartCount: 2 }, { ready: false, restartCount: 1 }] },
    };
    const t = buildTable([pod], { group: "", wireKind: "Pod", includeObject: "Metadata", now });
    expect((t["columnDefinitions"] as { name: string; priority: number }[]).map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Name:0",
      "Ready:0",
      "Status:0",
      "Restarts:0",
      "Age:0",
      "IP:1",
      "Node:1",
      "Nominated Node:1",
      "Readiness Gates:1",
    ]);
    expect(t["rows"]).toEqual([
      { cells: ["web", "1/2", "Running", "3", "5m", "10.0.0.5", "node-1", "<none>", "<none>"], object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: pod.metadata } },
    ]);
    const bare = buildTable([{ metadata: { name: "p" }, spec: { containers: [{ name: "a" }] }, status: { phase: "Running" } }], { group: "", wireKind: "Pod", includeObject: "None", now });
    expect(bare["rows"]).toEqual([{ cells: ["p", "1/1", "Running", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"] }]);
  });

  it("prints namespaces, services, network policies and Calico kinds", () => {
    const ns = buildTable([{ metadata: { name: "dev", creationTimestamp: created } }], { group: "", wireKind: "Namespace", includeObject: "None", now });
    expect(ns["rows"]).toEqual([{ cells: ["dev", "Active", "5m"] }]);
    const svc = buildTable(
      [{ metadata: { name: "web", creationTimestamp: created }, spec: { type: "NodePort", clusterIP: "10.96.0.5", selector: { b: "2", a: "1" }, ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }, { port: 53, protocol: "UDP" }] } }],
      { group: "", wireKind: "Service", includeObject: "None", now },
    );
    expect(svc["rows"]).toEqual([{ cells: ["web", "NodePort", "10.96.0.5", "<none>", "80:30080/TCP,53/UDP", "5m", "a=1,b=2"] }]);
    const lb = buildTable([{ metadata: { name: "lb" }, spec: { type: "LoadBalancer", clusterIP: "10.96.0.6", ports: [{ port: 80 }] } }], { group: "", wireKind: "Service", includeObject: "None", now });
    expect((lb["rows"] as { cells: unknown[] }[])[0]?.cells[3]).toBe("<pending>");
    const np = buildTable([{ metadata: { name: "np", creationTimestamp: created }, spec: { podSelector: { matchLabels: { app: "web" } } } }], { group: "networking.k8s.io", wireKind: "NetworkPolicy", includeObject: "Object", now });
    expect((np["rows"] as { cells: unknown[] }[])[0]?.cells).toEqual(["np", "app=web", "5m"]);
    const tier = buildTable([{ metadata: { name: "t", creationTimestamp: created } }], { group: "projectcalico.org", wireKind: "Tier", includeObject: "None", now, resourceVersion: "9", continue: "c" });
    expect(tier).toMatchObject({ kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: { resourceVersion: "9", continue: "c" }, rows: [{ cells: ["t", created] }] });
    expect((tier["columnDefinitions"] as { name: string }[]).map((c) => c.name)).toEqual(["Name", "Created At"]);
    const crd = buildTable([{ metadata: { name: "t", creationTimestamp: created } }], { group: "crd.projectcalico.org", wireKind: "Tier", includeObject: "None", now, noHeaders: true });
    expect(crd["columnDefinitions"]).toBeNull();
    expect(crd["rows"]).toEqual([{ cells: ["t", "5m"] }]);
  });

  it("formats selectors and ages like apimachinery", () => {
    expect(formatLabelSelector({})).toBe("<none>");
    expect(formatLabelSelector({ matchLabels: { b: "2", a: "1" }, matchExpressions: [{ key: "t", operator: "In", values: ["x", "y"] }, { key: "e", operator: "Exists" }, { key: "n", operator: "DoesNotExist" }] })).toBe("a=1,b=2,t in (x,y),e,!n");
    expect([5_000, 119_000, 125_000, 600_000, 3 * 3600_000 + 60_000, 30 * 3600_000, 3 * 86_400_000 + 3600_000, 100 * 86_400_000, 3 * 365 * 86_400_000, -5_000].map(humanDuration)).toEqual([
      "5s",
      "119s",
      "2m5s",
      "10m",
      "3h1m",
      "30h",
      "3d1h",
      "100d",
      "3y",
      "<invalid>",
    ]);
  });
});
