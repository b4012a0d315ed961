import { describe, expect, it } from "vitest";
import { CLUSTER_KINDS } from "@/lib/cluster/kinds";
import { NAMESPACED_KINDS, RESOURCE_KINDS } from "@/lib/calico/types";
import { apiPaths, toQueryString } from "@/lib/contracts/paths";
import { CALICO_RESOURCE_TYPES, RESOURCE_TYPES, resourceTypeForKind, resourceTypeForPlural, toWireObject } from "@/lib/contracts/resources";

describe("resource table", () => {
  it("has exactly one entry per kind a backend serves", () => {
    expect(RESOURCE_TYPES.map((t) => t.kind).sort()).toEqual([...CLUSTER_KINDS].sort());
    expect(new Set(RESOURCE_TYPES.map((t) => t.plural)).size).toBe(RESOURCE_TYPES.length);
  });

  it("lists the brief's plurals", () => {
    const plurals = RESOURCE_TYPES.map((t) => t.plural);
    expect(plurals).toEqual([
      "tiers", "networkpolicies", "globalnetworkpolicies", "stagednetworkpolicies", "stagedglobalnetworkpolicies",
      "kubernetesnetworkpolicies", "stagedkubernetesnetworkpolicies", "clusternetworkpolicies", "networksets", "globalnetworksets", "globalalerts",
      "globalthreatfeeds", "hostendpoints", "ippools", "felixconfigurations", "namespaces", "pods", "services", "serviceaccounts",
      "configmaps", "secrets",
    ]);
  });

  it("agrees with the model on which Calico kinds are namespaced", () => {
    for (const kind of RESOURCE_KINDS) expect(resourceTypeForKind(kind).namespaced, kind).toBe(NAMESPACED_KINDS.has(kind));
    expect(resourceTypeForPlural("pods")?.namespaced).toBe(true);
    expect(resourceTypeForPlural("namespaces")?.namespaced).toBe(false);
    expect(resourceTypeForPlural("widgets")).toBeUndefined();
    expect(CALICO_RESOURCE_TYPES).toHaveLength(RESOURCE_KINDS.length);
  });

  it("writes KubernetesNetworkPolicy as networking.k8s.io/v1 NetworkPolicy and core kinds as v1", () => {
    const knp = toWireObject({ kind: "KubernetesNetworkPolicy", metadata: { name: "a", namespace: "dev", resourceVersion: "7" }, spec: { podSelector: {} } });
    expect(knp).toMatchObject({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { resourceVersion: "7" } });
    const ns = toWireObject({ kind: "Namespace", metadata: { name: "dev" } });
    expect(Object.keys(toWireObject({ kind: "Pod", spec: { containers: [] }, metadata: { name: "p" } }))).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect(ns).toMatchObject({ apiVersion: "v1", kind: "Namespace" });
    expect(toWireObject({ kind: "Tier", metadata: { name: "security", uid: "u" }, spec: { order: 300 } })).toMatchObject({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { uid: "u" } });
  });
});

describe("api paths", () => {
  const np = resourceTypeForPlural("networkpolicies");
  const tiers = resourceTypeForPlural("tiers");
  it("builds namespaced and cluster-scoped paths", () => {
    if (np === undefined || tiers === undefined) throw new Error("table");
    expect(apiPaths.collection("embedded", np)).toBe("/api/v1/clusters/embedded/networkpolicies");
    expect(apiPaths.collection("embedded", np, "dev")).toBe("/api/v1/clusters/embedded/namespaces/dev/networkpolicies");
    expect(apiPaths.collection("embedded", tiers, "dev")).toBe("/api/v1/clusters/embedded/tiers");
    expect(apiPaths.object("embedded", np, "default.centos", "dev")).toBe("/api/v1/clusters/embedded/namespaces/dev/networkpolicies/default.centos");
    expect(apiPaths.object("c 1", tiers, "a/b")).toBe("/api/v1/clusters/c%201/tiers/a%2Fb");
  });

  it("drops empty query values", () => {
    expect(toQueryString({ a: "1", b: undefined, c: "", d: 5 })).toBe("?a=1&d=5");
    expect(toQueryString({})).toBe("");
  });
});
