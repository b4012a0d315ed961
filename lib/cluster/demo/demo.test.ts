import { describe, expect, it } from "vitest";
import type { PodObject, ServiceObject } from "@/lib/cluster/backend";
import { buildDemoCluster, DEMO_NODES } from "@/lib/cluster/demo";
import { validateClusterObject } from "@/lib/cluster/validate-object";
import { DemoIpam } from "@/lib/cluster/demo/builders";

const demo = buildDemoCluster();
const pods = demo.filter((o): o is PodObject => o.kind === "Pod");
const services = demo.filter((o): o is ServiceObject => o.kind === "Service");
const key = (o: { kind: string; metadata: { namespace?: string; name: string } }): string => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;

describe("buildDemoCluster", () => {
  it("is deterministic and every object passes validation", () => {
    expect(buildDemoCluster()).toEqual(demo);
    for (const o of demo) expect(validateClusterObject(o).errors, key(o)).toEqual([]);
  });

  it("has no duplicate objects, and namespaces and tiers come first", () => {
    expect(new Set(demo.map(key)).size).toBe(demo.length);
    const firstOther = demo.findIndex((o) => o.kind !== "Namespace" && o.kind !== "Tier");
    expect(demo.slice(firstOther).some((o) => o.kind === "Namespace" || o.kind === "Tier")).toBe(false);
  });

  it("puts every namespaced object in a namespace that exists, with its service account", () => {
    const namespaces = new Set(demo.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
    const sas = new Set(demo.filter((o) => o.kind === "ServiceAccount").map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    for (const o of demo) if (o.metadata.namespace !== undefined) expect(namespaces.has(o.metadata.namespace), key(o)).toBe(true);
    for (const p of pods) expect(sas.has(`${p.metadata.namespace}/${p.spec.serviceAccountName}`), key(p)).toBe(true);
  });

  it("gives pods unique IPs inside their node's block of the pool, and services unique cluster IPs", () => {
    const ips = pods.map((p) => p.status?.podIP ?? "");
    expect(new Set(ips).size).toBe(pods.length);
    for (const p of pods) {
      // A namespace naming a pool (seed 003's dmz → dmz-pool) takes its pods' addresses from it.
      const prefix = p.metadata.namespace === "dmz" ? "10.0.2." : DEMO_NODES[p.spec.nodeName as keyof typeof DEMO_NODES];
      expect(p.status?.podIP?.startsWith(prefix), key(p)).toBe(true);
    }
    const clusterIps = services.map((s) => s.spec.clusterIP);
    expect(new Set(clusterIps).size).toBe(services.length);
    for (const ip of clusterIps) expect(ip).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
  });

  it("has at least one pod behind every service with a selector, on a declared port", () => {
    for (const s of services) {
      const sel = s.spec.selector ?? {};
      if (Object.keys(sel).length === 0) continue;
      const backing = pods.filter((p) => p.metadata.namespace === s.metadata.namespace && Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v));
      expect(backing.length, key(s)).toBeGreaterThan(0);
      for (const port of s.spec.ports ?? []) {
        const target = port.targetPort ?? port.port;
        expect(backing[0]?.spec.containers.some((c) => c.ports?.some((cp) => cp.containerPort === target || cp.name === target)), `${key(s)}:${target}`).toBe(true);
      }
    }
  });

  it("holds what seed 003 refers to: my-namespace's role=db and role=frontend pods, the workshop's pools", () => {
    const mine = pods.filter((p) => p.metadata.namespace === "my-namespace").map((p) => p.metadata.labels?.["role"]);
    expect(mine.sort()).toEqual(["db", "frontend"]);
    const pools = demo.filter((o) => o.kind === "IPPool").map((o) => o.metadata.name);
    expect(pools).toEqual(["default-ipv4-ippool", "staging", "dmz-pool"]);
    const dmz = demo.find((o) => o.kind === "Namespace" && o.metadata.name === "dmz");
    expect(dmz?.metadata.annotations?.["cni.projectcalico.org/ipv4pools"]).toBe('["dmz-pool"]');
  });

  it("has no policies", () => {
    expect(demo.filter((o) => o.kind.includes("Policy"))).toEqual([]);
  });
});

describe("DemoIpam", () => {
  it("refuses to overflow a node's block", () => {
    const ipam = new DemoIpam();
    for (let i = 2; i <= 62; i++) ipam.allocate("palisade-worker");
    expect(() => ipam.allocate("palisade-worker")).toThrow(/full/);
  });
});
