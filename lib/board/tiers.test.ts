import { describe, expect, it } from "vitest";
import { canDeleteTier } from "@/lib/board/tiers";
import { aGlobalPolicy, aK8sPolicy, aPolicy, aStagedPolicy, aTier } from "@/lib/testing/policy-builders";

describe("canDeleteTier", () => {
  it("never deletes Calico's static tiers", () => {
    expect(canDeleteTier("default", []).ok).toBe(false);
    expect(canDeleteTier("kube-admin", []).ok).toBe(false);
  });

  it("refuses while policies remain, saying how many", () => {
    const resources = [aTier("security"), aPolicy("dev/security.a", { tier: "security" }), aStagedPolicy("dev/security.b", { tier: "security" }), aGlobalPolicy("c", {})];
    expect(canDeleteTier(aTier("security"), resources)).toEqual({
      ok: false,
      reason: 'tier "security" still holds 2 policies (1 enforced, 1 staged); move or delete them before deleting the tier',
    });
    expect(canDeleteTier("security", resources.slice(0, 2))).toEqual({
      ok: false,
      reason: 'tier "security" still holds 1 policy; move or delete them before deleting the tier',
    });
  });

  it("counts Kubernetes NetworkPolicies in the default tier", () => {
    expect(canDeleteTier("default", [aK8sPolicy("dev/k", { podSelector: {} })]).ok).toBe(false);
  });

  it("allows deleting an empty tier", () => {
    expect(canDeleteTier("platform", [aTier("platform"), aGlobalPolicy("c", {})])).toEqual({ ok: true });
  });
});
