import { describe, expect, it } from "vitest";
import type { CalicoPolicyForm } from "@/lib/board/policy-form";
import { emptyPolicyForm, fromPolicyForm, toPolicyForm } from "@/lib/board/policy-form";
import { policyFormToYaml, yamlToPolicyForm } from "@/lib/board/policy-yaml";
import type { GlobalNetworkPolicy, NetworkPolicy, StagedNetworkPolicy } from "@/lib/calico/types";
import { aK8sPolicy, aStagedK8sPolicy } from "@/lib/testing/policy-builders";

const everyRuleField: NetworkPolicy = {
  kind: "NetworkPolicy",
  metadata: { name: "security.web", namespace: "dev", labels: { team: "a" }, annotations: { owner: "me" }, resourceVersion: "9" },
  spec: {
    tier: "security",
    order: 150.5,
    selector: "app == 'web' || app == 'api'",
    serviceAccountSelector: "role == 'x'",
    types: ["Ingress", "Egress"],
    ingress: [
      {
        action: "Allow",
        protocol: "TCP",
        notProtocol: "UDP",
        ipVersion: 4,
        source: {
          nets: ["10.0.0.0/8"],
          notNets: ["10.1.0.0/16"],
          selector: "app == 'lb'",
          notSelector: "bad == 'yes'",
          namespaceSelector: "name == 'ingress'",
          notPorts: [22],
          serviceAccounts: { names: ["sa1"], selector: "k == 'v'" },
        },
        destination: { ports: [80, "8000:8080", "http"] },
        http: { methods: ["GET"], paths: [{ exact: "/a" }, { prefix: "/b" }] },
        metadata: { annotations: { why: "lb" } },
      },
      { action: "Deny", protocol: "ICMP", icmp: { type: 8, code: 0 } },
      { action: "Allow", protocol: "ICMP", notICMP: { type: 3 } },
      { action: "Pass", protocol: 132 },
    ],
    egress: [
      { action: "Allow", destination: { services: { name: "kube-dns", namespace: "kube-system" } } },
      { action: "Allow", destination: { domains: ["*.twilio.com"] } },
      { action: "Log" },
    ],
    performanceHints: ["AssumeNeededOnEveryNode"],
  },
};

const gnp: GlobalNetworkPolicy = {
  kind: "GlobalNetworkPolicy",
  metadata: { name: "host-guard" },
  spec: { order: 10, selector: "has(host)", namespaceSelector: "kubernetes.io/metadata.name == 'catfacts'", doNotTrack: true, applyOnForward: true, types: ["Ingress"], ingress: [{ action: "Deny" }] },
};

describe("toPolicyForm / fromPolicyForm", () => {
  it("round-trips every field of the rule model", () => {
    const back = fromPolicyForm(toPolicyForm(everyRuleField));
    expect(back).toEqual({ ok: true, value: everyRuleField });
  });

  it("round-trips a global policy with namespaceSelector and flags", () => {
    expect(fromPolicyForm(toPolicyForm(gnp))).toEqual({ ok: true, value: gnp });
  });

  it("round-trips staged and Kubernetes kinds", () => {
    const staged: StagedNetworkPolicy = { kind: "StagedNetworkPolicy", metadata: { name: "p", namespace: "dev" }, spec: { stagedAction: "Set", order: 1 } };
    expect(fromPolicyForm(toPolicyForm(staged))).toEqual({ ok: true, value: staged });
    const k8s = aK8sPolicy("dev/k", { podSelector: { matchLabels: { role: "db" } }, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: { matchLabels: { role: "frontend" } } }], ports: [{ protocol: "TCP", port: 6379 }] }] });
    expect(fromPolicyForm(toPolicyForm(k8s))).toEqual({ ok: true, value: k8s });
    // Safe: a staged Delete must have an empty spec; the model types podSelector as required.
    const del = aStagedK8sPolicy("dev/k", { stagedAction: "Delete" } as unknown as Parameters<typeof aStagedK8sPolicy>[1]);
    expect(fromPolicyForm(toPolicyForm(del))).toEqual({ ok: true, value: { kind: "StagedKubernetesNetworkPolicy", metadata: { name: "k", namespace: "dev" }, spec: { stagedAction: "Delete" } } });
  });

  it("uses selector rows for simple selectors and raw text otherwise", () => {
    const form = toPolicyForm(everyRuleField);
    if (form.mode !== "calico") throw new Error("calico form expected");
    expect(form.selector.mode).toBe("text");
    expect(form.serviceAccountSelector).toEqual({ mode: "rows", rows: [{ key: "role", operator: "==", value: "x" }], original: "role == 'x'" });
    expect(form.order).toBe("150.5");
    expect(form.explicitTypes).toBe(true);
  });

  it("keeps the user's selector text unless rows change its meaning", () => {
    const form = toPolicyForm(everyRuleField) as CalicoPolicyForm;
    const edited: CalicoPolicyForm = { ...form, serviceAccountSelector: { mode: "rows", rows: [{ key: "role", operator: "==", value: "y" }], original: "role == 'x'" } };
    const r = fromPolicyForm(edited);
    expect(r.ok && r.value.kind === "NetworkPolicy" && r.value.spec.serviceAccountSelector).toBe('role == "y"');
  });

  it("leaves types out when they are not explicit (Calico defaults them)", () => {
    const form = { ...emptyPolicyForm("namespace", "", "dev"), name: "p" };
    expect(fromPolicyForm(form)).toEqual({ ok: true, value: { kind: "NetworkPolicy", metadata: { name: "p", namespace: "dev" }, spec: {} } });
  });

  it("saves as the staged kind when staged", () => {
    const form: CalicoPolicyForm = { ...emptyPolicyForm("global", "security"), name: "security.x", staged: true, order: "100" };
    expect(fromPolicyForm(form)).toEqual({ ok: true, value: { kind: "StagedGlobalNetworkPolicy", metadata: { name: "security.x" }, spec: { tier: "security", order: 100 } } });
  });

  it("reports field errors with their paths", () => {
    const base = toPolicyForm(everyRuleField) as CalicoPolicyForm;
    const firstRule = base.ingress[0];
    if (firstRule === undefined) throw new Error("fixture");
    const form: CalicoPolicyForm = {
      ...base,
      name: "",
      order: "abc",
      selector: { mode: "text", text: "app ==" },
      ingress: [{ ...firstRule, icmp: { type: "x", code: "" } }],
    };
    const r = fromPolicyForm(form);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.error.map((e) => e.path);
    expect(paths).toContain("spec.order");
    expect(paths).toContain("spec.selector");
    expect(paths).toContain("spec.ingress[0].icmp.type");
    expect(paths).toContain("metadata.name");
  });
});

describe("YAML tab sync", () => {
  it("form → YAML → form is stable", () => {
    const form = toPolicyForm(everyRuleField);
    const yaml = policyFormToYaml(form);
    expect(yaml.ok).toBe(true);
    if (!yaml.ok) return;
    expect(yaml.value).toContain("apiVersion: projectcalico.org/v3");
    const back = yamlToPolicyForm(yaml.value);
    expect(back).toEqual({ ok: true, value: form });
  });

  it("accepts the v1 CRD form and Kubernetes YAML", () => {
    const r = yamlToPolicyForm("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\n  namespace: dev\nspec:\n  podSelector: {}\n");
    expect(r.ok && r.value.mode).toBe("kubernetes");
  });

  it("reports YAML errors, several documents and non-policy kinds", () => {
    expect(yamlToPolicyForm("kind: [").ok).toBe(false);
    expect(yamlToPolicyForm("").ok).toBe(false);
    const two = yamlToPolicyForm("kind: Tier\nmetadata: {name: a}\n---\nkind: Tier\nmetadata: {name: b}\n");
    expect(!two.ok && two.error[0]?.message).toMatch(/2 documents/);
    const tier = yamlToPolicyForm("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: a}\nspec: {order: 1}\n");
    expect(!tier.ok && tier.error[0]?.message).toMatch(/not a policy/);
  });
});
