import { describe, expect, it } from "vitest";
import type { CalicoResource } from "@/lib/calico/types";
import type { CompiledPolicySet, EndpointModel, NamespaceModel, ServiceModel } from "@/lib/policy";
import { buildPolicySet, evaluate, formatVerdictPolicies } from "@/lib/policy";
import {
  aConnection,
  aGlobalNetworkSet,
  aGlobalPolicy,
  aHostEndpoint,
  aNamespace,
  aNetworkSet,
  aPolicy,
  aStagedGlobalPolicy,
  aStagedPolicy,
  aTier,
  aWorkload,
  peerOf,
} from "@/lib/testing/policy-builders";

function build(endpoints: EndpointModel[], resources: CalicoResource[], namespaces: NamespaceModel[] = [], services: ServiceModel[] = []): CompiledPolicySet {
  const r = buildPolicySet({ namespaces, endpoints, resources, services });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const web = aWorkload("web", { labels: { app: "web" }, ips: ["10.1.0.1"] });
const db = aWorkload("db", { labels: { app: "db" }, ips: ["10.1.0.2"], ports: [{ name: "pg", port: 5432, protocol: "TCP" }] });

describe("tier walk", () => {
  it("PASS in tier 1 then deny in tier 2", () => {
    const set = build([web, db], [
      aTier("security", { order: 100 }),
      aTier("platform", { order: 200 }),
      aGlobalPolicy("security.pass-all", { tier: "security", selector: "all()", ingress: [{ action: "Pass" }] }),
      aGlobalPolicy("platform.deny-db", { tier: "platform", selector: "app == 'db'", ingress: [{ action: "Deny", source: { selector: "app == 'web'" } }] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.allowed).toBe(false);
    expect(v.ingress).toMatchObject({ action: "Deny", reason: "rule", tier: "platform", policy: "platform.deny-db", rule: 0 });
    expect(v.ingress?.trace.map((s) => s.kind)).toEqual(["rule", "rule"]);
    expect(formatVerdictPolicies(v.ingress)).toEqual(["0|security|security.pass-all|pass|0", "1|platform|platform.deny-db|deny|0"]);
    expect(v.egress).toMatchObject({ action: "Allow", reason: "noPolicy", profile: "kns.default" });
  });

  it("no rule match falls to the end-of-tier Deny, naming the tier's first applicable policy", () => {
    const set = build([web, db], [
      aTier("security", { order: 100 }),
      aGlobalPolicy("security.only-8080", { tier: "security", selector: "app == 'db'", ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: [8080] } }] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db), { port: 5432 }));
    expect(v.ingress).toMatchObject({ action: "Deny", reason: "endOfTier", tier: "security", policy: "security.only-8080" });
    expect(v.ingress?.trace).toEqual([
      { kind: "noMatch", tier: "security", policy: "security.only-8080", staged: false },
      { kind: "endOfTier", tier: "security", action: "Deny", policy: "security.only-8080", staged: false },
    ]);
    expect(formatVerdictPolicies(v.ingress)).toEqual(["0|security|security.only-8080|deny|-1"]);
  });

  it("a tier with defaultAction Pass continues to the next tier", () => {
    const set = build([web, db], [
      aTier("observe", { order: 10, defaultAction: "Pass" }),
      aGlobalPolicy("observe.nothing", { tier: "observe", selector: "all()", ingress: [{ action: "Deny", protocol: "UDP" }] }),
      aPolicy("default/allow-web", { selector: "app == 'db'", ingress: [{ action: "Allow", source: { selector: "app == 'web'" } }] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.ingress).toMatchObject({ action: "Allow", reason: "rule", tier: "default", policy: "default.allow-web", namespace: "default" });
    expect(v.ingress?.trace[1]).toMatchObject({ kind: "endOfTier", tier: "observe", action: "Pass" });
  });

  it("Pass out of the last tier goes to the profiles", () => {
    const set = build([web, db], [aGlobalPolicy("default.pass", { selector: "all()", ingress: [{ action: "Pass" }] })]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.ingress).toMatchObject({ action: "Allow", reason: "passedOutOfLastTier", profile: "kns.default" });
  });

  it("no policies: the namespace profile allows", () => {
    const v = evaluate(build([web, db], []), aConnection(peerOf(web), peerOf(db)));
    expect(v.allowed).toBe(true);
    expect(v.ingress).toMatchObject({ action: "Allow", reason: "noPolicy", profile: "kns.default" });
    expect(formatVerdictPolicies(v.ingress)).toEqual(["0|__PROFILE__|__PROFILE__.kns.default|allow|0"]);
  });

  it("profiles: [] denies what no policy allows", () => {
    const lonely = aWorkload("lonely", { profiles: [] });
    const v = evaluate(build([web, lonely], []), aConnection(peerOf(web), peerOf(lonely)));
    expect(v.ingress).toMatchObject({ action: "Deny", reason: "noPolicy" });
    expect(v.ingress?.trace).toEqual([{ kind: "defaultDeny" }]);
    expect(v.allowed).toBe(false);
  });

  it("Log records the hit and evaluation continues", () => {
    const set = build([web, db], [aGlobalPolicy("default.log-then-deny", { selector: "app == 'db'", ingress: [{ action: "Log" }, { action: "Deny" }] })]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.ingress?.trace.map((s) => (s.kind === "rule" ? s.action : s.kind))).toEqual(["Log", "Deny"]);
    expect(v.ingress).toMatchObject({ action: "Deny", rule: 1 });
  });

  it("ordering: lower order first; equal orders by name; no order last", () => {
    const set = build([web, db], [
      aGlobalPolicy("default.z-no-order", { selector: "all()", ingress: [{ action: "Allow" }] }),
      aGlobalPolicy("default.b-deny", { order: 5, selector: "all()", ingress: [{ action: "Deny" }] }),
      aGlobalPolicy("default.a-allow", { order: 5, selector: "all()", ingress: [{ action: "Allow" }] }),
    ]);
    expect(set.policies.map((p) => p.displayName)).toEqual(["default.a-allow", "default.b-deny", "default.z-no-order"]);
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db))).ingress).toMatchObject({ action: "Allow", policy: "default.a-allow" });
  });

  it("tiers: ordered first, unordered tiers after, default tier at 1,000,000", () => {
    const set = build([], [aTier("zeta"), aTier("alpha"), aTier("late", { order: 2_000_000 }), aTier("early", { order: 1 })]);
    expect(set.tiers.map((t) => [t.name, t.order])).toEqual([
      ["early", 1],
      ["default", 1_000_000],
      ["late", 2_000_000],
      ["alpha", undefined],
      ["zeta", undefined],
    ]);
  });

  it("egress and ingress are judged independently at each end", () => {
    const set = build([web, db], [
      aPolicy("default/web-egress", { selector: "app == 'web'", egress: [{ action: "Deny", destination: { selector: "app == 'db'" } }] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.egress).toMatchObject({ action: "Deny", policy: "default.web-egress" });
    expect(v.ingress).toMatchObject({ action: "Allow", reason: "noPolicy" });
    expect(v.allowed).toBe(false);
  });

  it("types default: egress rules only → Egress only", () => {
    const set = build([web, db], [aPolicy("default/eg", { selector: "all()", egress: [{ action: "Allow" }] })]);
    expect(set.policies[0]?.types).toEqual(["Egress"]);
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db))).ingress).toMatchObject({ reason: "noPolicy" });
  });
});

describe("policy selection", () => {
  it("a namespaced policy applies only to its namespace; a global one to all namespaces", () => {
    const other = aWorkload("other", { namespace: "dev", labels: { app: "db" } });
    const set = build([web, db, other], [aPolicy("default/deny-db", { selector: "app == 'db'", ingress: [{ action: "Deny" }] })]);
    expect(evaluate(set, aConnection(peerOf(web), peerOf(other))).ingress).toMatchObject({ reason: "noPolicy" });
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db))).ingress).toMatchObject({ action: "Deny" });
  });

  it("GlobalNetworkPolicy namespaceSelector matches namespace labels, never host endpoints", () => {
    const prod = aWorkload("p", { namespace: "prod", labels: { app: "x" } });
    const host = aHostEndpoint("node1", { labels: { app: "x" } });
    const set = build(
      [prod, host, web],
      [aGlobalPolicy("default.prod", { selector: "all()", namespaceSelector: "env == 'prod'", ingress: [{ action: "Deny" }] })],
      [aNamespace("prod", { env: "prod" }), aNamespace("default")],
    );
    expect(evaluate(set, aConnection(peerOf(web), peerOf(prod))).ingress).toMatchObject({ action: "Deny" });
    expect(evaluate(set, aConnection(peerOf(web), peerOf(host))).ingress).toMatchObject({ reason: "noPolicy", action: "Deny" });
    expect(evaluate(set, aConnection(peerOf(prod), peerOf(web))).ingress).toMatchObject({ reason: "noPolicy" });
  });

  it("projectcalico.org/namespace and kubernetes.io/metadata.name are usable in selectors", () => {
    const centos = aWorkload("centos", { namespace: "dev", labels: { app: "centos" } });
    const set = build([centos, web], [
      aGlobalPolicy("default.dev", { selector: "projectcalico.org/namespace == 'dev'", egress: [{ action: "Deny", destination: { namespaceSelector: "kubernetes.io/metadata.name == 'default'" } }] }),
    ]);
    expect(evaluate(set, aConnection(peerOf(centos), peerOf(web))).egress).toMatchObject({ action: "Deny", policy: "default.dev" });
  });

  it("doNotTrack and preDNAT policies do not take part in workload evaluation", () => {
    const set = build([web, db], [aGlobalPolicy("default.raw", { selector: "all()", doNotTrack: true, applyOnForward: true, ingress: [{ action: "Deny" }] })]);
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db))).ingress).toMatchObject({ action: "Allow", reason: "noPolicy" });
  });
});

describe("rule matching", () => {
  it("named ports resolve on the destination endpoint", () => {
    const set = build([web, db], [aPolicy("default/pg", { selector: "app == 'db'", ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: ["pg"] } }] })]);
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { port: 5432 })).ingress).toMatchObject({ action: "Allow", reason: "rule" });
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { port: 5433 })).ingress).toMatchObject({ reason: "endOfTier" });
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { port: 5432, protocol: "UDP" })).ingress).toMatchObject({ reason: "endOfTier" });
  });

  it("port ranges and notPorts", () => {
    const set = build([web, db], [aPolicy("default/r", { selector: "app == 'db'", ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: ["8000:8100"], notPorts: [8080] } }] })]);
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { port: 8001 })).ingress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { port: 8080 })).ingress?.action).toBe("Deny");
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { port: 9000 })).ingress?.action).toBe("Deny");
  });

  it("nets and notNets, IPv4 and IPv6", () => {
    const set = build([db], [aPolicy("default/n", { selector: "app == 'db'", ingress: [{ action: "Allow", source: { nets: ["203.0.113.0/24", "2001:db8::/32"], notNets: ["203.0.113.128/25"] } }] })]);
    const ext = (ip: string) => evaluate(set, aConnection({ kind: "external", ip }, peerOf(db))).ingress?.action;
    expect(ext("203.0.113.5")).toBe("Allow");
    expect(ext("203.0.113.200")).toBe("Deny");
    expect(ext("198.51.100.1")).toBe("Deny");
    expect(ext("2001:db8::1")).toBe("Allow");
  });

  it("protocol by number and name, notProtocol, ICMP type/code", () => {
    const set = build([web, db], [
      aPolicy("default/p", {
        selector: "app == 'db'",
        ingress: [
          { action: "Allow", protocol: 17 },
          { action: "Allow", protocol: "ICMP", icmp: { type: 8, code: 0 } },
          { action: "Deny", notProtocol: "TCP" },
          { action: "Allow" },
        ],
      }),
    ]);
    const run = (over: Parameters<typeof aConnection>[2]) => evaluate(set, aConnection(peerOf(web), peerOf(db), over)).ingress;
    expect(run({ protocol: "UDP", port: 53 })).toMatchObject({ action: "Allow", rule: 0 });
    expect(run({ protocol: "ICMP", icmp: { type: 8, code: 0 } })).toMatchObject({ action: "Allow", rule: 1 });
    expect(run({ protocol: "ICMP", icmp: { type: 0 } })).toMatchObject({ action: "Deny", rule: 2 });
    expect(run({ protocol: 6, port: 1 })).toMatchObject({ action: "Allow", rule: 3 });
  });

  it("rule selector in a namespaced policy only matches its own namespace unless namespaceSelector is given", () => {
    const devWeb = aWorkload("devweb", { namespace: "dev", labels: { app: "web" } });
    const set = build([web, db, devWeb], [aPolicy("default/s", { selector: "app == 'db'", ingress: [{ action: "Allow", source: { selector: "app == 'web'" } }] })], [aNamespace("dev"), aNamespace("default")]);
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db))).ingress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(devWeb), peerOf(db))).ingress?.action).toBe("Deny");
    const set2 = build([web, db, devWeb], [aPolicy("default/s", { selector: "app == 'db'", ingress: [{ action: "Allow", source: { selector: "app == 'web'", namespaceSelector: "all()" } }] })]);
    expect(evaluate(set2, aConnection(peerOf(devWeb), peerOf(db))).ingress?.action).toBe("Allow");
  });

  it("global() namespaceSelector selects host endpoints and GlobalNetworkSets only", () => {
    const host = aHostEndpoint("n1", { labels: { role: "node" } });
    const set = build([web, db, host], [aPolicy("default/g", { selector: "app == 'db'", ingress: [{ action: "Allow", source: { namespaceSelector: "global()" } }] })]);
    expect(evaluate(set, aConnection(peerOf(host), peerOf(db))).ingress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db))).ingress?.action).toBe("Deny");
  });

  it("network sets: an external IP in a GlobalNetworkSet matches the set's labels", () => {
    const set = build([web], [
      aGlobalNetworkSet("blocked", { type: "blocked-ips" }, { nets: ["198.51.100.7/32"] }),
      aGlobalPolicy("default.block", { order: 1, selector: "app == 'web'", ingress: [{ action: "Deny", source: { selector: "type == 'blocked-ips'" } }, { action: "Allow" }] }),
    ]);
    expect(evaluate(set, aConnection({ kind: "external", ip: "198.51.100.7" }, peerOf(web))).ingress).toMatchObject({ action: "Deny", rule: 0 });
    expect(evaluate(set, aConnection({ kind: "external", ip: "198.51.100.8" }, peerOf(web))).ingress).toMatchObject({ action: "Allow", rule: 1 });
  });

  it("namespaced NetworkSet is matched by a selector in a policy of its namespace; allowedEgressDomains match domains", () => {
    const set = build([web], [
      aNetworkSet("default/apis", { kind: "apis" }, { allowedEgressDomains: ["*.twilio.com"] }),
      aPolicy("default/out", { selector: "app == 'web'", egress: [{ action: "Allow", destination: { selector: "kind == 'apis'" } }] }),
    ]);
    expect(evaluate(set, aConnection(peerOf(web), { kind: "external", domain: "api.twilio.com" })).egress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(web), { kind: "external", domain: "twilio.com" })).egress?.action).toBe("Deny");
  });

  it("destination domains: exact and wildcard", () => {
    const set = build([web], [aPolicy("default/dns", { selector: "app == 'web'", egress: [{ action: "Allow", destination: { domains: ["*.twilio.com", "example.com"] } }] })]);
    const to = (domain: string) => evaluate(set, aConnection(peerOf(web), { kind: "external", domain })).egress?.action;
    expect(to("api.twilio.com")).toBe("Allow");
    expect(to("a.b.twilio.com")).toBe("Allow");
    expect(to("twilio.com")).toBe("Deny");
    expect(to("EXAMPLE.com")).toBe("Allow");
    expect(to("www.google.com")).toBe("Deny");
  });

  it("serviceAccounts by names and by selector on service-account labels", () => {
    const api = aWorkload("api", { labels: { app: "api" }, serviceAccount: "api-sa" });
    const ns = aNamespace("default", {}, [{ name: "api-sa", labels: { team: "core" } }]);
    const byName = build([api, db], [aPolicy("default/sa", { selector: "app == 'db'", ingress: [{ action: "Allow", source: { serviceAccounts: { names: ["api-sa"] } } }] })], [ns]);
    expect(evaluate(byName, aConnection(peerOf(api), peerOf(db))).ingress?.action).toBe("Allow");
    expect(evaluate(byName, aConnection(peerOf(web), peerOf(db))).ingress?.action).toBe("Deny");
    const bySel = build([api, db], [aPolicy("default/sa", { selector: "app == 'db'", ingress: [{ action: "Allow", source: { serviceAccounts: { selector: "team == 'core'" } } }] })], [ns]);
    expect(evaluate(bySel, aConnection(peerOf(api), peerOf(db))).ingress?.action).toBe("Allow");
  });

  it("services: destination matches the service's pods on its target ports", () => {
    const svc: ServiceModel = { namespace: "default", name: "db", selector: { app: "db" }, ports: [{ port: 5432, targetPort: "pg" }] };
    const set = build([web, db], [aPolicy("default/svc", { selector: "app == 'web'", egress: [{ action: "Allow", destination: { services: { name: "db" } } }] })], [], [svc]);
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { port: 5432 })).egress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { port: 22 })).egress?.action).toBe("Deny");
  });

  it("http matches only connections that carry request info", () => {
    const set = build([web, db], [aPolicy("default/h", { selector: "app == 'db'", ingress: [{ action: "Allow", http: { methods: ["GET"], paths: [{ prefix: "/api" }] } }] })]);
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db))).ingress?.action).toBe("Deny");
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { http: { method: "GET", path: "/api/x" } })).ingress?.action).toBe("Allow");
    expect(evaluate(set, aConnection(peerOf(web), peerOf(db), { http: { method: "POST", path: "/api/x" } })).ingress?.action).toBe("Deny");
  });

  it("an external IP that belongs to an endpoint is that endpoint", () => {
    const set = build([web, db], [aPolicy("default/s", { selector: "app == 'db'", ingress: [{ action: "Allow", source: { selector: "app == 'web'" } }] })]);
    const v = evaluate(set, aConnection({ kind: "external", ip: "10.1.0.1" }, peerOf(db)));
    expect(v.ingress?.action).toBe("Allow");
    expect(v.egress).toMatchObject({ reason: "noPolicy" });
  });

  it("an external source has no egress verdict and allows from its side", () => {
    const v = evaluate(build([db], []), aConnection({ kind: "external", ip: "8.8.8.8" }, peerOf(db)));
    expect(v.egress).toBeNull();
    expect(v.allowed).toBe(true);
  });
});

describe("staged policies", () => {
  it("a staged deny appears only in the pending verdict", () => {
    const set = build([web, db], [aStagedGlobalPolicy("default-deny", { order: 2000, selector: "all()", types: ["Ingress", "Egress"] })]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.allowed).toBe(true);
    expect(v.ingress).toMatchObject({ reason: "noPolicy" });
    expect(v.staged.allowed).toBe(false);
    expect(v.staged.ingress).toMatchObject({ action: "Deny", reason: "endOfTier", policy: "staged:default.default-deny" });
    expect(formatVerdictPolicies(v.staged.egress)).toEqual(["0|default|staged:default.default-deny|deny|-1"]);
  });

  it("stagedAction Set replaces the enforced policy of the same name", () => {
    const set = build([web, db], [
      aPolicy("default/p", { selector: "app == 'db'", ingress: [{ action: "Allow" }] }),
      aStagedPolicy("default/p", { selector: "app == 'db'", ingress: [{ action: "Deny" }] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.ingress).toMatchObject({ action: "Allow", policy: "default.p" });
    expect(v.staged.ingress).toMatchObject({ action: "Deny", policy: "staged:default.p" });
    expect(v.staged.ingress?.trace).toHaveLength(1);
    expect(formatVerdictPolicies(v.staged.ingress)).toEqual(["0|default|default/staged:default.p|deny|0"]);
  });

  it("stagedAction Delete is not sent to the dataplane (libcalico-go): the pending view keeps the enforced policy", () => {
    const set = build([web, db], [
      aPolicy("default/p", { selector: "app == 'db'", ingress: [{ action: "Deny" }] }),
      aStagedPolicy("default/p", { stagedAction: "Delete", selector: "app == 'db'" }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.allowed).toBe(false);
    expect(v.staged).toEqual({ allowed: v.allowed, egress: v.egress, ingress: v.ingress });
  });

  it.each(["Learn", "Ignore"] as const)("stagedAction %s is not counted in the pending verdict", (stagedAction) => {
    const set = build([web, db], [
      aPolicy("default/p", { selector: "app == 'db'", ingress: [{ action: "Allow" }] }),
      aStagedPolicy("default/p", { stagedAction, selector: "app == 'db'", ingress: [{ action: "Deny" }] }),
      aStagedGlobalPolicy("default.deny-all", { stagedAction, selector: "all()", types: ["Ingress", "Egress"] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.allowed).toBe(true);
    expect(v.staged).toEqual({ allowed: true, egress: v.egress, ingress: v.ingress });
  });

  it.each([["Set"], [""], [undefined]] as const)("stagedAction %j is counted (Calico's default is Set)", (stagedAction) => {
    const set = build([web, db], [
      aStagedGlobalPolicy("default.deny-all", { ...(stagedAction !== undefined ? { stagedAction: stagedAction as "Set" } : {}), selector: "all()", types: ["Ingress", "Egress"] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.allowed).toBe(true);
    expect(v.staged.allowed).toBe(false);
  });

  it("a learning recommendation does not hide a staged default deny's would-be denials", () => {
    const set = build([web, db], [
      aTier("namespace-isolation", { order: 10000 }),
      aStagedGlobalPolicy("default.default-deny", { selector: "all()", types: ["Ingress", "Egress"] }),
      aStagedPolicy("default/namespace-isolation.default-recommendation", {
        tier: "namespace-isolation",
        stagedAction: "Learn",
        selector: "all()",
        ingress: [{ action: "Allow" }],
        egress: [{ action: "Allow" }],
      }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.allowed).toBe(true);
    expect(v.staged.allowed).toBe(false);
    expect(v.staged.egress).toMatchObject({ action: "Deny", policy: "staged:default.default-deny" });
  });
});

describe("pending walk", () => {
  it("a staged policy in a later tier keeps the enforced trace prefix of the earlier tiers", () => {
    const set = build([web, db], [
      aTier("security", { order: 100 }),
      aTier("late", { order: 5_000_000 }),
      aGlobalPolicy("security.pass", { tier: "security", selector: "all()", ingress: [{ action: "Log" }, { action: "Pass" }] }),
      aStagedGlobalPolicy("late.deny", { tier: "late", selector: "app == 'db'", ingress: [{ action: "Deny", source: { selector: "app == 'web'" } }] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.ingress).toMatchObject({ action: "Allow", reason: "passedOutOfLastTier" });
    expect(v.staged.ingress).toMatchObject({ action: "Deny", reason: "rule", tier: "late", policy: "staged:late.deny" });
    expect(v.staged.ingress?.trace.map((s) => (s.kind === "rule" ? `${s.policy}:${s.action}` : s.kind))).toEqual([
      "security.pass:Log",
      "security.pass:Pass",
      "staged:late.deny:Deny",
    ]);
    expect(formatVerdictPolicies(v.staged.ingress)).toEqual(["0|security|security.pass|pass|1", "1|late|staged:late.deny|deny|0"]);
  });

  it("a staged policy in an earlier tier is evaluated before the enforced tiers", () => {
    const set = build([web, db], [
      aTier("first", { order: 1 }),
      aStagedGlobalPolicy("first.allow", { tier: "first", selector: "all()", ingress: [{ action: "Allow" }] }),
      aGlobalPolicy("default.deny", { selector: "all()", ingress: [{ action: "Deny" }] }),
    ]);
    const v = evaluate(set, aConnection(peerOf(web), peerOf(db)));
    expect(v.allowed).toBe(false);
    expect(v.staged.allowed).toBe(true);
    expect(v.staged.ingress?.trace).toHaveLength(1);
  });
});

describe("empty selectors", () => {
  it("an empty rule selector is absent: a namespaced rule then matches peers in any namespace", () => {
    const devWeb = aWorkload("devweb2", { namespace: "dev", labels: { app: "web" } });
    const set = build([db, devWeb], [aPolicy("default/e", { selector: "app == 'db'", ingress: [{ action: "Allow", source: { selector: "" } }] })]);
    expect(evaluate(set, aConnection(peerOf(devWeb), peerOf(db))).ingress?.action).toBe("Allow");
  });
});
