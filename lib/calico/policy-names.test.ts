import { describe, expect, it } from "vitest";
import { canonicalPolicyName, effectiveK8sPolicyTypes, effectivePolicyTypes, policyTierOf, shortPolicyName, tierPrefixError } from "@/lib/calico/policy-names";
import type { Rule } from "@/lib/calico/types";

const allow: Rule = { action: "Allow" };

describe("tier names", () => {
  it.each([
    ["security", "foo", "security.foo"],
    ["security", "security.foo", "security.foo"],
    ["", "foo", "default.foo"],
    ["default", "default.foo", "default.foo"],
    ["default", "knp.default.np", "knp.default.np"],
    ["platform", "security.foo", "platform.security.foo"],
  ])("canonicalPolicyName(%s, %s) = %s", (tier, name, expected) => {
    expect(canonicalPolicyName(tier, name)).toBe(expected);
  });
  it.each([
    ["security", "security.foo", "foo"],
    ["security", "foo", "foo"],
    ["default", "default.foo", "foo"],
    ["default", "knp.default.np", "knp.default.np"],
  ])("shortPolicyName(%s, %s) = %s", (tier, name, expected) => {
    expect(shortPolicyName(tier, name)).toBe(expected);
  });
  it("policyTierOf defaults to default and ignores non-policies", () => {
    expect(policyTierOf({ kind: "GlobalNetworkPolicy", metadata: { name: "a" }, spec: {} })).toBe("default");
    expect(policyTierOf({ kind: "StagedNetworkPolicy", metadata: { name: "s.a", namespace: "n" }, spec: { tier: "s" } })).toBe("s");
    expect(policyTierOf({ kind: "KubernetesNetworkPolicy", metadata: { name: "a", namespace: "n" }, spec: { podSelector: {} } })).toBe("default");
    expect(policyTierOf({ kind: "Tier", metadata: { name: "t" }, spec: {} })).toBeUndefined();
  });
  it("tierPrefixError follows ValidateTieredPolicyName", () => {
    expect(tierPrefixError("foo", "security")).toContain('"security.foo"');
    expect(tierPrefixError("platform.foo", "security")).toContain('"security.foo"');
    expect(tierPrefixError("security.foo", "security")).toBeUndefined();
    expect(tierPrefixError("foo", undefined)).toBeUndefined();
    expect(tierPrefixError("ossg.default.x", "security")).toBeUndefined();
  });
});

describe("effectivePolicyTypes (Calico defaulting)", () => {
  it.each([
    [{}, ["Ingress"]],
    [{ ingress: [allow] }, ["Ingress"]],
    [{ egress: [allow] }, ["Egress"]],
    [{ ingress: [allow], egress: [allow] }, ["Ingress", "Egress"]],
    [{ types: [], egress: [allow] }, ["Egress"]],
    [{ types: ["Egress" as const], ingress: [allow] }, ["Egress"]],
  ])("%j → %j", (spec, expected) => {
    expect(effectivePolicyTypes(spec)).toEqual(expected);
  });
  it("Kubernetes NetworkPolicy: Ingress always, Egress when egress rules exist", () => {
    expect(effectiveK8sPolicyTypes({})).toEqual(["Ingress"]);
    expect(effectiveK8sPolicyTypes({ egress: [{}] })).toEqual(["Ingress", "Egress"]);
    expect(effectiveK8sPolicyTypes({ policyTypes: ["Egress"] })).toEqual(["Egress"]);
  });
});
