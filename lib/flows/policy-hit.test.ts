import { describe, expect, it } from "vitest";
import { isStagedDenied, parsePolicyHit, pendingActionOf } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";

const stagedDeny = aFlow({ policies: { enforced: ["0|__PROFILE__|__PROFILE__.kns.default|allow|0"], pending: ["0|default|staged:default.default-deny|deny|-1"] } });

describe("policy hits", () => {
  it("parses every Calico name form", () => {
    const cases: [string, object][] = [
      ["0|default|default.default-deny|deny|-1", { kind: "GlobalNetworkPolicy", tier: "default", name: "default-deny", ruleIndex: -1 }],
      ["1|default|staged:default.default-deny|deny|-1", { kind: "StagedGlobalNetworkPolicy", name: "default-deny", staged: true }],
      ["0|security|dev/security.centos|allow|2", { kind: "NetworkPolicy", namespace: "dev", name: "centos" }],
      ["0|default|dev/staged:default.centos|pass|0", { kind: "StagedNetworkPolicy", namespace: "dev", name: "centos", action: "pass" }],
      ["0|default|dev/knp.default.allow-web|allow|0", { kind: "KubernetesNetworkPolicy", namespace: "dev", name: "allow-web" }],
      ["0|default|dev/staged:knp.default.allow-web|deny|-1", { kind: "StagedKubernetesNetworkPolicy", name: "allow-web" }],
      ["2|__PROFILE__|__PROFILE__.kns.dev|allow|0", { kind: "Profile", name: "kns.dev", index: 2 }],
    ];
    for (const [entry, expected] of cases) {
      const r = parsePolicyHit(entry);
      expect(r.ok && r.value).toMatchObject(expected);
    }
    expect(parsePolicyHit("0|default|x|allow").ok).toBe(false);
    expect(parsePolicyHit("0|default|default.x|log|0").ok).toBe(false);
    expect(parsePolicyHit("0|default|default.x|allow|-3").ok).toBe(false);
  });
  it("derives the pending action from the pending trace", () => {
    expect(pendingActionOf(stagedDeny)).toBe("deny");
    expect(isStagedDenied(stagedDeny)).toBe(true);
    expect(pendingActionOf(aFlow())).toBe("allow");
    expect(pendingActionOf(aFlow({ policies: null, action: "deny" }))).toBe("deny");
  });
});
