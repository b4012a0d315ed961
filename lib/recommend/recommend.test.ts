import { describe, expect, it } from "vitest";
import { buildDemoCluster } from "@/lib/cluster/demo";
import { toYaml, validateResource, toWireObject } from "@/lib/calico";
import type { CalicoResource } from "@/lib/calico/types";
import type { FlowLog } from "@/lib/flows";
import { buildPolicySet } from "@/lib/policy";
import { DEMO_TRAFFIC_MODEL, simulateInterval, toClusterModels } from "@/lib/traffic";
import { createRng } from "@/lib/random";
import { recommendForNamespace, recommendForNamespaces, recommendForWorkload, RecommendIndex, toObservedConnections, findDeniedObserved, impactOnObserved, isWorkloadEndpoint } from "@/lib/recommend";

const models = toClusterModels(buildDemoCluster());
const cluster = { namespaces: models.namespaces, endpoints: models.endpoints, services: models.services, networkSets: models.networkSets };

function demoFlows(intervals = 4): { flows: FlowLog[]; dns: ReturnType<typeof simulateInterval>["dns"] } {
  const built = buildPolicySet({ namespaces: models.namespaces, endpoints: models.endpoints, services: models.services, resources: models.resources });
  if (!built.ok) throw new Error("demo policies do not compile");
  const flows: FlowLog[] = [];
  const dns: ReturnType<typeof simulateInterval>["dns"] = [];
  for (let i = 0; i < intervals; i++) {
    const r = simulateInterval({ model: DEMO_TRAFFIC_MODEL, cluster, policySet: built.value, start: 1_700_000_000 + i * 60, end: 1_700_000_060 + i * 60, rng: createRng(7 + i) });
    flows.push(...r.flows);
    dns.push(...r.dns);
  }
  return { flows, dns };
}

describe("recommendForWorkload on the demo cluster (W1.10: default/frontend)", () => {
  const { flows, dns } = demoFlows();
  const rec = recommendForWorkload({ namespace: "default", workload: "frontend", flows, cluster, options: { dnsLogs: dns } });
  const spec = rec.policy.spec;

  it("selects frontend by its app label, never by pod-template-hash", () => {
    expect(spec.selector).toBe('app == "frontend"');
    expect(rec.policy.metadata).toMatchObject({ name: "default.frontend-recommendation", namespace: "default" });
    expect(spec.tier).toBe("default");
    expect(spec.order).toBeUndefined();
    expect(spec.types).toEqual(["Ingress", "Egress"]);
  });

  it("proposes ingress on 8080 from the loadgenerator and from the internet", () => {
    const ingress = spec.ingress ?? [];
    const fromLoadgen = ingress.find((r) => r.source?.selector === 'app == "loadgenerator"');
    expect(fromLoadgen).toMatchObject({ action: "Allow", protocol: "TCP", destination: { ports: [8080] } });
    const fromInternet = ingress.find((r) => r.metadata?.annotations?.["policyrecommendation.tigera.io/scope"] === "Public");
    expect(fromInternet).toMatchObject({ action: "Allow", protocol: "TCP", destination: { ports: [8080] } });
    expect(fromInternet?.source).toBeUndefined();
    const cross = ingress.find((r) => r.source?.namespaceSelector === "projectcalico.org/name == 'app1'");
    expect(cross?.source?.selector).toBe('app == "app1"');
  });

  it("proposes egress to each service frontend calls, and DNS to kube-dns on UDP and TCP 53", () => {
    const egress = spec.egress ?? [];
    const services = egress.filter((r) => r.destination?.services !== undefined).map((r) => r.destination?.services?.name);
    expect(services).toEqual(["adservice", "cartservice", "checkoutservice", "currencyservice", "productcatalogservice", "recommendationservice", "shippingservice"]);
    for (const r of egress.filter((x) => x.destination?.services !== undefined)) expect(r.destination?.ports).toBeUndefined();
    const dnsRules = egress.slice(0, 2);
    expect(dnsRules.map((r) => r.protocol)).toEqual(["TCP", "UDP"]);
    for (const r of dnsRules) expect(r.destination).toMatchObject({ selector: 'k8s-app == "kube-dns"', namespaceSelector: "projectcalico.org/name == 'kube-system'", ports: [53] });
    const cart = rec.evidence.find((e) => e.direction === "egress" && e.peers.includes("service default/cartservice"));
    expect(cart).toMatchObject({ scope: "Service", protocol: "TCP", ports: [7070] });
    expect(cart?.flows).toBeGreaterThan(0);
    expect(cart?.firstSeen).toBeLessThanOrEqual(cart?.lastSeen ?? 0);
  });

  it("carries evidence as rule annotations and validates as a Calico resource", () => {
    const first = spec.egress?.[2]?.metadata?.annotations ?? {};
    expect(first["policyrecommendation.tigera.io/scope"]).toBe("Service");
    expect(Number(first["policyrecommendation.tigera.io/flows"])).toBeGreaterThan(0);
    expect(first["policyrecommendation.tigera.io/firstSeen"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const v = validateResource(toWireObject(rec.policy));
    expect(v.errors ?? []).toEqual([]);
  });

  it("is deterministic: the same flows in another order give byte-identical YAML", () => {
    const again = recommendForWorkload({ namespace: "default", workload: "frontend-7d8f9c6b5-*", flows: [...flows].reverse(), cluster, options: { dnsLogs: [...dns].reverse() } });
    expect(toYaml([again.policy])).toBe(toYaml([rec.policy]));
    expect(again.evidence).toEqual(rec.evidence);
  });

  it("never denies an observed allowed flow once enforced with a trailing default deny", () => {
    const resources: CalicoResource[] = [...models.resources, rec.policy, { kind: "GlobalNetworkPolicy", metadata: { name: "default.zz-deny" }, spec: { tier: "default", order: 1e9, selector: "all()", types: ["Ingress", "Egress"] } }];
    const set = buildPolicySet({ namespaces: models.namespaces, endpoints: models.endpoints, services: models.services, resources });
    if (!set.ok) throw new Error(JSON.stringify(set.error));
    const observed = toObservedConnections(flows, new RecommendIndex(cluster), (ep) => isWorkloadEndpoint(ep, "default", "frontend"));
    expect(observed.length).toBeGreaterThan(20);
    expect(findDeniedObserved(set.value, observed)).toEqual([]);
    const before = buildPolicySet({ namespaces: models.namespaces, endpoints: models.endpoints, services: models.services, resources: models.resources });
    if (!before.ok) throw new Error("x");
    expect(impactOnObserved(before.value, set.value, observed).filter((i) => i.newlyDenied)).toEqual([]);
  });
});

describe("recommendForNamespace on the demo cluster (W2: dev)", () => {
  const { flows, dns } = demoFlows();
  const rec = recommendForNamespace({ namespace: "dev", flows, cluster, options: { dnsLogs: dns } });
  const p = rec.policy;

  it("is a Learn staged policy in namespace-isolation selecting the namespace", () => {
    expect(p.kind).toBe("StagedNetworkPolicy");
    expect(p.metadata).toMatchObject({ name: "namespace-isolation.dev-recommendation", namespace: "dev" });
    expect(p.spec).toMatchObject({ tier: "namespace-isolation", selector: "projectcalico.org/namespace == 'dev'", types: ["Ingress", "Egress"], stagedAction: "Learn" });
    expect(validateResource(toWireObject(p)).errors ?? []).toEqual([]);
  });

  it("proposes centos → nginx (intra-namespace, Allow) both ways, DNS, and only observed peers", () => {
    const ingress = p.spec.ingress ?? [];
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ action: "Allow", protocol: "TCP", source: { namespaceSelector: "projectcalico.org/name == 'dev'" }, destination: { ports: [80] } });
    const egress = p.spec.egress ?? [];
    const intra = egress.find((r) => r.destination?.namespaceSelector === "projectcalico.org/name == 'dev'" && r.destination.selector === undefined);
    expect(intra).toMatchObject({ action: "Allow", protocol: "TCP", destination: { ports: [80] } });
    const ev = rec.evidence.find((e) => e.direction === "egress" && e.peers.includes("dev/nginx"));
    expect(ev?.locals).toEqual(["dev/centos"]);
    const peers = new Set(rec.evidence.flatMap((e) => e.peers));
    expect([...peers].sort()).toEqual(["api.twilio.com, www.google.com", "default/frontend", "dev/centos", "dev/nginx", "kube-system/kube-dns"].sort());
  });

  it("answers for every cluster namespace in one pass, empty ones without rules", () => {
    const all = recommendForNamespaces({ flows, cluster });
    expect([...all.keys()]).toEqual([...all.keys()].sort());
    expect(all.get("dev")?.policy.spec.ingress).toEqual(p.spec.ingress);
    const empty = [...all.values()].find((r) => r.flowsUsed === 0);
    expect(empty?.policy.spec.egress).toEqual([]);
  });
});
