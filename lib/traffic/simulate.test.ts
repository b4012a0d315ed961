import { describe, expect, it } from "vitest";
import type { CalicoResource, GlobalNetworkPolicy, GlobalNetworkSet, StagedGlobalNetworkPolicy } from "@/lib/calico/types";
import { buildDemoCluster } from "@/lib/cluster/demo";
import type { FlowLog } from "@/lib/flows";
import { pendingActionOf } from "@/lib/flows";
import { buildPolicySet } from "@/lib/policy";
import type { SimulationResult } from "@/lib/traffic";
import { DEMO_TRAFFIC_MODEL, WORKSTATION_IP, simulateInterval, toClusterModels } from "@/lib/traffic";
import { createRng, deriveSeed } from "@/lib/random";

const START = 1_700_000_000;
const models = toClusterModels(buildDemoCluster());

/** Seed 000's global default deny, staged (W1 step 5). */
const STAGED_DEFAULT_DENY: StagedGlobalNetworkPolicy = {
  kind: "StagedGlobalNetworkPolicy",
  metadata: { name: "default-deny" },
  spec: { tier: "default", order: 2000, selector: "projectcalico.org/namespace in {'dev','default'}", types: ["Ingress", "Egress"] },
};
/** The same policy enforced (W1 step 9). */
const DEFAULT_DENY: GlobalNetworkPolicy = { kind: "GlobalNetworkPolicy", metadata: { name: "default-deny" }, spec: { ...STAGED_DEFAULT_DENY.spec } };

function simulate(extra: readonly CalicoResource[] = [], seed = 7, seconds = 60): SimulationResult {
  const set = buildPolicySet({ namespaces: models.namespaces, endpoints: models.endpoints, services: models.services, resources: [...models.resources, ...extra] });
  if (!set.ok) throw new Error(JSON.stringify(set.error));
  const networkSets = [...models.networkSets, ...extra.filter((r): r is GlobalNetworkSet => r.kind === "GlobalNetworkSet")];
  return simulateInterval({ model: DEMO_TRAFFIC_MODEL, cluster: { ...models, networkSets }, policySet: set.value, start: START, end: START + seconds, rng: createRng(seed) });
}

const boutique = (flows: readonly FlowLog[]): FlowLog[] => flows.filter((f) => f.source.namespace === "default" && f.dest.namespace === "default");

describe("simulateInterval on the demo cluster", () => {
  it("resolves every conversation of the demo model", () => {
    expect(simulate().unresolved).toEqual([]);
  });

  it("with no policies, every Online Boutique flow is allowed by the namespace profile", () => {
    const flows = boutique(simulate().flows);
    expect(flows.length).toBeGreaterThan(20);
    for (const f of flows) {
      expect(f.action).toBe("allow");
      expect(f.policies?.enforced).toEqual(["0|__PROFILE__|__PROFILE__.kns.default|allow|0"]);
    }
    const calls = new Set(flows.filter((f) => f.reporter === "src").map((f) => `${f.source.nameAggr.split("-")[0]}->${f.destService.name}:${f.dest.port}`));
    for (const c of ["frontend->cartservice:7070", "frontend->productcatalogservice:3550", "checkoutservice->emailservice:8080", "cartservice->redis-cart:6379", "loadgenerator->frontend:8080"]) {
      expect(calls).toContain(c);
    }
  });

  it("a call to a Service lands on a backing pod's targetPort and names the Service", () => {
    const email = simulate().flows.find((f) => f.destService.name === "emailservice");
    expect(email?.destService).toEqual({ namespace: "default", name: "emailservice", portName: "grpc", portNum: 5000 });
    expect(email?.dest.port).toBe(8080);
    expect(email?.dest.nameAggr).toMatch(/^emailservice-.*-\*$/);
  });

  it("with the staged default deny, flows stay allowed but pending deny, the staged policy in pending_policies", () => {
    const flows = boutique(simulate([STAGED_DEFAULT_DENY]).flows);
    expect(flows.length).toBeGreaterThan(20);
    for (const f of flows) {
      expect(f.action).toBe("allow");
      expect(pendingActionOf(f)).toBe("deny");
      expect(f.policies?.pending).toEqual(["0|default|staged:default.default-deny|deny|-1"]);
      expect(f.policies?.enforced).toEqual(["0|__PROFILE__|__PROFILE__.kns.default|allow|0"]);
    }
  });

  it("with the default deny enforced, flows are denied with default-deny in enforced_policies and no dst report", () => {
    const flows = boutique(simulate([DEFAULT_DENY]).flows);
    expect(flows.length).toBeGreaterThan(5);
    for (const f of flows) {
      expect(f.action).toBe("deny");
      expect(f.reporter).toBe("src");
      expect(f.policies?.enforced).toEqual(["0|default|default.default-deny|deny|-1"]);
      expect(f.bytesIn).toBe(0);
    }
    // Namespaces outside the selector are untouched.
    expect(simulate([DEFAULT_DENY]).flows.filter((f) => f.source.namespace === "catfacts" && f.dest.namespace === "catfacts").every((f) => f.action === "allow")).toBe(true);
  });

  it("reports in-cluster flows at both ends, external sources only at dst, external destinations only at src", () => {
    const flows = simulate().flows;
    const fromInternet = flows.filter((f) => f.source.type === "net");
    expect(fromInternet.length).toBeGreaterThan(0);
    expect(fromInternet.every((f) => f.reporter === "dst" && ["frontend-external", "facts"].includes(f.destService.name))).toBe(true);
    const toInternet = flows.filter((f) => f.dest.type === "net");
    expect(toInternet.length).toBeGreaterThan(0);
    expect(toInternet.every((f) => f.reporter === "src")).toBe(true);
    const google = toInternet.find((f) => f.destDomains.includes("www.google.com"));
    expect(google?.dest).toMatchObject({ type: "net", nameAggr: "pub", namespace: "-" });
    const nginx = flows.filter((f) => f.destService.name === "nginx-svc");
    expect(new Set(nginx.map((f) => f.reporter))).toEqual(new Set(["src", "dst"]));
  });

  it("every client workload queries kube-dns on UDP 53, and lookups of external names give DNS logs", () => {
    const r = simulate();
    const dnsFlows = r.flows.filter((f) => f.destService.name === "kube-dns");
    expect(dnsFlows.every((f) => f.proto === "udp" && f.dest.port === 53)).toBe(true);
    expect(new Set(dnsFlows.map((f) => f.source.namespace))).toEqual(new Set(["default", "dev", "storefront", "app1", "app2", "catfacts", "dmz", "trusted", "shams", "my-namespace"]));
    const twilio = r.dns.find((d) => d.qname === "api.twilio.com");
    expect(twilio).toMatchObject({ clientNamespace: "dev", clientName: "centos", qtype: "A", rcode: "NoError" });
    expect(twilio?.servers[0]?.namespace).toBe("kube-system");
  });

  it("reports the seed-000 workstation as the ip-address-list network set once it exists, and blocks it", () => {
    const gns: GlobalNetworkSet = { kind: "GlobalNetworkSet", metadata: { name: "ip-address-list", labels: { type: "blocked-ips" } }, spec: { nets: [`${WORKSTATION_IP}/32`] } };
    const block: GlobalNetworkPolicy = {
      kind: "GlobalNetworkPolicy",
      metadata: { name: "security.blockep-ips" },
      spec: { tier: "security", order: 300, selector: 'app == "frontend"', types: ["Ingress"], ingress: [{ action: "Deny", source: { selector: 'type == "blocked-ips"' } }, { action: "Pass" }] },
    };
    const tier = { kind: "Tier", metadata: { name: "security" }, spec: { order: 300 } } as const;
    const flows = simulate([tier, gns, block], 7, 300).flows.filter((f) => f.source.name === "ip-address-list");
    expect(flows.length).toBeGreaterThan(0);
    for (const f of flows) {
      expect(f).toMatchObject({ action: "deny", reporter: "dst", source: { type: "ns", namespace: "-", nameAggr: "ip-address-list" } });
      expect(f.policies?.enforced[0]).toBe("0|security|security.blockep-ips|deny|0");
    }
  });

  it("is deterministic for a seed and differs across seeds", () => {
    expect(simulate([], 11)).toEqual(simulate([], 11));
    expect(simulate([], 11).flows).not.toEqual(simulate([], 12).flows);
    expect(deriveSeed(1, START)).toBe(deriveSeed(1, START));
    expect(deriveSeed(1, START)).not.toBe(deriveSeed(1, START + 15));
  });

  it("follows the configured aggregation levels", () => {
    const set = buildPolicySet({ namespaces: models.namespaces, endpoints: models.endpoints, services: models.services, resources: models.resources });
    if (!set.ok) throw new Error("policy set");
    const level0 = simulateInterval({ model: DEMO_TRAFFIC_MODEL, cluster: models, policySet: set.value, start: START, end: START + 60, rng: createRng(3), aggregation: { allowed: 0, denied: 0 } });
    expect(level0.flows.every((f) => f.numFlows === 1 && f.source.port !== null && f.source.ip !== null)).toBe(true);
    const level2 = simulateInterval({ model: DEMO_TRAFFIC_MODEL, cluster: models, policySet: set.value, start: START, end: START + 60, rng: createRng(3) });
    expect(level2.flows.length).toBeLessThan(level0.flows.length);
    expect(level2.flows.reduce((n, f) => n + f.numFlows, 0)).toBe(level0.flows.reduce((n, f) => n + f.numFlows, 0));
  });
});
