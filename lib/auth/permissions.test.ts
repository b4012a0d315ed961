import { describe, expect, it } from "vitest";
import { canSeeData, canSeeObject, decide, decideFor, intersectScope, minRole, targetOf, tierOfPolicy, TIERED_KINDS } from "@/lib/auth/permissions";
import type { Subject } from "@/lib/auth/permissions";

const admin: Subject = { username: "admin", role: "admin", tiers: "all", namespaces: "all" };
const alice: Subject = { username: "alice", role: "editor", tiers: ["security"], namespaces: "all" };
const bob: Subject = { username: "bob", role: "viewer", tiers: "all", namespaces: ["default", "dev"] };

describe("decide", () => {
  it("lets an unrestricted admin do everything", () => {
    for (const kind of ["Tier", "NetworkPolicy", "GlobalNetworkSet", "Pod", "Whatever"]) {
      expect(decide(admin, "delete", { kind, namespace: "x", tier: "y" }).allowed).toBe(true);
    }
  });

  it("needs the editor role for writes and names it", () => {
    const d = decide(bob, "create", { kind: "GlobalNetworkPolicy", tier: "default" });
    expect(d).toMatchObject({ allowed: false, missing: { role: "editor" } });
    expect(d.allowed ? "" : d.reason).toContain("editor role");
  });

  it("Secrets: reading needs the editor role and the namespace; ConfigMaps are namespaced like pods", () => {
    expect(decide(bob, "get", { kind: "Secret", namespace: "dev" })).toMatchObject({ allowed: false, missing: { role: "editor" } });
    expect(decide(bob, "list", { kind: "Secret" })).toMatchObject({ allowed: false, missing: { role: "editor" } });
    expect(decide(bob, "get", { kind: "ConfigMap", namespace: "dev" }).allowed).toBe(true);
    expect(decide(bob, "get", { kind: "ConfigMap", namespace: "prod" })).toMatchObject({ allowed: false, missing: { namespaces: ["prod"] } });
    const carol: Subject = { username: "carol", role: "editor", tiers: "all", namespaces: ["dev"] };
    expect(decide(carol, "get", { kind: "Secret", namespace: "dev" }).allowed).toBe(true);
    expect(decide(carol, "get", { kind: "Secret", namespace: "tigera-intrusion-detection" })).toMatchObject({ allowed: false, missing: { namespaces: ["tigera-intrusion-detection"] } });
  });

  it("scopes policies by tier and names the missing tier", () => {
    expect(decide(alice, "update", { kind: "GlobalNetworkPolicy", tier: "security" }).allowed).toBe(true);
    const d = decide(alice, "get", { kind: "GlobalNetworkPolicy", tier: "platform" });
    expect(d).toMatchObject({ allowed: false, missing: { tiers: ["platform"] } });
    expect(d.allowed ? "" : d.reason).toContain('tier "platform"');
  });

  it("puts Kubernetes NetworkPolicies in tier default whatever is claimed", () => {
    expect(decide(alice, "get", { kind: "KubernetesNetworkPolicy", namespace: "dev", tier: "security" })).toMatchObject({ allowed: false, missing: { tiers: ["default"] } });
    expect(decide(alice, "get", { kind: "KubernetesNetworkPolicy", namespace: "dev" })).toMatchObject({ allowed: false, missing: { tiers: ["default"] } });
    // A list across tiers is allowed and filtered to nothing.
    expect(decide(alice, "list", { kind: "KubernetesNetworkPolicy" }).allowed).toBe(true);
    expect(canSeeObject(alice, { kind: "KubernetesNetworkPolicy", name: "np", namespace: "dev" })).toBe(false);
  });

  it("needs both tiers to move a policy", () => {
    expect(decide(alice, "update", { kind: "GlobalNetworkPolicy", tier: "security", toTier: "platform" })).toMatchObject({ allowed: false, missing: { tiers: ["platform"] } });
    expect(decide(alice, "update", { kind: "GlobalNetworkPolicy", tier: "platform", toTier: "security" })).toMatchObject({ allowed: false, missing: { tiers: ["platform"] } });
    expect(decide(admin, "update", { kind: "GlobalNetworkPolicy", tier: "platform", toTier: "security" }).allowed).toBe(true);
  });

  it("scopes namespaced objects by namespace", () => {
    expect(decide(bob, "get", { kind: "Pod", namespace: "dev" }).allowed).toBe(true);
    expect(decide(bob, "get", { kind: "Pod", namespace: "prod" })).toMatchObject({ allowed: false, missing: { namespaces: ["prod"] } });
    expect(decide(bob, "list", { kind: "Pod" }).allowed).toBe(true);
    const np = decide({ ...alice, namespaces: ["dev"] }, "update", { kind: "NetworkPolicy", tier: "security", namespace: "prod" });
    expect(np).toMatchObject({ allowed: false, missing: { namespaces: ["prod"] } });
  });

  it("shows tiers to everyone but limits tier changes", () => {
    expect(decide(alice, "list", { kind: "Tier" }).allowed).toBe(true);
    expect(decide(alice, "update", { kind: "Tier", tier: "security" }).allowed).toBe(true);
    expect(decide(alice, "update", { kind: "Tier", tier: "platform" }).allowed).toBe(false);
    expect(decide(alice, "create", { kind: "Tier", tier: "new" })).toMatchObject({ allowed: false, missing: { unrestricted: ["tiers"] } });
  });

  it("needs an unrestricted scope for global kinds' writes and for unknown kinds", () => {
    expect(decide(alice, "get", { kind: "GlobalNetworkSet" }).allowed).toBe(true);
    expect(decide(alice, "create", { kind: "GlobalNetworkSet" })).toMatchObject({ allowed: false, missing: { unrestricted: ["tiers"] } });
    expect(decide(bob, "get", { kind: "Mystery" })).toMatchObject({ allowed: false, missing: { unrestricted: ["namespaces"] } });
  });

  it("keeps observed data read-only and namespace-scoped", () => {
    expect(decide(bob, "list", { kind: "FlowLog", namespace: "prod" }).allowed).toBe(false);
    expect(decide(admin, "create", { kind: "FlowLog" }).allowed).toBe(false);
    expect(canSeeData(bob, ["prod", "dev"])).toBe(true);
    expect(canSeeData(bob, ["prod", undefined])).toBe(false);
  });
});

describe("helpers", () => {
  it("answers positional questions (for SelfSubjectAccessReview)", () => {
    expect(decideFor(alice, "update", "GlobalNetworkPolicy", "", "security").allowed).toBe(true);
    expect(decideFor(alice, "update", "GlobalNetworkPolicy", undefined, "platform")).toMatchObject({ allowed: false, missing: { tiers: ["platform"] } });
    expect(decideFor(bob, "list", "Pod", "prod")).toMatchObject({ allowed: false, missing: { namespaces: ["prod"] } });
  });

  it("derives targets and visibility from objects", () => {
    expect(targetOf({ kind: "Namespace", name: "dev" })).toEqual({ kind: "Namespace", namespace: "dev" });
    expect(targetOf({ kind: "NetworkPolicy", name: "p", namespace: "dev" })).toEqual({ kind: "NetworkPolicy", namespace: "dev", tier: "default" });
    expect(canSeeObject(alice, { kind: "GlobalNetworkPolicy", name: "x", specTier: "security" })).toBe(true);
    expect(canSeeObject(alice, { kind: "GlobalNetworkPolicy", name: "x" })).toBe(false);
    expect(tierOfPolicy("StagedKubernetesNetworkPolicy", "x")).toBe("default");
  });

  it("never lets a token exceed its creator", () => {
    expect(intersectScope(["a", "b"], "all")).toEqual(["a", "b"]);
    expect(intersectScope(["a", "b"], ["b", "c"])).toEqual(["b"]);
    expect(intersectScope("all", "all")).toBe("all");
    expect(minRole("editor", "admin")).toBe("editor");
    expect(minRole("admin", "viewer")).toBe("viewer");
  });
});

describe("Kubernetes ClusterNetworkPolicy", () => {
  it("belongs to Calico's reserved tier of its spec.tier", () => {
    expect(tierOfPolicy("ClusterNetworkPolicy", "Admin")).toBe("kube-admin");
    expect(tierOfPolicy("ClusterNetworkPolicy", "Baseline")).toBe("kube-baseline");
    expect(TIERED_KINDS.has("ClusterNetworkPolicy")).toBe(true);
  });
});
