import { describe, expect, it } from "vitest";
import type { CalicoResource } from "@/lib/calico/types";
import type { CompiledPolicySet, EndpointModel, NamespaceModel } from "@/lib/policy";
import { buildPolicySet, computeImpact, endpointsSelectedBy, evaluate, formatVerdictPolicies, k8sNetworkPolicyToCalico } from "@/lib/policy";
import { aConnection, aK8sPolicy, aNamespace, aPolicy, aStagedK8sPolicy, aWorkload, peerOf } from "@/lib/testing/policy-builders";

function build(endpoints: EndpointModel[], resources: CalicoResource[], namespaces: NamespaceModel[] = []): CompiledPolicySet {
  const r = buildPolicySet({ namespaces, endpoints, resources });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const nss = [aNamespace("default"), aNamespace("myproject", { project: "myproject" }), aNamespace("other")];
const dbPod = aWorkload("db", { labels: { role: "db" }, ports: [{ name: "redis", port: 6379, protocol: "TCP" }] });
const fe = aWorkload("fe", { labels: { role: "frontend" } });
const feOther = aWorkload("fe2", { namespace: "other", labels: { role: "frontend" } });
const inProject = aWorkload("p", { namespace: "myproject", labels: { role: "anything" } });

describe("Kubernetes NetworkPolicy conversion", () => {
  it("converts to knp.default.<name> in tier default at order 1000 with the orchestrator term", () => {
    const c = k8sNetworkPolicyToCalico("x", { podSelector: { matchLabels: { role: "db" } }, ingress: [{}] });
    expect(c.name).toBe("knp.default.x");
    expect(c.spec).toMatchObject({ tier: "default", order: 1000, types: ["Ingress"] });
    expect(c.spec.selector).toBe("projectcalico.org/orchestrator == 'k8s' && (role == 'db')");
    expect(c.spec.ingress).toEqual([{ action: "Allow", source: {}, destination: {} }]);
  });

  it("policyTypes default: Ingress, plus Egress when egress rules exist", () => {
    expect(k8sNetworkPolicyToCalico("a", { podSelector: {}, egress: [{}] }).spec.types).toEqual(["Ingress", "Egress"]);
    expect(k8sNetworkPolicyToCalico("b", { podSelector: {}, policyTypes: ["Egress"] }).spec.types).toEqual(["Egress"]);
  });

  it("empty ingress isolates the selected pods (end-of-tier deny in default)", () => {
    const set = build([dbPod, fe], [aK8sPolicy("default/deny-all", { podSelector: { matchLabels: { role: "db" } }, policyTypes: ["Ingress"] })], nss);
    const v = evaluate(set, aConnection(peerOf(fe), peerOf(dbPod)));
    expect(v.ingress).toMatchObject({ action: "Deny", reason: "endOfTier", tier: "default", policy: "knp.default.deny-all", namespace: "default" });
    expect(formatVerdictPolicies(v.ingress)).toEqual(["0|default|default/knp.default.deny-all|deny|-1"]);
  });

  it("ingress: [{}] allows everything", () => {
    const set = build([dbPod, feOther], [aK8sPolicy("default/allow-all", { podSelector: {}, ingress: [{}] })], nss);
    expect(evaluate(set, aConnection(peerOf(feOther), peerOf(dbPod), { protocol: "UDP", port: 9 })).ingress?.action).toBe("Allow");
  });

  const docPolicy = aK8sPolicy("default/test-network-policy", {
    podSelector: { matchLabels: { role: "db" } },
    policyTypes: ["Ingress"],
    ingress: [
      {
        from: [{ ipBlock: { cidr: "172.17.0.0/16", except: ["172.17.1.0/24"] } }, { namespaceSelector: { matchLabels: { project: "myproject" } } }, { podSelector: { matchLabels: { role: "frontend" } } }],
        ports: [{ protocol: "TCP", port: 6379 }],
      },
    ],
  });

  it("podSelector peers are same-namespace; namespaceSelector peers any pod of those namespaces; ipBlock except", () => {
    const set = build([dbPod, fe, feOther, inProject], [docPolicy], nss);
    const at = (src: Parameters<typeof aConnection>[0], port = 6379) => evaluate(set, aConnection(src, peerOf(dbPod), { port })).ingress?.action;
    expect(at(peerOf(fe))).toBe("Allow");
    expect(at(peerOf(feOther))).toBe("Deny");
    expect(at(peerOf(inProject))).toBe("Allow");
    expect(at({ kind: "external", ip: "172.17.0.9" })).toBe("Allow");
    expect(at({ kind: "external", ip: "172.17.1.9" })).toBe("Deny");
    expect(at(peerOf(fe), 80)).toBe("Deny");
  });

  it("namespaceSelector AND podSelector in one peer", () => {
    const set = build([dbPod, feOther, inProject, aWorkload("pfe", { namespace: "myproject", labels: { role: "frontend" } })], [
      aK8sPolicy("default/both", { podSelector: { matchLabels: { role: "db" } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { project: "myproject" } }, podSelector: { matchLabels: { role: "frontend" } } }] }] }),
    ], nss);
    const pfe = set.endpoints[3];
    if (pfe === undefined) throw new Error("missing");
    expect(evaluate(set, aConnection(peerOf(pfe), peerOf(dbPod))).ingress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(inProject), peerOf(dbPod))).ingress?.action).toBe("Deny");
    expect(evaluate(set, aConnection(peerOf(feOther), peerOf(dbPod))).ingress?.action).toBe("Deny");
  });

  it("named ports resolve on the destination pod; endPort makes a range; protocol defaults to TCP", () => {
    const set = build([dbPod, fe], [
      aK8sPolicy("default/ports", { podSelector: { matchLabels: { role: "db" } }, ingress: [{ ports: [{ port: "redis" }, { port: 7000, endPort: 7010 }] }] }),
    ], nss);
    const at = (port: number, protocol: "TCP" | "UDP" = "TCP") => evaluate(set, aConnection(peerOf(fe), peerOf(dbPod), { port, protocol })).ingress?.action;
    expect(at(6379)).toBe("Allow");
    expect(at(7005)).toBe("Allow");
    expect(at(7011)).toBe("Deny");
    expect(at(6379, "UDP")).toBe("Deny");
  });

  it("pod-to-pod needs egress at the source and ingress at the destination", () => {
    const set = build([dbPod, fe], [
      aK8sPolicy("default/fe-egress", { podSelector: { matchLabels: { role: "frontend" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { role: "cache" } } }] }] }),
    ], nss);
    const v = evaluate(set, aConnection(peerOf(fe), peerOf(dbPod)));
    expect(v.egress).toMatchObject({ action: "Deny", reason: "endOfTier", policy: "knp.default.fe-egress" });
    expect(v.ingress?.action).toBe("Allow");
    expect(v.allowed).toBe(false);
  });

  it("a staged Kubernetes policy shows as staged:knp.default.<name> in the pending trace", () => {
    const set = build([dbPod, fe], [aStagedK8sPolicy("default/iso", { podSelector: { matchLabels: { role: "db" } }, policyTypes: ["Ingress"] })], nss);
    const v = evaluate(set, aConnection(peerOf(fe), peerOf(dbPod)));
    expect(v.allowed).toBe(true);
    expect(formatVerdictPolicies(v.staged.ingress)).toEqual(["0|default|default/staged:knp.default.iso|deny|-1"]);
  });
});

describe("computeImpact and endpointsSelectedBy", () => {
  it("reports only connections whose verdict or deciding policy changes", () => {
    const before = build([dbPod, fe, feOther], [], nss);
    const after = build([dbPod, fe, feOther], [aPolicy("default/only-fe", { selector: "role == 'db'", ingress: [{ action: "Allow", source: { selector: "role == 'frontend'" } }] })], nss);
    const conns = [aConnection(peerOf(fe), peerOf(dbPod)), aConnection(peerOf(feOther), peerOf(dbPod)), aConnection(peerOf(dbPod), peerOf(fe))];
    const impact = computeImpact(before, after, conns);
    expect(impact.map((i) => [i.connection.source.kind === "endpoint" ? i.connection.source.endpoint.name : "", i.before.allowed, i.after.allowed])).toEqual([
      ["fe", true, true],
      ["fe2", true, false],
    ]);
  });

  it("endpointsSelectedBy lists the endpoints a policy selects", () => {
    const set = build([dbPod, fe, feOther], [aK8sPolicy("default/x", { podSelector: { matchLabels: { role: "frontend" } } })], nss);
    expect(endpointsSelectedBy(set, "KubernetesNetworkPolicy/default/x")?.map((e) => e.name)).toEqual(["fe"]);
    expect(endpointsSelectedBy(set, "NetworkPolicy/default/nope")).toBeUndefined();
  });

  it("buildPolicySet reports bad selectors, CIDRs and unknown tiers with paths", () => {
    const r = buildPolicySet({
      namespaces: [],
      endpoints: [],
      resources: [aPolicy("default/bad", { tier: "nope", selector: "app ==", ingress: [{ action: "Allow", source: { nets: ["10.0.0.0/33"] } }] })],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.map((e) => e.path)).toEqual(["resources[0].spec.selector", "resources[0].spec.ingress[0].source.nets[0]", "resources[0].spec.tier"]);
    }
  });
});
