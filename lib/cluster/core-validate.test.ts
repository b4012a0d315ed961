import { describe, expect, it } from "vitest";
import type { CoreObject } from "@/lib/cluster/backend";
import { validateCoreObject } from "@/lib/cluster/core-validate";

/** The distinct paths with errors, in order (one field can have several messages). */
const paths = (obj: unknown): string[] => [...new Set(validateCoreObject(obj as CoreObject).map((e) => e.path))];

const pod = (spec: unknown, meta: Record<string, unknown> = {}): unknown => ({ kind: "Pod", metadata: { name: "p", namespace: "ns", ...meta }, spec });
const svc = (spec: unknown, name = "web"): unknown => ({ kind: "Service", metadata: { name, namespace: "ns" }, spec });

describe("validateCoreObject", () => {
  it("accepts well-formed objects of each kind", () => {
    expect(paths({ kind: "Namespace", metadata: { name: "dev", labels: { "kubernetes.io/metadata.name": "dev" } } })).toEqual([]);
    expect(paths({ kind: "ServiceAccount", metadata: { name: "sa.one", namespace: "dev" } })).toEqual([]);
    expect(paths(pod({ serviceAccountName: "web", containers: [{ name: "c", image: "nginx", ports: [{ name: "http", containerPort: 80, protocol: "TCP" }] }] }))).toEqual([]);
    expect(paths(svc({ type: "LoadBalancer", selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http", nodePort: 30080 }] }))).toEqual([]);
    expect(paths(svc({ clusterIP: "None" }))).toEqual([]);
    expect(paths(svc({ type: "ExternalName" }))).toEqual([]);
  });

  it("checks names per kind: namespaces are DNS-1123 labels, services DNS-1035 labels, others subdomains", () => {
    expect(paths({ kind: "Namespace", metadata: { name: "a.b" } })).toEqual(["metadata.name"]);
    expect(paths({ kind: "Namespace", metadata: {} })).toEqual(["metadata.name"]);
    expect(paths(svc({ ports: [{ port: 80 }] }, "1web"))).toEqual(["metadata.name"]);
    expect(paths({ kind: "Pod", metadata: { name: "a.b", namespace: "ns" }, spec: { containers: [{ name: "c", image: "i" }] } })).toEqual([]);
    expect(paths({ kind: "ServiceAccount", metadata: { name: "UPPER", namespace: "ns" } })).toEqual(["metadata.name"]);
  });

  it("requires metadata, a namespace for namespaced kinds, and valid labels", () => {
    expect(paths({ kind: "ServiceAccount" })).toEqual(["metadata"]);
    expect(paths({ kind: "ServiceAccount", metadata: { name: "sa" } })).toEqual(["metadata.namespace"]);
    expect(paths({ kind: "ServiceAccount", metadata: { name: "sa", namespace: "Bad" } })).toEqual(["metadata.namespace"]);
    expect(paths({ kind: "ServiceAccount", metadata: { name: "sa", namespace: "ns", labels: { "bad key!": "v", ok: "bad value!" } } })).toEqual(["metadata.labels", "metadata.labels[ok]"]);
    expect(paths({ kind: "ServiceAccount", metadata: { name: "sa", namespace: "ns", labels: "x" } })).toEqual(["metadata.labels"]);
    expect(paths({ kind: "ServiceAccount", metadata: { name: "sa", namespace: "ns", annotations: { a: 1 } } })).toEqual(["metadata.annotations[a]"]);
  });

  it("checks pod containers and ports", () => {
    expect(paths(pod(undefined))).toEqual(["spec"]);
    expect(paths(pod({ containers: [] }))).toEqual(["spec.containers"]);
    expect(paths(pod({ serviceAccountName: 5, containers: ["x"] }))).toEqual(["spec.serviceAccountName", "spec.containers[0]"]);
    expect(paths(pod({ serviceAccountName: "Bad!", containers: [{ name: "c", image: "i" }] }))).toEqual(["spec.serviceAccountName"]);
    expect(paths(pod({ containers: [{ name: "c", image: "i" }, { name: "c" }] }))).toEqual(["spec.containers[1].name", "spec.containers[1].image"]);
    expect(paths(pod({ containers: [{ image: "i", ports: "x" }] }))).toEqual(["spec.containers[0].name", "spec.containers[0].ports"]);
    expect(
      paths(pod({ containers: [{ name: "c", image: "i", ports: [{ containerPort: 0 }, { containerPort: 80, protocol: "ICMP" }, { containerPort: 81, name: "Bad--" }, { containerPort: 82, name: 5 }, 7, {}] }] })),
    ).toEqual([
      "spec.containers[0].ports[0].containerPort",
      "spec.containers[0].ports[1].protocol",
      "spec.containers[0].ports[2].name",
      "spec.containers[0].ports[3].name",
      "spec.containers[0].ports[4]",
      "spec.containers[0].ports[5].containerPort",
    ]);
  });

  it("checks service type, ports, port names and node ports", () => {
    expect(paths(svc(undefined))).toEqual(["spec"]);
    expect(paths(svc({}))).toEqual(["spec.ports"]);
    expect(paths(svc({ type: "Magic", ports: [{ port: 1 }] }))).toEqual(["spec.type"]);
    expect(paths(svc({ ports: "x" }))).toEqual(["spec.ports"]);
    expect(paths(svc({ ports: [{ port: 1 }, { port: 2 }] }))).toEqual(["spec.ports[0].name", "spec.ports[1].name"]);
    expect(paths(svc({ ports: [{ name: "a", port: 1 }, { name: "a", port: 2 }] }))).toEqual(["spec.ports[1].name"]);
    expect(paths(svc({ ports: [{ name: 3, port: 1 }, "x", { name: "b", port: 70000, protocol: "X", targetPort: 0 }] }))).toEqual([
      "spec.ports[0].name",
      "spec.ports[1]",
      "spec.ports[2].port",
      "spec.ports[2].protocol",
      "spec.ports[2].targetPort",
    ]);
    expect(paths(svc({ ports: [{ port: 80, nodePort: 30000 }] }))).toEqual(["spec.ports[0].nodePort"]);
    expect(paths(svc({ ports: [{ port: 80, targetPort: "Not_A_Name" }] }))).toEqual(["spec.ports[0].targetPort"]);
    expect(paths(svc({ selector: { app: "no spaces" }, ports: [{ port: 80 }] }))).toEqual(["spec.selector[app]"]);
  });

  it("reports an unknown core kind", () => {
    expect(paths({ kind: "Node", metadata: { name: "n", namespace: "a" } })).toEqual(["kind"]);
  });
});
