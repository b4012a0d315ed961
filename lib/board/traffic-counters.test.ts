import { describe, expect, it } from "vitest";
import type { TraceHitGroup } from "@/lib/board";
import { flowLogIdentityOf, isUnused, policyTrafficOf } from "@/lib/board";
import { aGlobalPolicy, aK8sPolicy, aPolicy, aStagedGlobalPolicy, aTier } from "@/lib/testing/policy-builders";

const allowDns = aGlobalPolicy("security.allow-dns", { tier: "security", order: 100, selector: "all()" });
const centos = aPolicy("dev/default.centos", { order: 800, selector: 'app == "centos"' });
const unprefixed = aPolicy("dev/web", { order: 900, selector: "all()" });
const knp = aK8sPolicy("dev/deny-all", { podSelector: {} });
const stagedDeny = aStagedGlobalPolicy("default-deny", { order: 2000, selector: "all()" });
const resources = [aTier("security", { order: 300 }), allowDns, centos, unprefixed, knp, stagedDeny];

const g = (trace: TraceHitGroup["trace"], tier: string, name: string, action: string, hits: number): TraceHitGroup => ({ trace, tier, name, action, hits });

describe("flowLogIdentityOf", () => {
  it("names policies as Calico's flow logs do", () => {
    expect(flowLogIdentityOf(allowDns)).toBe("security|security.allow-dns");
    expect(flowLogIdentityOf(centos)).toBe("default|dev/default.centos");
    expect(flowLogIdentityOf(unprefixed)).toBe("default|dev/default.web");
    expect(flowLogIdentityOf(knp)).toBe("default|dev/knp.default.deny-all");
    expect(flowLogIdentityOf(stagedDeny)).toBe("default|staged:default.default-deny");
  });
});

describe("policyTrafficOf", () => {
  it("counts allow / deny / pass per policy from the enforced trace, staged policies from the pending trace", () => {
    const t = policyTrafficOf(resources, [
      g("enforced", "security", "security.allow-dns", "allow", 10),
      g("enforced", "security", "security.allow-dns", "pass", 4),
      g("pending", "security", "security.allow-dns", "allow", 99), // the pending trace does not count for enforced policies
      g("enforced", "default", "dev/default.web", "deny", 2), // end-of-tier deny reported on the first policy
      g("enforced", "default", "dev/knp.default.deny-all", "deny", 3),
      g("pending", "default", "staged:default.default-deny", "deny", 7),
      g("enforced", "default", "staged:default.default-deny", "deny", 100), // never in an enforced trace; ignored
      g("enforced", "__PROFILE__", "__PROFILE__.kns.dev", "allow", 5),
      g("enforced", "security", "security.deleted", "allow", 1),
    ]);
    expect(t).toEqual({
      "GlobalNetworkPolicy/security.allow-dns": { allowed: 10, denied: 0, passed: 4 },
      "NetworkPolicy/dev/default.centos": { allowed: 0, denied: 0, passed: 0 },
      "NetworkPolicy/dev/web": { allowed: 0, denied: 2, passed: 0 },
      "KubernetesNetworkPolicy/dev/deny-all": { allowed: 0, denied: 3, passed: 0 },
      "StagedGlobalNetworkPolicy/default-deny": { allowed: 0, denied: 7, passed: 0 },
    });
    expect(isUnused(t["NetworkPolicy/dev/default.centos"])).toBe(true);
    expect(isUnused(t["NetworkPolicy/dev/web"])).toBe(false);
    expect(isUnused(undefined)).toBe(false);
  });
});
