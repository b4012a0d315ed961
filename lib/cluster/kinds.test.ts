import { describe, expect, it } from "vitest";
import type { ClusterObject } from "@/lib/cluster/backend";
import { isValidClusterId, toClusterId } from "@/lib/cluster/clusters";
import { CLUSTER_KINDS, isClusterKind, isNamespacedKind, isPolicyKind, isTieredPolicyKind, resourceName, tierOf } from "@/lib/cluster/kinds";
import { prefixFieldErrors, validateClusterObject } from "@/lib/cluster/validate-object";

describe("kinds", () => {
  it("knows every kind's scope", () => {
    expect(CLUSTER_KINDS).toHaveLength(21);
    expect(["Pod", "Service", "ServiceAccount", "ConfigMap", "Secret", "NetworkPolicy", "NetworkSet", "KubernetesNetworkPolicy"].every((k) => isNamespacedKind(k as never))).toBe(true);
    expect(["Namespace", "Tier", "GlobalNetworkPolicy", "ClusterNetworkPolicy", "IPPool", "FelixConfiguration"].some((k) => isNamespacedKind(k as never))).toBe(false);
    expect(isClusterKind("Pod")).toBe(true);
    expect(isClusterKind("Node")).toBe(false);
    expect(isClusterKind(3)).toBe(false);
  });

  it("knows which kinds are policies and their tier", () => {
    expect(isTieredPolicyKind("StagedGlobalNetworkPolicy")).toBe(true);
    expect(isTieredPolicyKind("KubernetesNetworkPolicy")).toBe(false);
    expect(isPolicyKind("KubernetesNetworkPolicy")).toBe(true);
    const k8s: ClusterObject = { kind: "KubernetesNetworkPolicy", metadata: { name: "n", namespace: "a" }, spec: { podSelector: {} } };
    expect(tierOf(k8s)).toBe("default");
    expect(tierOf({ kind: "GlobalNetworkPolicy", metadata: { name: "security.x" }, spec: { tier: "security" } })).toBe("security");
    expect(tierOf({ kind: "Tier", metadata: { name: "t" }, spec: {} })).toBeUndefined();
  });

  it("names resources like the apiserver", () => {
    expect(resourceName("Pod")).toBe("pods");
    expect(resourceName("Tier")).toBe("tiers.projectcalico.org");
    expect(resourceName("GlobalNetworkPolicy")).toBe("globalnetworkpolicies.projectcalico.org");
    expect(resourceName("KubernetesNetworkPolicy")).toBe("networkpolicies.networking.k8s.io");
  });
});

describe("cluster ids", () => {
  it("derives DNS-1123 label ids from names", () => {
    expect(toClusterId("Training Lab #2")).toBe("training-lab-2");
    expect(toClusterId("!!!")).toBe("cluster");
    expect(toClusterId("a".repeat(70)).length).toBe(63);
    expect(isValidClusterId("prod-eu")).toBe(true);
    expect(isValidClusterId("Prod")).toBe(false);
  });
});

describe("validateClusterObject", () => {
  it("routes core kinds to the core validator and others to the Calico validator", () => {
    expect(validateClusterObject({ kind: "Namespace", metadata: { name: "ok" } }).object).toBeDefined();
    expect(validateClusterObject({ kind: "Namespace", metadata: { name: "NO" } }).errors[0]?.path).toBe("metadata.name");
    expect(validateClusterObject({ kind: "Tier", metadata: { name: "t" }, spec: { order: 1 } }).object).toBeDefined();
    expect(validateClusterObject({ kind: "Gadget", metadata: { name: "g" } }).errors).not.toEqual([]);
    expect(validateClusterObject(null).errors).not.toEqual([]);
  });

  it("prefixes paths with the document index", () => {
    expect(prefixFieldErrors(2, [{ path: "spec.order", message: "m" }, { path: "", message: "n" }])).toEqual([
      { path: "[2].spec.order", message: "m" },
      { path: "[2]", message: "n" },
    ]);
  });
});
