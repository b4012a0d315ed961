import { describe, expect, it } from "vitest";
import type { WireObjectView } from "@/lib/contracts/objects";
import { buildNamespaceRows, buildPodRows, buildServiceAccountRows, buildServiceRows, formatServicePort, matchesText, workloadOf } from "@/components/workloads/workload-model";

const pod = (name: string, namespace: string, labels: Record<string, string>, extra: Record<string, unknown> = {}): WireObjectView =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels }, spec: { containers: [{ name: "c" }], ...extra }, status: { podIP: "10.0.0.1", phase: "Running" } }) as WireObjectView;

describe("workload model", () => {
  it("names the workload by app label, else by the pod name without hash suffixes", () => {
    expect(workloadOf("frontend-7d9f8c6b5-x2x9q", { app: "web" })).toBe("web");
    expect(workloadOf("frontend-7d9f8c6b5-x2x9q", { "app.kubernetes.io/name": "shop", app: "web" })).toBe("shop");
    expect(workloadOf("frontend-7d9f8c6b5-x2x9q", {})).toBe("frontend");
    expect(workloadOf("busybox", {})).toBe("busybox");
  });

  it("formats service ports like kubectl, with target and node ports", () => {
    expect(formatServicePort({ port: 80, targetPort: 8080, name: "http" })).toBe("http 80/TCP → 8080");
    expect(formatServicePort({ port: 53, protocol: "UDP", targetPort: 53 })).toBe("53/UDP");
    expect(formatServicePort({ port: 80, nodePort: 30080 })).toBe("80/TCP (node 30080)");
  });

  it("counts pods per service selector (same namespace only), namespace and service account", () => {
    const pods = buildPodRows([
      pod("web-1", "shop", { app: "web" }, { serviceAccountName: "web" }),
      pod("web-2", "shop", { app: "web" }),
      pod("web-3", "other", { app: "web" }),
    ]);
    expect(pods.map((p) => `${p.namespace}/${p.name}:${p.serviceAccount}`)).toEqual(["other/web-3:default", "shop/web-1:web", "shop/web-2:default"]);
    const services = buildServiceRows(
      [{ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } } as WireObjectView],
      pods,
    );
    expect(services[0]).toMatchObject({ name: "web", endpoints: 2, type: "ClusterIP", ports: ["80/TCP"] });
    const namespaces = buildNamespaceRows([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } } as WireObjectView], pods, services);
    expect(namespaces[0]).toMatchObject({ name: "shop", pods: 2, services: 1 });
    const accounts = buildServiceAccountRows([{ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "web", namespace: "shop" } } as WireObjectView], pods);
    expect(accounts[0]).toMatchObject({ pods: 1 });
  });

  it("sorts pods by namespace then name and reads IPs", () => {
    const rows = buildPodRows([pod("b", "z", {}), pod("a", "z", {}), pod("c", "a", {})]);
    expect(rows.map((r) => `${r.namespace}/${r.name}`)).toEqual(["a/c", "z/a", "z/b"]);
    expect(rows[0]?.ips).toEqual(["10.0.0.1"]);
  });

  it("matches text case-insensitively on any field; empty matches all", () => {
    expect(matchesText("NGINX", "dev", "nginx-1")).toBe(true);
    expect(matchesText("  ", "x")).toBe(true);
    expect(matchesText("db", "web")).toBe(false);
  });
});
