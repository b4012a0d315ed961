import { describe, expect, it } from "vitest";
import type { HostEndpoint } from "@/lib/calico/types";
import { buildPolicySet, evaluate, formatTraceEntry } from "@/lib/policy";
import { aConnection, aGlobalPolicy, aHostEndpoint, aK8sPolicy, aNamespace, aPolicy, aWorkload, peerOf } from "@/lib/testing/policy-builders";

const node: HostEndpoint = {
  kind: "HostEndpoint",
  metadata: { name: "node1-eth0", labels: { role: "node" } },
  spec: { node: "node1", interfaceName: "eth0", expectedIPs: ["192.168.50.10"], ports: [{ name: "kubelet", port: 10250, protocol: "TCP" }] },
};

describe("host endpoints", () => {
  it("HostEndpoint resources become endpoints; with no policy and no profile they deny", () => {
    const r = buildPolicySet({ namespaces: [], endpoints: [], resources: [node] });
    if (!r.ok) throw new Error("build failed");
    expect(r.value.endpoints.map((e) => e.name)).toEqual(["node1-eth0"]);
    const v = evaluate(r.value, aConnection({ kind: "external", ip: "203.0.113.1" }, { kind: "external", ip: "192.168.50.10" }, { port: 10250 }));
    expect(v.ingress).toMatchObject({ action: "Deny", reason: "noPolicy" });
  });

  it("only global policies select host endpoints; named ports resolve on the host", () => {
    const pod = aWorkload("p", { labels: { role: "node" } });
    const r = buildPolicySet({
      namespaces: [aNamespace("default")],
      endpoints: [pod],
      resources: [
        node,
        aPolicy("default/ns-pol", { selector: "role == 'node'", ingress: [{ action: "Deny" }] }),
        aK8sPolicy("default/k", { podSelector: {}, ingress: [] }),
        aGlobalPolicy("default.kubelet", { selector: "role == 'node'", ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: ["kubelet"] } }] }),
      ],
    });
    if (!r.ok) throw new Error("build failed");
    const hostPeer = { kind: "external" as const, ip: "192.168.50.10" };
    const v = evaluate(r.value, aConnection(peerOf(pod), hostPeer, { port: 10250 }));
    expect(v.ingress).toMatchObject({ action: "Allow", policy: "default.kubelet" });
    expect(v.ingress?.trace).toHaveLength(1);
    const denied = evaluate(r.value, aConnection(peerOf(pod), hostPeer, { port: 22 }));
    expect(denied.ingress).toMatchObject({ action: "Deny", reason: "endOfTier", policy: "default.kubelet" });
  });

  it("a host endpoint with the built-in default-allow profile allows what no policy decides", () => {
    const h = aHostEndpoint("h", { profiles: ["projectcalico-default-allow"] });
    const r = buildPolicySet({ namespaces: [], endpoints: [h], resources: [] });
    if (!r.ok) throw new Error("build failed");
    const v = evaluate(r.value, aConnection({ kind: "external", ip: "8.8.8.8" }, peerOf(h)));
    expect(v.ingress).toMatchObject({ action: "Allow", profile: "projectcalico-default-allow" });
    expect(formatTraceEntry(v.ingress?.trace[0] ?? { kind: "defaultDeny" }, 0)).toBe("0|__PROFILE__|__PROFILE__.projectcalico-default-allow|allow|0");
  });

  it("GlobalNetworkPolicy serviceAccountSelector selects pods by service-account labels", () => {
    const sa = aWorkload("sa", { serviceAccount: "builder" });
    const nosa = aWorkload("nosa");
    const r = buildPolicySet({
      namespaces: [aNamespace("default", {}, [{ name: "builder", labels: { ci: "true" } }])],
      endpoints: [sa, nosa],
      resources: [aGlobalPolicy("default.ci", { serviceAccountSelector: "ci == 'true'", egress: [{ action: "Deny" }] })],
    });
    if (!r.ok) throw new Error("build failed");
    expect(evaluate(r.value, aConnection(peerOf(sa), peerOf(nosa))).egress).toMatchObject({ action: "Deny", policy: "default.ci" });
    expect(evaluate(r.value, aConnection(peerOf(nosa), peerOf(sa))).egress).toMatchObject({ reason: "noPolicy" });
  });
});
