import { describe, expect, it } from "vitest";
import { authorizeK8s, forbiddenMessage } from "@/lib/server/auth/k8s-authz";
import type { Principal, Role } from "@/lib/server/auth/principal";

const as = (role: Role): Principal => ({ via: "token", userId: "u", username: `${role}-user`, role, tiers: "all", namespaces: "all" });

describe("authorizeK8s", () => {
  it("refuses a namespace outside the principal's namespace scope, whatever the role", () => {
    const bob: Principal = { ...as("editor"), username: "bob", namespaces: ["dev", "default"] };
    expect(authorizeK8s(bob, { verb: "get", group: "", resource: "pods", namespace: "dev" }).allowed).toBe(true);
    const other = authorizeK8s(bob, { verb: "get", group: "", resource: "pods", namespace: "kube-system" });
    expect(other.allowed).toBe(false);
    expect(other.reason).toContain("kube-system");
    // Cluster-scope reads are allowed: the scoped backend filters what they return.
    expect(authorizeK8s(bob, { verb: "list", group: "", resource: "pods" }).allowed).toBe(true);
  });

  it("lets viewers read, editors write, admins do anything", () => {
    const ask = (role: Role, verb: string) => authorizeK8s(as(role), { verb, group: "projectcalico.org", resource: "tiers" }).allowed;
    expect(["get", "list", "watch"].every((v) => ask("viewer", v))).toBe(true);
    expect(["create", "update", "patch", "delete", "deletecollection"].some((v) => ask("viewer", v))).toBe(false);
    expect(["create", "update", "patch", "delete", "deletecollection"].every((v) => ask("editor", v))).toBe(true);
    expect(ask("editor", "*")).toBe(false);
    expect(ask("editor", "impersonate")).toBe(false);
    expect(ask("admin", "*")).toBe(true);
    expect(authorizeK8s(as("viewer"), { verb: "get", nonResourcePath: "/version" }).allowed).toBe(true);
    expect(authorizeK8s(as("viewer"), { verb: "post", nonResourcePath: "/x" }).allowed).toBe(false);
  });

  it("refuses for a tier scope what the scope refuses whatever the object, so can-i matches the write", () => {
    const alice: Principal = { ...as("editor"), username: "alice", tiers: ["security"] };
    const ask = (verb: string, group: string, resource: string, name?: string) => authorizeK8s(alice, { verb, group, resource, ...(name !== undefined ? { name } : {}) });
    // Tiers: creating or deleting any needs every tier; changing one needs that tier.
    expect(ask("create", "projectcalico.org", "tiers").allowed).toBe(false);
    expect(ask("create", "projectcalico.org", "tiers").reason).toContain("needs access to all tiers");
    expect(ask("delete", "crd.projectcalico.org", "tiers", "security").allowed).toBe(false);
    expect(ask("update", "projectcalico.org", "tiers", "security").allowed).toBe(true);
    expect(ask("patch", "projectcalico.org", "tiers", "platform").allowed).toBe(false);
    expect(ask("list", "projectcalico.org", "tiers").allowed).toBe(true);
    // Cluster-wide kinds outside tiers: read yes, write no.
    expect(ask("get", "projectcalico.org", "ippools").allowed).toBe(true);
    expect(ask("create", "projectcalico.org", "ippools").allowed).toBe(false);
    // Tiered policies depend on the object's spec.tier: left to the scoped backend.
    expect(ask("create", "projectcalico.org", "globalnetworkpolicies").allowed).toBe(true);
    expect(ask("create", "projectcalico.org", "networkpolicies").allowed).toBe(true);
    // Unrestricted principals are not affected.
    expect(authorizeK8s(as("editor"), { verb: "create", group: "projectcalico.org", resource: "tiers" }).allowed).toBe(true);
  });

  it("words denials like the apiserver", () => {
    expect(forbiddenMessage(as("viewer"), { verb: "create", group: "", resource: "namespaces" })).toBe('User "viewer-user" cannot create resource "namespaces" in API group "" at the cluster scope');
    expect(forbiddenMessage(as("viewer"), { verb: "patch", group: "projectcalico.org", resource: "networkpolicies", namespace: "dev" })).toBe(
      'User "viewer-user" cannot patch resource "networkpolicies" in API group "projectcalico.org" in the namespace "dev"',
    );
  });
});
