import { describe, expect, it } from "vitest";
import type { CalicoResource, HostEndpoint } from "@/lib/calico/types";
import type { CompiledPolicySet, EndpointModel, ServiceModel } from "@/lib/policy";
import { buildPolicySet, evaluate, formatTraceEntry, formatVerdictPolicies, policyDisplayName, policyKeyOf } from "@/lib/policy";
import { aConnection, aGlobalPolicy, aNamespace, aNetworkSet, aPolicy, aStagedPolicy, aTier, aWorkload, peerOf } from "@/lib/testing/policy-builders";

function build(endpoints: EndpointModel[], resources: CalicoResource[], services: ServiceModel[] = []): CompiledPolicySet {
  const r = buildPolicySet({ namespaces: [aNamespace("default")], endpoints, resources, services });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const a = aWorkload("ea", { labels: { app: "a" }, ips: ["10.9.0.1", "fd00::1"] });
const b = aWorkload("eb", { labels: { app: "b" }, ips: ["10.9.0.2", "fd00::2"] });

describe("edge cases", () => {
  it("names: tier prefix added once; knp and ossg names are already qualified; keys", () => {
    expect(policyDisplayName("NetworkPolicy", "security.x", "security")).toBe("security.x");
    expect(policyDisplayName("GlobalNetworkPolicy", "x", "security")).toBe("security.x");
    expect(policyDisplayName("StagedGlobalNetworkPolicy", "x", "default")).toBe("staged:default.x");
    expect(policyDisplayName("NetworkPolicy", "ossg.x", "default")).toBe("ossg.x");
    expect(policyKeyOf({ kind: "GlobalNetworkPolicy", metadata: { name: "g", namespace: "ignored" } })).toBe("GlobalNetworkPolicy/g");
    expect(policyKeyOf({ kind: "NetworkPolicy", metadata: { name: "n" } })).toBe("NetworkPolicy/default/n");
  });

  it("ipVersion and IPv6 peers: an endpoint uses its address of the connection's family", () => {
    const set = build([a, b], [aPolicy("default/v6", { selector: "app == 'b'", ingress: [{ action: "Allow", ipVersion: 6, source: { nets: ["fd00::/64"] } }] })]);
    expect(evaluate(set, aConnection({ kind: "endpoint", endpoint: a, ip: "fd00::1" }, peerOf(b))).ingress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(a), peerOf(b))).ingress?.action).toBe("Deny");
    expect(evaluate(set, aConnection(peerOf(a), { kind: "external", ip: "fd00::2" })).ingress?.action).toBe("Allow");
  });

  it("source ports and notICMP", () => {
    const set = build([a, b], [
      aPolicy("default/sp", {
        selector: "app == 'b'",
        ingress: [
          { action: "Allow", protocol: "UDP", source: { ports: [53] } },
          { action: "Allow", protocol: "ICMP", notICMP: { type: 8 } },
          { action: "Deny", protocol: "UDP", source: { notPorts: [53] } },
        ],
      }),
    ]);
    expect(evaluate(set, aConnection(peerOf(a), peerOf(b), { protocol: "UDP", port: 9, sourcePort: 53 })).ingress).toMatchObject({ action: "Allow", rule: 0 });
    expect(evaluate(set, aConnection(peerOf(a), peerOf(b), { protocol: "UDP", port: 9, sourcePort: 54 })).ingress).toMatchObject({ action: "Deny", rule: 2 });
    expect(evaluate(set, aConnection(peerOf(a), peerOf(b), { protocol: "ICMP", icmp: { type: 0 } })).ingress).toMatchObject({ action: "Allow", rule: 1 });
    expect(evaluate(set, aConnection(peerOf(a), peerOf(b), { protocol: "ICMP", icmp: { type: 8 } })).ingress).toMatchObject({ reason: "endOfTier" });
  });

  it("services: cluster IP on service ports, numeric target port, source services", () => {
    const svc: ServiceModel = { namespace: "default", name: "b", selector: { app: "b" }, clusterIP: "10.96.0.10", ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }] };
    const set = build([a, b], [
      aPolicy("default/to-svc", { selector: "app == 'a'", egress: [{ action: "Allow", destination: { services: { name: "b", namespace: "default" } } }] }),
      aPolicy("default/from-svc", { selector: "app == 'a'", ingress: [{ action: "Allow", source: { services: { name: "b" } } }] }),
    ], [svc]);
    expect(evaluate(set, aConnection(peerOf(a), { kind: "external", ip: "10.96.0.10" }, { port: 80 })).egress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(a), peerOf(b), { port: 8080 })).egress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(a), peerOf(b), { port: 80 })).egress?.action).toBe("Deny");
    expect(evaluate(set, aConnection(peerOf(b), peerOf(a))).ingress?.action).toBe("Allow");
    const unknown = build([a, b], [aPolicy("default/x", { selector: "app == 'a'", egress: [{ action: "Allow", destination: { services: { name: "nope" } } }] })]);
    expect(evaluate(unknown, aConnection(peerOf(a), peerOf(b))).egress?.action).toBe("Deny");
  });

  it("notSelector is not limited to the policy namespace; network-set membership counts", () => {
    const set = build([a, b], [
      aNetworkSet("default/office", { zone: "office" }, { nets: ["10.9.0.0/24"] }),
      aPolicy("default/ns", { selector: "app == 'b'", ingress: [{ action: "Allow", source: { notSelector: "zone == 'office'" } }] }),
    ]);
    expect(evaluate(set, aConnection(peerOf(a), peerOf(b))).ingress?.action).toBe("Deny");
    expect(evaluate(set, aConnection({ kind: "external", ip: "10.9.1.1" }, peerOf(b))).ingress?.action).toBe("Deny");
  });

  it("a staged policy replaced in another tier; unknown profiles allow nothing", () => {
    const lone = aWorkload("lone", { profiles: ["custom", "ksa.default.x"] });
    const set = build([a, lone], [
      aTier("t1", { order: 1 }),
      aPolicy("default/p", { selector: "all()", ingress: [{ action: "Deny" }] }),
      aStagedPolicy("default/p", { tier: "t1", selector: "all()", ingress: [{ action: "Pass" }] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(a), peerOf(lone)));
    expect(v.ingress).toMatchObject({ action: "Deny", policy: "default.p" });
    expect(v.staged.ingress).toMatchObject({ action: "Deny", reason: "passedOutOfLastTier" });
    expect(v.staged.ingress?.trace.map((s) => s.kind)).toEqual(["rule", "profile", "profile", "defaultDeny"]);
    expect(formatVerdictPolicies(v.staged.ingress)).toEqual(["0|t1|default/staged:t1.p|pass|0", "1|__PROFILE__|__PROFILE__.__PROFILE__|deny|-1"]);
    expect(formatVerdictPolicies(null)).toEqual([]);
    expect(formatTraceEntry({ kind: "noMatch", tier: "t", policy: "t.p", staged: false }, 0)).toBeUndefined();
    expect(formatTraceEntry({ kind: "rule", tier: "t", policy: "t.p", staged: false, rule: 0, action: "Log" }, 0)).toBeUndefined();
  });

  it("ad-hoc endpoints (not in the set) are compiled on the fly", () => {
    const set = build([b], [aGlobalPolicy("default.g", { selector: "app == 'x'", egress: [{ action: "Deny" }] })]);
    const stranger = aWorkload("stranger", { labels: { app: "x" } });
    expect(evaluate(set, aConnection(peerOf(stranger), peerOf(b))).egress?.action).toBe("Deny");
    expect(evaluate(set, aConnection(peerOf(stranger), peerOf(b))).egress?.action).toBe("Deny");
  });

  it("reports bad ports, protocols, host endpoint IPs and network-set nets", () => {
    const heps: HostEndpoint = { kind: "HostEndpoint", metadata: { name: "h" }, spec: { expectedIPs: ["not-an-ip"] } };
    const r = buildPolicySet({
      namespaces: [],
      endpoints: [aWorkload("w", { ips: ["bogus"] })],
      resources: [
        heps,
        aNetworkSet("default/n", {}, { nets: ["300.0.0.0/8"] }),
        aGlobalPolicy("default.bad", {
          selector: "all()",
          ingress: [{ action: "Allow", protocol: 999, // Deliberately invalid input (the type forbids it): the cast smuggles it past the compiler.
          notProtocol: "nope" as unknown as "TCP", destination: { ports: ["9:1"], notPorts: [70000] } }],
        }),
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.map((e) => e.path).sort()).toEqual(
        [
          "HostEndpoint/h.spec.expectedIPs[0]",
          "endpoints[0].ips[0]",
          "resources[1].spec.nets[0]",
          "resources[2].spec.ingress[0].destination.notPorts",
          "resources[2].spec.ingress[0].destination.ports",
          "resources[2].spec.ingress[0].notProtocol",
          "resources[2].spec.ingress[0].protocol",
        ].sort(),
      );
    }
  });
});
