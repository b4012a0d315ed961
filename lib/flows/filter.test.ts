import { describe, expect, it } from "vitest";
import { buildFlowFilter, isStagedDenied, parsePolicyHit, pendingActionOf } from "@/lib/flows";
import { aFlow, aNet, aWep } from "@/lib/testing/flow-builders";

const stagedDeny = aFlow({ policies: { enforced: ["0|__PROFILE__|__PROFILE__.kns.default|allow|0"], pending: ["0|default|staged:default.default-deny|deny|-1"] } });
const denied = aFlow({ action: "deny", reporter: "dst", proto: "udp", dest: aWep("dev", "nginx-6f7c9b8d54-b8n2x", { port: 53 }), policies: { enforced: ["0|security|dev/security.quarantine|deny|1"], pending: ["0|security|dev/security.quarantine|deny|1"] } });
const external = aFlow({ source: aNet("198.51.100.23"), reporter: "dst", startTime: 2_000, endTime: 2_015 });

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

describe("buildFlowFilter", () => {
  const all = [aFlow(), stagedDeny, denied, external];
  const run = (spec: Parameters<typeof buildFlowFilter>[0]) => all.filter(buildFlowFilter(spec));

  it("matches everything with an empty spec", () => expect(run({})).toHaveLength(4));
  it("filters by time range overlap [from, to)", () => {
    expect(run({ timeRange: { from: 1_999, to: 2_001 } })).toEqual([external]);
    expect(run({ timeRange: { to: 2_000 } })).toHaveLength(0);
    expect(run({ timeRange: { from: 2_015 } })).toHaveLength(3);
    expect(run({ timeRange: { from: 1_700_000_015 } })).toHaveLength(0);
  });
  it("filters by namespace and name, exact or fuzzy", () => {
    expect(run({ destNamespaces: ["dev"] })).toEqual([denied]);
    expect(run({ sourceNames: ["pub"] })).toEqual([external]);
    expect(run({ destNames: ["nginx-6f7c9b8d54-*"] })).toEqual([denied]);
    expect(run({ destNames: [{ value: "NGINX", type: "fuzzy" }] })).toEqual([denied]);
    expect(run({ destNames: [{ value: "nginx", type: "exact" }] })).toEqual([]);
    expect(run({ namespaces: ["dev"] })).toEqual([denied]);
  });
  it("filters by port, protocol, action, pending action, reporter", () => {
    expect(run({ destPorts: [53] })).toEqual([denied]);
    expect(run({ protocols: ["UDP"] })).toEqual([denied]);
    expect(run({ actions: ["deny"] })).toEqual([denied]);
    expect(run({ pendingActions: ["deny"] })).toEqual([stagedDeny, denied]);
    expect(run({ reporter: "dst" })).toEqual([denied, external]);
  });
  it("filters by policy hit (tier, name with or without tier prefix, staged, trace)", () => {
    expect(run({ policies: [{ tier: "security" }] })).toEqual([denied]);
    expect(run({ policies: [{ name: "default-deny" }] })).toEqual([stagedDeny]);
    expect(run({ policies: [{ name: "default.default-deny", staged: true }] })).toEqual([stagedDeny]);
    expect(run({ policies: [{ name: "default-deny", trace: "enforced" }] })).toEqual([]);
    expect(run({ policies: [{ namespace: "dev", name: "quarantine", action: "deny" }] })).toEqual([denied]);
  });
  it("ANDs fields and ORs values", () => {
    expect(run({ actions: ["allow", "deny"], reporter: "dst" })).toEqual([denied, external]);
    expect(run({ actions: ["deny"], reporter: "src" })).toEqual([]);
  });
});
