import { describe, expect, it } from "vitest";
import type { CalicoResource } from "@/lib/calico/types";
import type { EndpointModel, LintFinding } from "@/lib/policy";
import { buildPolicySet, lintPolicies, ruleHitKey } from "@/lib/policy";
import { aConnection, aGlobalPolicy, aPolicy, aStagedGlobalPolicy, aStagedPolicy, aTier, aWorkload, peerOf } from "@/lib/testing/policy-builders";

const web = aWorkload("web", { labels: { app: "web" }, ips: ["10.3.0.1"] });
const db = aWorkload("db", { labels: { app: "db" }, ips: ["10.3.0.2"] });
const api = aWorkload("api", { namespace: "dev", labels: { app: "api" }, ips: ["10.3.0.3"] });

function lint(resources: CalicoResource[], extra: { endpoints?: EndpointModel[]; connections?: Parameters<typeof lintPolicies>[0]["connections"]; ruleHits?: Parameters<typeof lintPolicies>[0]["ruleHits"] } = {}): LintFinding[] {
  const set = buildPolicySet({ namespaces: [], endpoints: extra.endpoints ?? [web, db, api], resources });
  if (!set.ok) throw new Error(JSON.stringify(set.error));
  return lintPolicies({ set: set.value, resources, ...(extra.connections ? { connections: extra.connections } : {}), ...(extra.ruleHits ? { ruleHits: extra.ruleHits } : {}) });
}

const brief = (f: LintFinding) => [f.code, f.policy.name, f.rule ? `${f.rule.direction}:${f.rule.index}` : "-", f.related ? `${f.related.policy.name}${f.related.rule ? `:${f.related.rule.index}` : ""}` : "-"];

describe("shadowed rules", () => {
  it("within a policy: an earlier broader terminal rule hides a later one (ports, nets, protocol)", () => {
    const findings = lint([
      aPolicy("default/p", {
        selector: "app == 'db'",
        ingress: [
          { action: "Allow", protocol: "TCP", destination: { ports: ["5000:6000"] } },
          { action: "Deny", protocol: "TCP", destination: { ports: [5432] } },
          { action: "Deny", protocol: "UDP", destination: { ports: [5432] } },
          { action: "Allow", source: { nets: ["10.0.0.0/8"] } },
          { action: "Deny", protocol: "UDP", source: { nets: ["10.3.0.0/16"] } },
          { action: "Log" },
        ],
      }),
    ]).filter((f) => f.code === "shadowed-rule");
    expect(findings.map(brief)).toEqual([
      ["shadowed-rule", "default.p", "ingress:1", "default.p:0"],
      ["shadowed-rule", "default.p", "ingress:4", "default.p:3"],
    ]);
    expect(findings[0]?.message).toBe("ingress rule index 1 (Deny) is never reached: its ingress rule index 0 (Allow) matches every packet it matches");
  });

  it("a Log rule or a narrower rule does not shadow; a selector covers only the same selector in the same namespace", () => {
    expect(lint([
      aPolicy("default/p", {
        selector: "app == 'db'",
        ingress: [
          { action: "Log" },
          { action: "Allow", protocol: "TCP", destination: { ports: [80] } },
          { action: "Deny", protocol: "TCP", destination: { ports: ["80:90"] } },
          { action: "Allow", source: { selector: "app == 'web'" } },
          { action: "Deny", source: { selector: "app == 'web'", namespaceSelector: "all()" } },
        ],
      }),
    ]).filter((f) => f.code === "shadowed-rule")).toEqual([]);
  });

  it("across policies: an earlier policy of the same tier selecting a superset of endpoints", () => {
    const findings = lint([
      aTier("security", { order: 10 }),
      aGlobalPolicy("security.deny-all", { tier: "security", order: 1, selector: "all()", ingress: [{ action: "Deny", protocol: "TCP" }] }),
      aGlobalPolicy("security.allow-db", { tier: "security", order: 2, selector: "app == 'db'", ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: [5432] } }, { action: "Allow", protocol: "UDP" }] }),
      // Other tier: not shadowed by security.deny-all.
      aGlobalPolicy("default.allow-db", { order: 1, selector: "app == 'db'", ingress: [{ action: "Allow", protocol: "TCP" }] }),
    ]).filter((f) => f.code === "shadowed-rule");
    expect(findings.map(brief)).toEqual([["shadowed-rule", "security.allow-db", "ingress:0", "security.deny-all:0"]]);
    expect(findings[0]?.message).toContain("security.deny-all ingress rule index 0 (Deny) matches every packet it matches and is evaluated first on every endpoint this policy selects");
  });
});

describe("other analyses", () => {
  it("unselected policies, duplicates", () => {
    const findings = lint([
      aPolicy("default/nobody", { selector: "app == 'ghost'", ingress: [{ action: "Allow" }] }),
      aGlobalPolicy("default.a", { order: 5, selector: "app == 'web'", egress: [{ action: "Allow", protocol: "UDP", destination: { ports: [53] } }] }),
      aGlobalPolicy("default.b", { order: 6, selector: "app == 'web'", egress: [{ action: "Allow", protocol: "UDP", destination: { ports: [53] } }] }),
    ]);
    expect(findings.filter((f) => f.code !== "shadowed-rule").map(brief)).toEqual([
      ["duplicate-policy", "default.b", "-", "default.a"],
      ["unselected-policy", "default.nobody", "-", "-"],
    ]);
  });

  it("unused rules from the flow history window (Log rules excepted)", () => {
    const hits = new Map([[ruleHitKey("default", "default/default.p", "ingress", 0), 12]]);
    const findings = lint([aPolicy("default/p", { selector: "app == 'db'", ingress: [{ action: "Allow", protocol: "TCP" }, { action: "Log" }, { action: "Deny", protocol: "UDP" }] })], { ruleHits: { counts: hits, window: "24h" } });
    expect(findings.filter((f) => f.code === "unused-rule").map((f) => f.message)).toEqual(["ingress rule index 2 (Deny) decided no flow in the last 24h"]);
  });

  it("staged policies that would deny allowed traffic; learning ones are not counted", () => {
    const conns = [aConnection(peerOf(web), peerOf(db)), aConnection(peerOf(db), peerOf(web)), aConnection(peerOf(api), peerOf(web))];
    const findings = lint([
      aStagedGlobalPolicy("default.lockdown", { selector: "app == 'db'", types: ["Ingress"] }),
      aStagedPolicy("dev/namespace-isolation.rec", { tier: "default", stagedAction: "Learn", selector: "all()", types: ["Egress"] }),
    ], { connections: conns });
    const staged = findings.filter((f) => f.code === "staged-denies-allowed");
    expect(staged.map((f) => [f.policy.name, f.count])).toEqual([["staged:default.lockdown", 1]]);
    expect(staged[0]?.message).toBe("would deny 1 connection that is allowed today (tier default), e.g. default/web → default/db TCP/80");
  });
});
