import { describe, expect, it } from "vitest";
import { runPalisade } from "@/cli/test-harness";

const CLUSTER = `
namespaces:
  - {name: web}
endpoints:
  - {namespace: web, name: front, labels: {app: front}, ip: 10.0.0.1}
  - {namespace: web, name: back, labels: {app: back}, ip: 10.0.0.2, ports: [{name: pg, port: 5432}]}
`;
const POLICIES = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: back, namespace: web}
spec:
  selector: app == "back"
  ingress:
  - action: Allow
    protocol: TCP
  - action: Deny
    protocol: TCP
    destination: {ports: [5432]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: ghost, namespace: web}
spec:
  selector: app == "ghost"
  ingress: [{action: Allow}]
---
apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata: {name: lockdown}
spec:
  order: 1
  selector: app == "back"
  ingress: [{action: Deny, protocol: TCP}]
`;

async function lint(extra: string[] = [], policies = POLICIES) {
  return runPalisade(["lint", "--cluster", "/v/c.yaml", "--policies", "/v/p.yaml", ...extra], { "/v/c.yaml": CLUSTER, "/v/p.yaml": policies });
}

interface Out {
  findings: { code: string; severity: string; policy: { name: string; namespace?: string }; rule?: { direction: string; index: number }; message: string }[];
  summary: Record<string, number>;
}

describe("palisade lint", () => {
  it("reports each finding with policy, rule and why, as JSON, and exits 1 at the default --fail-on warning", async () => {
    const run = await lint();
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as Out;
    expect(out.findings.map((f) => [f.severity, f.code, f.policy.name, f.rule ? `${f.rule.direction}:${f.rule.index}` : "-"])).toEqual([
      ["warning", "staged-denies-allowed", "staged:default.lockdown", "-"],
      ["warning", "shadowed-rule", "default.back", "ingress:1"],
      ["info", "unselected-policy", "default.ghost", "-"],
    ]);
    expect(out.findings[0]?.message).toBe("would deny 1 connection that is allowed today (tier default), e.g. web/front → web/back TCP/5432");
    expect(out.summary).toEqual({ error: 0, warning: 2, info: 1 });
  });

  it("--fail-on error exits 0; table output names where and why", async () => {
    const run = await lint(["--fail-on", "error", "--format", "table"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("warning   shadowed-rule");
    expect(run.stdout).toContain("web/default.back ingress rule index 1");
  });

  it("clean policies: no findings, exit 0; bad flags exit 2", async () => {
    const clean = await lint([], "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: back, namespace: web}\nspec:\n  selector: app == 'back'\n  ingress: [{action: Allow, protocol: TCP}]\n");
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({ findings: [], summary: { error: 0, warning: 0, info: 0 } });
    expect((await lint(["--fail-on", "loud"])).code).toBe(2);
  });
});
