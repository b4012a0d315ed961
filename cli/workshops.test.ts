/**
 * The seed workshops (docs/workshops.md) as `palisade simulate`
 * scenarios: the cluster of cli/fixtures/workshops/cluster.yaml and the policies as the seeds
 * give them (cli/fixtures/workshops/w*.yaml), applied cumulatively where the workshop builds
 * on earlier steps. Expectations are the workshops' own ("should be blocked", "200 OK"), checked
 * against Calico's documented tier semantics where a walkthrough line is loose (W1.6: the seed
 * expects centos -> frontend blocked outright by the enforced default.centos policy).
 */
import { describe, expect, it } from "vitest";
import { fixture, simulateFiles } from "@/cli/test-harness";
import type { ProbeSpec, TracedDirectionOut, TracedProbeOut } from "@/cli/test-harness";

const CLUSTER = fixture("workshops/cluster.yaml");
const ws = (name: string) => fixture(`workshops/${name}`);

const tcp = (from: unknown, to: unknown, port: number): ProbeSpec => ({ from, to, protocol: "TCP", port });
const dns = (from: unknown): ProbeSpec => ({ from, to: "kube-system/coredns", protocol: "UDP", port: 53 });
const web = (from: unknown, domain: string): ProbeSpec => ({ from, to: { domain }, protocol: "TCP", port: 443 });

/** Enforced and pending verdict of each probe, for compact assertions. */
const verdicts = (results: readonly TracedProbeOut[]) => results.map((r) => ({ allowed: r.allowed, staged: r.staged.allowed }));

/** The policies named in a direction's trace (rule and no-match steps). */
function tracedPolicies(d: TracedDirectionOut | null): string[] {
  return (d?.trace ?? []).flatMap((step) => (typeof step.policy === "string" ? [step.policy] : []));
}

const W1_UP_TO = (step: number): string[] =>
  [
    [3, "w1-03-tiers.yaml"],
    [5, "w1-05-staged-default-deny.yaml"],
    [6, "w1-06-default-centos.yaml"],
    [7, "w1-07-platform-centos-to-frontend.yaml"],
    [8, "w1-08-allow-kube-dns.yaml"],
  ]
    .filter(([s]) => (s as number) <= step)
    .map(([, f]) => ws(f as string));

describe("W1 workload security with tiers (seed 000)", () => {
  const connectivity = [
    tcp("dev/centos", "dev/nginx", 80),
    tcp("default/frontend", "default/recommendationservice", 8080),
    tcp("dev/centos", "default/frontend", 8080),
    web("dev/centos", "www.google.com"),
    web("default/loadgenerator", "www.google.com"),
  ];

  it("step 4: before any policy, every connectivity test of the seed succeeds", async () => {
    const results = await simulateFiles(CLUSTER, W1_UP_TO(3), connectivity);
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true]);
    expect(results[0]?.egress).toMatchObject({ action: "Allow", reason: "noPolicy", tier: null, policy: null, rule: null });
  });

  it("step 5: the staged default deny changes no traffic but denies it all in the pending verdict", async () => {
    const results = await simulateFiles(CLUSTER, W1_UP_TO(5), connectivity);
    expect(verdicts(results)).toEqual(Array(5).fill({ allowed: true, staged: false }));
    const centosToNginx = results[0];
    expect(centosToNginx?.staged.egress).toMatchObject({ action: "Deny", tier: "default" });
    expect(tracedPolicies(centosToNginx?.staged.egress ?? null).some((p) => p.includes("staged:") && p.endsWith("default-deny"))).toBe(true);
    // The enforced trace never shows a staged policy.
    expect(tracedPolicies(centosToNginx?.egress ?? null).some((p) => p.includes("staged:"))).toBe(false);
  });

  // The walkthrough says centos -> nginx "stays allowed with the staged deny counted"; under
  // Calico's semantics the staged deny also selects nginx (namespace dev) for ingress and nothing
  // allows that ingress, so the pending verdict is deny. The enforced verdict is what the seed tests.
  it("step 6: default.centos keeps centos -> nginx and DNS, and blocks centos -> frontend and the internet", async () => {
    const results = await simulateFiles(CLUSTER, W1_UP_TO(6), [...connectivity, dns("dev/centos")]);
    expect(verdicts(results)).toEqual([
      { allowed: true, staged: false },
      { allowed: true, staged: false },
      { allowed: false, staged: false },
      { allowed: false, staged: false },
      { allowed: true, staged: false },
      { allowed: true, staged: true },
    ]);
    expect(results[0]?.egress).toMatchObject({ action: "Allow", tier: "default", policy: "default.centos", rule: 1, reason: "rule" });
    expect(results[5]?.egress).toMatchObject({ action: "Allow", policy: "default.centos", rule: 0 });
    expect(results[2]?.egress).toMatchObject({ action: "Deny", tier: "default", reason: "endOfTier" });
  });

  it("step 7: platform.centos-to-frontend allows centos -> frontend; Pass hands the rest to default.centos", async () => {
    const results = await simulateFiles(CLUSTER, W1_UP_TO(7), [...connectivity, dns("dev/centos")]);
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, true, true]);
    expect(results[2]?.egress).toMatchObject({ action: "Allow", tier: "platform", policy: "platform.centos-to-frontend", rule: 0 });
    expect(results[0]?.egress).toMatchObject({ action: "Allow", tier: "default", policy: "default.centos" });
    expect(results[2]?.staged.allowed).toBe(false); // the frontend's ingress is still denied by the staged default deny
  });

  it("steps 8-9: allow-kube-dns in security, then the default deny enforced: the frontend stops answering", async () => {
    const files = [...W1_UP_TO(8), ws("w1-09-default-deny-enforced.yaml")].filter((f) => !f.endsWith("w1-05-staged-default-deny.yaml"));
    const results = await simulateFiles(CLUSTER, files, [
      tcp("default/loadgenerator", "default/frontend", 8080),
      tcp({ ip: "203.0.113.50" }, "default/frontend", 8080),
      dns("default/frontend"),
      tcp("dev/centos", "default/frontend", 8080),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([false, false, true, false]);
    expect(results[1]?.ingress).toMatchObject({ action: "Deny", tier: "default", reason: "endOfTier" });
    expect(tracedPolicies(results[1]?.ingress ?? null).some((p) => /(^|\.)default-deny$/.test(p))).toBe(true);
    expect(results[2]?.egress).toMatchObject({ action: "Allow", tier: "security", policy: "security.allow-kube-dns", rule: 0 });
  });

  it("step 10: the recommended frontend policy above the default deny lets users in again", async () => {
    const files = [...W1_UP_TO(8), ws("w1-09-default-deny-enforced.yaml"), ws("w1-10-frontend-recommended.yaml")].filter(
      (f) => !f.endsWith("w1-05-staged-default-deny.yaml"),
    );
    const [user, toCart] = await simulateFiles(CLUSTER, files, [tcp({ ip: "203.0.113.50" }, "default/frontend", 8080), tcp("default/frontend", "default/cartservice", 7070)]);
    expect(user?.allowed).toBe(true);
    expect(user?.ingress).toMatchObject({ action: "Allow", tier: "default", policy: "default.frontend", rule: 0 });
    expect(toCart?.allowed).toBe(false);
  });

  describe("step 11: DNS policy", () => {
    const probes = [web("dev/centos", "api.twilio.com"), web("dev/centos", "www.google.com"), web("default/loadgenerator", "www.google.com")];

    it("*.twilio.com: centos reaches api.twilio.com, not www.google.com; other pods are untouched", async () => {
      const results = await simulateFiles(CLUSTER, [ws("w1-03-tiers.yaml"), ws("w1-11-dns-policy-twilio.yaml")], probes);
      expect(results.map((r) => r.allowed)).toEqual([true, false, true]);
      expect(results[0]?.egress).toMatchObject({ action: "Allow", tier: "security", policy: "security.external-domain-access", rule: 0 });
      expect(results[1]?.egress).toMatchObject({ action: "Deny", tier: "security", reason: "endOfTier" });
      expect(results[0]?.ingress).toBeNull();
    });

    it("after adding *.google.com, www.google.com is allowed", async () => {
      const results = await simulateFiles(CLUSTER, [ws("w1-03-tiers.yaml"), ws("w1-11-dns-policy-twilio-google.yaml")], probes);
      expect(results.map((r) => r.allowed)).toEqual([true, true, true]);
    });

    it("on top of steps 3-9 the same holds (denials fall through Pass to the enforced default deny)", async () => {
      const files = [...W1_UP_TO(8), ws("w1-09-default-deny-enforced.yaml"), ws("w1-11-dns-policy-twilio.yaml")].filter(
        (f) => !f.endsWith("w1-05-staged-default-deny.yaml"),
      );
      const results = await simulateFiles(CLUSTER, files, probes);
      expect(results.map((r) => r.allowed)).toEqual([true, false, false]);
    });

    it("a domain probe with an address still matches by domain", async () => {
      const [r] = await simulateFiles(CLUSTER, [ws("w1-03-tiers.yaml"), ws("w1-11-dns-policy-twilio.yaml")], [
        { from: "dev/centos", to: { domain: "api.twilio.com", ip: "54.172.60.1" }, protocol: "TCP", port: 443 },
      ]);
      expect(r?.allowed).toBe(true);
    });
  });

  describe("step 12: the domains in GlobalNetworkSet allowed-dns", () => {
    const probes = [web("dev/centos", "api.twilio.com"), web("dev/centos", "www.google.com")];

    it("gives the same results as the inline domains", async () => {
      const results = await simulateFiles(CLUSTER, [ws("w1-03-tiers.yaml"), ws("w1-12-allowed-dns-set.yaml")], probes);
      expect(results.map((r) => r.allowed)).toEqual([true, false]);
    });

    it("editing the set changes them", async () => {
      const results = await simulateFiles(CLUSTER, [ws("w1-03-tiers.yaml"), ws("w1-12-allowed-dns-set-google.yaml")], probes);
      expect(results.map((r) => r.allowed)).toEqual([true, true]);
    });
  });

  it("step 13: the blocked workstation address cannot reach the frontend; other addresses can", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w1-03-tiers.yaml"), ws("w1-13-blocked-ips.yaml"), ws("w1-14-global-alert.yaml")], [
      tcp({ ip: "198.51.100.23" }, "default/frontend", 8080),
      tcp({ ip: "198.51.100.24" }, "default/frontend", 8080),
      tcp("default/loadgenerator", "default/frontend", 8080),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([false, true, true]);
    expect(results[0]?.ingress).toMatchObject({ action: "Deny", tier: "security", policy: "security.blockep-ips", rule: 0, reason: "rule" });
    expect(results[0]?.egress).toBeNull();
    expect(results[1]?.ingress).toMatchObject({ action: "Allow", reason: "passedOutOfLastTier" });
  });

  it("step 15: only PCI workloads of storefront talk to each other", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w1-03-tiers.yaml"), ws("w1-15-pci-whitelist.yaml")], [
      tcp("storefront/frontend", "storefront/backend", 80),
      tcp("storefront/backend", "storefront/microservice1", 80),
      tcp("storefront/logging", "storefront/backend", 80),
      tcp("storefront/backend", "storefront/logging", 80),
      tcp("default/frontend", "storefront/backend", 80),
      tcp("storefront/frontend", "default/cartservice", 7070),
      dns("storefront/backend"),
      tcp("storefront/logging", "default/frontend", 8080),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([true, true, false, false, false, false, true, true]);
    expect(results[2]?.ingress).toMatchObject({ action: "Deny", tier: "security", policy: "security.pci-whitelist", rule: 0 });
    expect(results[3]?.egress).toMatchObject({ action: "Deny", policy: "security.pci-whitelist", rule: 1 });
    expect(results[6]?.egress).toMatchObject({ action: "Allow", policy: "security.pci-whitelist", rule: 0 });
  });
});

describe("W2 namespace isolation (seed 001)", () => {
  it("step 3: a default deny staged for catfacts shows the would-be denials and changes nothing", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w2-03-staged-default-deny-catfacts.yaml")], [
      tcp("catfacts/web", "catfacts/facts", 5000),
      tcp("default/frontend", "catfacts/web", 8080),
      tcp("default/frontend", "default/cartservice", 7070),
    ]);
    expect(verdicts(results)).toEqual([
      { allowed: true, staged: false },
      { allowed: true, staged: false },
      { allowed: true, staged: true },
    ]);
    expect(results[1]?.staged.egress).toMatchObject({ action: "Allow" });
    expect(results[1]?.staged.ingress).toMatchObject({ action: "Deny", tier: "default", reason: "endOfTier" });
  });
});

describe("W3 PCI with tiers, quarantine and DNS network sets (seed 002)", () => {
  it("step 2: a quarantined pod neither sends nor receives; Log does not decide", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w3-01-tiers.yaml"), ws("w3-02-quarantine.yaml")], [
      tcp("app1/quarantined", "default/frontend", 8080),
      tcp("app1/app1", "app1/quarantined", 80),
      web("app1/quarantined", "github.com"),
      tcp("app1/app1", "default/frontend", 8080),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([false, false, false, true]);
    expect(results[0]?.egress).toMatchObject({ action: "Deny", tier: "security", policy: "security.quarantine", rule: 1 });
    expect(results[1]?.ingress).toMatchObject({ action: "Deny", tier: "security", policy: "security.quarantine", rule: 1 });
    expect(results[0]?.egress?.trace.some((s) => s.action === "Log")).toBe(true);
  });

  it("step 4: app1/app2 lose access to cartservice:7070; frontend:8080 is still reachable", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w3-01-tiers.yaml"), ws("w3-04-pciwhitelist.yaml")], [
      tcp("app1/app1", "default/cartservice", 7070),
      tcp("app2/app2", "default/cartservice", 7070),
      tcp("app1/app1", "default/frontend", 8080),
      tcp("app2/app2", "default/frontend", 8080),
      tcp("default/frontend", "default/cartservice", 7070),
      tcp("app2/app2", "default/redis-cart", 6379),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([false, false, true, true, true, false]);
    expect(results[0]?.ingress).toMatchObject({ action: "Deny", tier: "security", reason: "endOfTier" });
    expect(results[2]?.ingress).toMatchObject({ action: "Allow", tier: "security", policy: "security.pciwhitelist", rule: 0 });
    expect(results[4]?.ingress).toMatchObject({ action: "Allow", reason: "passedOutOfLastTier" });
  });

  it("step 5: the crd.projectcalico.org/v1 default deny closes the rest of the default namespace", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w3-01-tiers.yaml"), ws("w3-04-pciwhitelist.yaml"), ws("w3-05-hipstershop-deny.yaml")], [
      tcp("default/frontend", "default/cartservice", 7070),
      tcp("app1/app1", "default/frontend", 8080),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([false, true]);
    expect(results[0]?.egress).toMatchObject({ action: "Deny", tier: "default", reason: "endOfTier" });
    expect(tracedPolicies(results[0]?.egress ?? null)).toContain("default.hipsetrshop-deny");
  });

  it("step 6: app2 reaches only github.com (and DNS)", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w3-06-app2-trusted-domains.yaml")], [
      web("app2/app2", "github.com"),
      web("app2/app2", "api.twilio.com"),
      dns("app2/app2"),
      tcp("app2/app2", "default/frontend", 8080),
      web("app1/app1", "api.twilio.com"),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([true, false, true, false, true]);
    expect(results[0]?.egress).toMatchObject({ action: "Allow", policy: "default.egress-from-app2", rule: 1 });
  });
});

describe("W4 zones (seed 003)", () => {
  it("step 2: dmz -> trusted -> restricted only; restricted is unreachable from dmz", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w4-02-zones.yaml")], [
      tcp({ ip: "203.0.113.80" }, "dmz/web", 443),
      tcp("dmz/web", "trusted/api", 8080),
      tcp("trusted/api", "restricted/db", 5432),
      tcp("dmz/web", "restricted/db", 5432),
      tcp({ ip: "203.0.113.80" }, "trusted/api", 8080),
      tcp("restricted/db", "dmz/web", 443),
      tcp("default/frontend", "trusted/api", 8080),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false, true, false]);
    expect(results[3]?.ingress).toMatchObject({ action: "Deny", tier: "zones", reason: "endOfTier" });
  });

  it("step 4: the Kubernetes NetworkPolicy and the Calico policy give the same verdicts", async () => {
    const probes = [
      tcp("my-namespace/frontend", "my-namespace/db", 6379),
      tcp("my-namespace/frontend", "my-namespace/db", 6380),
      tcp("my-namespace/other", "my-namespace/db", 6379),
      tcp("trusted/frontend", "my-namespace/db", 6379),
      { from: "my-namespace/frontend", to: "my-namespace/db", protocol: "UDP", port: 6379 },
      tcp("my-namespace/db", "my-namespace/frontend", 8080),
    ];
    const k8s = await simulateFiles(CLUSTER, [ws("w4-04-k8s-np.yaml")], probes);
    const calico = await simulateFiles(CLUSTER, [ws("w4-04-calico-np.yaml")], probes);
    const expected = [true, false, false, false, false, true];
    expect(k8s.map((r) => r.allowed)).toEqual(expected);
    expect(calico.map((r) => r.allowed)).toEqual(expected);
    expect(k8s[0]?.ingress).toMatchObject({ action: "Allow", tier: "default", policy: "knp.default.my-network-policy", rule: 0 });
    expect(calico[0]?.ingress).toMatchObject({ action: "Allow", tier: "default", rule: 0 });
    expect(calico[0]?.ingress?.policy).toMatch(/^(default\.)?my-network-policy$/);
  });
});

describe("W5 zero trust (seed 004)", () => {
  const probes = [
    tcp("zero-trust/busybox", "zero-trust/nginx", 80),
    web("zero-trust/busybox", "www.google.com"),
    tcp("zero-trust/nginx", "zero-trust/busybox", 80),
    tcp("dev/centos", "zero-trust/nginx", 80),
    tcp({ ip: "203.0.113.9" }, "zero-trust/nginx", 80),
  ];

  it("step 1a: the global default deny stops everything", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w5-01-default-deny.yaml")], probes);
    expect(results.map((r) => r.allowed)).toEqual([false, false, false, false, false]);
  });

  it("step 1b: busybox egress allowed: busybox reaches the internet, nginx still refuses it", async () => {
    const results = await simulateFiles(CLUSTER, [ws("w5-01-default-deny.yaml"), ws("w5-02-allow-busybox-egress.yaml")], probes);
    expect(results.map((r) => r.allowed)).toEqual([false, true, false, false, false]);
    expect(results[0]?.egress).toMatchObject({ action: "Allow", tier: "default", rule: 0 });
    expect(results[0]?.egress?.policy).toMatch(/^(default\.)?allow-busybox-egress$/);
    expect(results[0]?.ingress).toMatchObject({ action: "Deny", reason: "endOfTier" });
  });

  it("step 1c: nginx ingress from busybox only: only busybox -> nginx succeeds among the pods", async () => {
    const results = await simulateFiles(
      CLUSTER,
      [ws("w5-01-default-deny.yaml"), ws("w5-02-allow-busybox-egress.yaml"), ws("w5-03-allow-nginx-ingress.yaml")],
      probes,
    );
    expect(results.map((r) => r.allowed)).toEqual([true, true, false, false, false]);
  });

  it("step 2: draft mode: the staged nginx policy changes only the pending verdict", async () => {
    const results = await simulateFiles(
      CLUSTER,
      [ws("w5-01-default-deny.yaml"), ws("w5-02-allow-busybox-egress.yaml"), ws("w5-03-allow-nginx-ingress-staged.yaml")],
      probes,
    );
    expect(verdicts(results)).toEqual([
      { allowed: false, staged: true },
      { allowed: true, staged: true },
      { allowed: false, staged: false },
      { allowed: false, staged: false },
      { allowed: false, staged: false },
    ]);
    expect(tracedPolicies(results[0]?.staged.ingress ?? null).some((p) => p.includes("staged:"))).toBe(true);
  });
});
