/**
 * Kubernetes ClusterNetworkPolicy in the engine, as Calico evaluates it: Admin in tier kube-admin
 * (order 1,000, before every ordinary tier), Baseline in kube-baseline (order 10,000,000, after
 * default), both default-Pass; priority orders policies; Accept/Deny decide, Pass leaves the tier.
 */
import { describe, expect, it } from "vitest";
import type { CalicoResource } from "@/lib/calico/types";
import type { CompiledPolicySet, EndpointModel, NamespaceModel } from "@/lib/policy";
import { buildPolicySet, clusterNetworkPolicyToCalico, evaluate, formatVerdictPolicies } from "@/lib/policy";
import { aClusterNetworkPolicy, aConnection, aK8sPolicy, aNamespace, aTier, aWorkload, peerOf } from "@/lib/testing/policy-builders";

function build(endpoints: EndpointModel[], resources: CalicoResource[], namespaces: NamespaceModel[] = []): CompiledPolicySet {
  const r = buildPolicySet({ namespaces, endpoints, resources });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const nsProd = aNamespace("prod", { env: "prod" });
const nsDev = aNamespace("dev", { env: "dev" });
const web = aWorkload("web", { namespace: "prod", labels: { app: "web" }, ips: ["10.2.0.1"] });
const db = aWorkload("db", { namespace: "prod", labels: { app: "db" }, ips: ["10.2.0.2"] });
const tool = aWorkload("tool", { namespace: "dev", labels: { app: "tool" }, ips: ["10.2.0.3"] });
const namespaces = [nsProd, nsDev];
const all = [web, db, tool];

const denyDevToProd = aClusterNetworkPolicy("deny-dev", {
  tier: "Admin",
  priority: 10,
  subject: { namespaces: { matchLabels: { env: "prod" } } },
  ingress: [{ name: "no dev", action: "Deny", from: [{ namespaces: { matchLabels: { env: "dev" } } }] }],
});

describe("ClusterNetworkPolicy conversion", () => {
  it("maps tier, priority, subject, peers, protocols and actions as libcalico-go does", () => {
    const { spec, types } = clusterNetworkPolicyToCalico({
      tier: "Baseline",
      priority: 5,
      subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "db" } } } },
      egress: [
        { action: "Accept", to: [{ networks: ["10.0.0.0/8"] }, { pods: { namespaceSelector: { matchLabels: { env: "prod" } }, podSelector: {} } }], protocols: [{ udp: { destinationPort: { number: 53 } } }, { tcp: { destinationPort: { range: { start: 80, end: 90 } } } }] },
        { action: "Pass", to: [{ nodes: {} }] },
        { action: "Accept", to: [{ namespaces: {} }], protocols: [{ destinationNamedPort: "http" }] },
      ],
    });
    expect(types).toEqual(["Egress"]);
    expect(spec.tier).toBe("kube-baseline");
    expect(spec.order).toBe(5);
    expect(spec.selector).toBe("projectcalico.org/orchestrator == 'k8s' && (app == 'db')");
    expect(spec.namespaceSelector).toBe("all()");
    expect(spec.egress).toEqual([
      { action: "Allow", protocol: "TCP", destination: { nets: ["10.0.0.0/8"], ports: ["80:90"] } },
      { action: "Allow", protocol: "TCP", destination: { selector: "projectcalico.org/orchestrator == 'k8s'", namespaceSelector: "env == 'prod'", ports: ["80:90"] } },
      { action: "Allow", protocol: "UDP", destination: { nets: ["10.0.0.0/8"], ports: [53] } },
      { action: "Allow", protocol: "UDP", destination: { selector: "projectcalico.org/orchestrator == 'k8s'", namespaceSelector: "env == 'prod'", ports: [53] } },
      // Pass to nodes: unsupported by Calico → fails closed as a deny-all; named ports: the Accept is dropped.
      { action: "Deny" },
    ]);
  });
});

describe("ClusterNetworkPolicy evaluation", () => {
  it("an Admin Deny wins over an allowing Kubernetes NetworkPolicy; the trace names kcnp.kube-admin.<name>", () => {
    const set = build(all, [denyDevToProd, aK8sPolicy("prod/allow-all", { podSelector: {}, ingress: [{}] })], namespaces);
    const v = evaluate(set, aConnection(peerOf(tool), peerOf(web)));
    expect(v.allowed).toBe(false);
    expect(v.ingress).toMatchObject({ action: "Deny", reason: "rule", tier: "kube-admin", policy: "kcnp.kube-admin.deny-dev", rule: 0 });
    expect(formatVerdictPolicies(v.ingress)).toEqual(["0|kube-admin|kcnp.kube-admin.deny-dev|deny|0"]);
    // prod → prod is not matched by the rule: kube-admin passes (default Pass) to the NetworkPolicy.
    const inside = evaluate(set, aConnection(peerOf(db), peerOf(web)));
    expect(inside.ingress).toMatchObject({ action: "Allow", tier: "default", policy: "knp.default.allow-all" });
    expect(inside.ingress?.trace.map((s) => `${s.kind}:${"tier" in s ? s.tier : ""}`)).toEqual(["noMatch:kube-admin", "endOfTier:kube-admin", "rule:default"]);
  });

  it("Admin tier runs before a user tier of low order; priority orders the policies", () => {
    const set = build(all, [
      aTier("security", { order: 1 }),
      aClusterNetworkPolicy("b-accept", { tier: "Admin", priority: 20, subject: { namespaces: {} }, ingress: [{ action: "Accept", from: [{ namespaces: {} }] }] }),
      aClusterNetworkPolicy("a-deny", { tier: "Admin", priority: 30, subject: { namespaces: {} }, ingress: [{ action: "Deny", from: [{ namespaces: {} }] }] }),
    ], namespaces);
    const v = evaluate(set, aConnection(peerOf(tool), peerOf(web)));
    expect(v.ingress).toMatchObject({ action: "Allow", policy: "kcnp.kube-admin.b-accept" });
  });

  it("Pass hands the decision to the next tiers; Baseline decides only for pods no NetworkPolicy isolates", () => {
    const baselineDeny = aClusterNetworkPolicy("baseline-deny", {
      tier: "Baseline",
      priority: 1,
      subject: { namespaces: {} },
      ingress: [{ action: "Deny", from: [{ namespaces: {} }] }],
    });
    const passDev = aClusterNetworkPolicy("pass-dev", { tier: "Admin", priority: 1, subject: { namespaces: {} }, ingress: [{ action: "Pass", from: [{ namespaces: { matchLabels: { env: "dev" } } }] }] });
    const set = build(all, [passDev, baselineDeny, aK8sPolicy("prod/db-from-dev", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: "dev" } } }] }] })], namespaces);
    // db is selected by a NetworkPolicy that allows dev: the default tier decides (Allow).
    expect(evaluate(set, aConnection(peerOf(tool), peerOf(db))).ingress).toMatchObject({ action: "Allow", tier: "default" });
    // web is selected by no NetworkPolicy: the baseline Deny applies.
    const toWeb = evaluate(set, aConnection(peerOf(tool), peerOf(web)));
    expect(toWeb.ingress).toMatchObject({ action: "Deny", tier: "kube-baseline", policy: "kcnp.kube-baseline.baseline-deny" });
    expect(formatVerdictPolicies(toWeb.ingress)).toEqual(["0|kube-admin|kcnp.kube-admin.pass-dev|pass|0", "1|kube-baseline|kcnp.kube-baseline.baseline-deny|deny|0"]);
  });

  it("egress to networks with ports; a subject of pods selects only those pods", () => {
    const set = build(all, [
      aClusterNetworkPolicy("db-egress", {
        tier: "Admin",
        priority: 1,
        subject: { pods: { namespaceSelector: { matchLabels: { env: "prod" } }, podSelector: { matchLabels: { app: "db" } } } },
        egress: [{ action: "Deny", to: [{ networks: ["203.0.113.0/24"] }], protocols: [{ tcp: { destinationPort: { number: 443 } } }] }],
      }),
    ], namespaces);
    const ext = { kind: "external" as const, ip: "203.0.113.9" };
    expect(evaluate(set, aConnection(peerOf(db), ext, { port: 443 })).egress).toMatchObject({ action: "Deny", policy: "kcnp.kube-admin.db-egress" });
    expect(evaluate(set, aConnection(peerOf(db), ext, { port: 80 })).allowed).toBe(true);
    expect(evaluate(set, aConnection(peerOf(web), ext, { port: 443 })).allowed).toBe(true);
  });

  it("the built-in tiers a policy uses exist without Tier resources, with Calico's orders and Pass", () => {
    const set = build(all, [denyDevToProd, aClusterNetworkPolicy("base", { tier: "Baseline", priority: 0, subject: { namespaces: {} } })], namespaces);
    expect(set.tiers.map((t) => [t.name, t.order, t.defaultAction])).toEqual([
      ["kube-admin", 1000, "Pass"],
      ["default", 1_000_000, "Deny"],
      ["kube-baseline", 10_000_000, "Pass"],
    ]);
    expect(build(all, [denyDevToProd], namespaces).tiers.map((t) => t.name)).toEqual(["kube-admin", "default"]);
    expect(set.policies.map((p) => p.types)).toEqual([["Ingress"], []]);
    expect(set.policies.map((p) => [p.key, p.displayName, p.tier, p.order])).toEqual([
      ["ClusterNetworkPolicy/deny-dev", "kcnp.kube-admin.deny-dev", "kube-admin", 10],
      ["ClusterNetworkPolicy/base", "kcnp.kube-baseline.base", "kube-baseline", 0],
    ]);
  });
});
