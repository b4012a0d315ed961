import { describe, expect, it } from "vitest";
import type { CalicoResource, GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import { emptyNetworkSetForm, findNetworkSetReferences, fromNetworkSetForm, toNetworkSetForm } from "@/lib/network-sets";

const allowedDns: GlobalNetworkSet = { kind: "GlobalNetworkSet", metadata: { name: "allowed-dns", labels: { type: "allowed-dns" } }, spec: { allowedEgressDomains: ["*.twilio.com"] } };
const trusted: NetworkSet = { kind: "NetworkSet", metadata: { name: "app2-trusted-domains", namespace: "app2", labels: { "external-ep": "app2-trusted-domains" } }, spec: { allowedEgressDomains: ["github.com"] } };

const gnp = (name: string, egressDest: object, extra: object = {}): CalicoResource =>
  ({ kind: "GlobalNetworkPolicy", metadata: { name }, spec: { tier: "security", egress: [{ action: "Allow", destination: egressDest }], ...extra } }) as CalicoResource; // test fixture in model form
const np = (name: string, ns: string, egressDest: object): CalicoResource =>
  ({ kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec: { tier: "default", egress: [{ action: "Allow", destination: egressDest }] } }) as CalicoResource; // test fixture in model form

describe("findNetworkSetReferences", () => {
  it("finds seed 000's security.external-domain-access rule for allowed-dns", () => {
    const refs = findNetworkSetReferences(allowedDns, [gnp("security.external-domain-access", { selector: 'type == "allowed-dns"' }), gnp("other", { selector: 'type == "blocked-ips"' })]);
    expect(refs).toEqual([{ kind: "GlobalNetworkPolicy", name: "security.external-domain-access", tier: "security", direction: "egress", ruleIndex: 0, side: "destination", action: "Allow" }]);
  });

  it("scopes namespaced policy rules to the policy's namespace unless a namespaceSelector says otherwise", () => {
    const sel = { selector: 'external-ep == "app2-trusted-domains"' };
    expect(findNetworkSetReferences(trusted, [np("default.egress-from-app2", "app2", sel)])).toHaveLength(1);
    expect(findNetworkSetReferences(trusted, [np("default.elsewhere", "app1", sel)])).toHaveLength(0);
    expect(findNetworkSetReferences(trusted, [np("default.any-ns", "app1", { ...sel, namespaceSelector: "all()" })])).toHaveLength(1);
    expect(findNetworkSetReferences(trusted, [np("default.by-ns-label", "app1", { ...sel, namespaceSelector: 'kubernetes.io/metadata.name == "app2"' })])).toHaveLength(1);
    // A namespaced policy never selects a GlobalNetworkSet without namespaceSelector global().
    expect(findNetworkSetReferences(allowedDns, [np("default.ns", "dev", { selector: 'type == "allowed-dns"' })])).toHaveLength(0);
    expect(findNetworkSetReferences(allowedDns, [np("default.ns", "dev", { selector: 'type == "allowed-dns"', namespaceSelector: "global()" })])).toHaveLength(1);
    expect(findNetworkSetReferences(trusted, [np("default.g", "app2", { ...sel, namespaceSelector: "global()" })])).toHaveLength(0);
  });

  it("gives a NetworkSet its projectcalico.org/namespace label and ignores notSelector, nets-only and SA-name rules", () => {
    expect(findNetworkSetReferences(trusted, [gnp("g", { selector: 'projectcalico.org/namespace == "app2"' })])).toHaveLength(1);
    expect(findNetworkSetReferences(allowedDns, [gnp("not", { notSelector: 'type == "allowed-dns"' })])).toHaveLength(0);
    expect(findNetworkSetReferences(allowedDns, [gnp("nets", { nets: ["0.0.0.0/0"] })])).toHaveLength(0);
    expect(findNetworkSetReferences(allowedDns, [gnp("sa", { selector: "all()", serviceAccounts: { names: ["x"] } })])).toHaveLength(0);
    expect(findNetworkSetReferences(allowedDns, [gnp("bad", { selector: "type ==" })])).toHaveLength(0);
  });

  it("covers ingress sources and staged policies and skips Kubernetes policies", () => {
    const blocked: GlobalNetworkSet = { kind: "GlobalNetworkSet", metadata: { name: "ip-address-list", labels: { type: "blocked-ips" } }, spec: { nets: ["198.51.100.23/32"] } };
    const staged = { kind: "StagedGlobalNetworkPolicy", metadata: { name: "security.blockep-ips" }, spec: { tier: "security", ingress: [{ action: "Deny", source: { selector: 'type == "blocked-ips"' } }, { action: "Pass" }] } } as CalicoResource; // fixture
    const k8s = { kind: "KubernetesNetworkPolicy", metadata: { name: "k", namespace: "default" }, spec: { podSelector: {} } } as CalicoResource; // fixture
    expect(findNetworkSetReferences(blocked, [staged, k8s])).toEqual([{ kind: "StagedGlobalNetworkPolicy", name: "security.blockep-ips", tier: "security", direction: "ingress", ruleIndex: 0, side: "source", action: "Deny" }]);
  });
});

describe("network-set form", () => {
  it("round-trips a set through the form", () => {
    const form = toNetworkSetForm({ ...allowedDns, metadata: { ...allowedDns.metadata, resourceVersion: "7", uid: "u-1" } });
    expect(form).toMatchObject({ scope: "global", name: "allowed-dns", labels: [{ key: "type", value: "allowed-dns" }], domains: "*.twilio.com", resourceVersion: "7" });
    const back = fromNetworkSetForm({ ...form, domains: "*.twilio.com\n\n *.google.com " });
    expect(back.ok && back.value).toMatchObject({ kind: "GlobalNetworkSet", metadata: { name: "allowed-dns", resourceVersion: "7", uid: "u-1", labels: { type: "allowed-dns" } }, spec: { allowedEgressDomains: ["*.twilio.com", "*.google.com"] } });
  });

  it("builds a namespaced set with nets", () => {
    const r = fromNetworkSetForm({ ...emptyNetworkSetForm(), scope: "namespaced", namespace: "dev", name: "office", labels: [{ key: "role", value: "office" }, { key: "", value: "" }], nets: "198.51.100.23\n10.0.0.0/8" });
    expect(r.ok && r.value).toEqual({ kind: "NetworkSet", metadata: { name: "office", namespace: "dev", labels: { role: "office" } }, spec: { nets: ["198.51.100.23", "10.0.0.0/8"] } });
  });

  it("names the bad lines and label rows", () => {
    const r = fromNetworkSetForm({ ...emptyNetworkSetForm(), name: "x", labels: [{ key: "", value: "v" }, { key: "a", value: "1" }, { key: "a", value: "2" }], nets: "10.0.0.0/8\nnot-an-ip\n300.1.1.1", domains: "ok.com\nbad*.com" });
    expect(r.ok ? [] : r.error.map((e) => e.path)).toEqual(["labels[0]", "labels[2]", "spec.nets[1]", "spec.nets[2]", "spec.allowedEgressDomains[1]"]);
  });

  it("reports resource validation errors (bad name)", () => {
    const r = fromNetworkSetForm({ ...emptyNetworkSetForm(), name: "Bad_Name" });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.error.map((e) => e.path)).toContain("metadata.name");
  });
});
