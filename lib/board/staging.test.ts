import { describe, expect, it } from "vitest";
import { planEnforce, toEnforced, toStaged, toStagedDelete } from "@/lib/board/staging";
import { validateResource } from "@/lib/calico";
import type { NetworkPolicy } from "@/lib/calico/types";
import { aGlobalPolicy, aK8sPolicy, aPolicy, aStagedGlobalPolicy, aStagedK8sPolicy, aStagedPolicy } from "@/lib/testing/policy-builders";

const full: NetworkPolicy = {
  kind: "NetworkPolicy",
  metadata: { name: "security.web", namespace: "dev", labels: { team: "a" }, annotations: { note: "x" }, resourceVersion: "7", uid: "u-1", creationTimestamp: "2024-01-01T00:00:00Z", generation: 3 },
  spec: {
    tier: "security",
    order: 150,
    selector: "app == 'web'",
    serviceAccountSelector: "role == 'x'",
    types: ["Ingress", "Egress"],
    ingress: [{ action: "Allow", protocol: "TCP", source: { selector: "app == 'lb'" }, destination: { ports: [80, "8000:8080"] } }],
    egress: [{ action: "Deny", destination: { nets: ["10.0.0.0/8"] } }],
    performanceHints: ["AssumeNeededOnEveryNode"],
  },
};

describe("toStaged / toEnforced", () => {
  it("maps kinds, keeps name, namespace, labels and every spec field, drops server metadata", () => {
    const staged = toStaged(full);
    expect(staged.kind).toBe("StagedNetworkPolicy");
    expect(staged.metadata).toEqual({ name: "security.web", namespace: "dev", labels: { team: "a" }, annotations: { note: "x" } });
    expect(staged.spec).toEqual({ ...full.spec, stagedAction: "Set" });
    expect(validateResource(staged).errors).toEqual([]);
  });

  it("round-trips: enforce(stage(p)) = p without server metadata", () => {
    const back = toEnforced(toStaged(full));
    expect(back).toEqual({ ...full, metadata: { name: "security.web", namespace: "dev", labels: { team: "a" }, annotations: { note: "x" } } });
  });

  it("maps every kind", () => {
    expect(toStaged(aGlobalPolicy("g", { order: 1 })).kind).toBe("StagedGlobalNetworkPolicy");
    expect(toStaged(aK8sPolicy("dev/k", { podSelector: {} }))).toMatchObject({ kind: "StagedKubernetesNetworkPolicy", spec: { podSelector: {}, stagedAction: "Set" } });
    expect(toEnforced(aStagedGlobalPolicy("g", { stagedAction: "Set", order: 2 }))).toEqual({ kind: "GlobalNetworkPolicy", metadata: { name: "g" }, spec: { order: 2 } });
    expect(toEnforced(aStagedK8sPolicy("dev/k", { podSelector: {}, stagedAction: "Set" }))).toEqual({ kind: "KubernetesNetworkPolicy", metadata: { name: "k", namespace: "dev" }, spec: { podSelector: {} } });
  });

  it("builds a valid staged Delete (empty spec apart from tier)", () => {
    const del = toStagedDelete(full);
    expect(del.spec).toEqual({ tier: "security", stagedAction: "Delete" });
    expect(validateResource(del).errors).toEqual([]);
    const k = toStagedDelete(aK8sPolicy("dev/k", { podSelector: {} }));
    expect(validateResource(k).errors).toEqual([]);
  });
});

describe("planEnforce", () => {
  it("creates the enforced policy when none exists and deletes the staged one", () => {
    const staged = aStagedGlobalPolicy("default-deny", { order: 2000, selector: "all()", types: ["Ingress", "Egress"] });
    expect(planEnforce(staged, undefined)).toEqual({
      create: { kind: "GlobalNetworkPolicy", metadata: { name: "default-deny" }, spec: { order: 2000, selector: "all()", types: ["Ingress", "Egress"] } },
      delete: ["StagedGlobalNetworkPolicy/default-deny"],
    });
  });

  it("updates an existing policy conditionally on its resourceVersion", () => {
    const existing = { ...aPolicy("dev/p", { order: 1 }), metadata: { name: "p", namespace: "dev", resourceVersion: "42" } };
    const plan = planEnforce(aStagedPolicy("dev/p", { order: 5 }), existing);
    expect(plan.update).toEqual({ kind: "NetworkPolicy", metadata: { name: "p", namespace: "dev", resourceVersion: "42" }, spec: { order: 5 } });
    expect(plan.delete).toEqual(["StagedNetworkPolicy/dev/p"]);
  });

  it("enforcing a staged Delete deletes the enforced policy and the staged copy", () => {
    expect(planEnforce(aStagedPolicy("dev/p", { stagedAction: "Delete" }), aPolicy("dev/p", {}))).toEqual({ delete: ["NetworkPolicy/dev/p", "StagedNetworkPolicy/dev/p"] });
    expect(planEnforce(aStagedK8sPolicy("dev/k", { podSelector: {}, stagedAction: "Delete" }), undefined)).toEqual({ delete: ["StagedKubernetesNetworkPolicy/dev/k"] });
  });
});
