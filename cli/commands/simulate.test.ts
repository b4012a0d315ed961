/**
 * The simulate command's contract: output shape, reference forms, protocol normalisation,
 * input errors (exit 1, JSON on stderr naming the field), usage errors (exit 2), table format.
 */
import { describe, expect, it } from "vitest";
import { runPalisade, stdoutJson } from "@/cli/test-harness";
import type { ProbeOut } from "@/cli/test-harness";

const CLUSTER = `
namespaces:
  - {name: web, labels: {team: a}}
endpoints:
  - {namespace: web, name: front, labels: {app: front}, ip: 10.0.0.1, ports: [{name: http, port: 8080}]}
  - {namespace: web, name: back, labels: {app: back}, ip: 10.0.0.2}
  - {namespace: web, name: bare, labels: {app: bare}, profiles: []}
  - {namespace: other, name: noip, labels: {app: noip}}
hostEndpoints:
  - {name: node1-eth0, node: node1, labels: {role: node}, ips: [192.168.1.10]}
`;
const DENY_BACK = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: back-ingress, namespace: web}
spec:
  selector: app == "back"
  types: [Ingress]
  ingress:
  - action: Allow
    protocol: TCP
    source: {selector: app == "front"}
    destination: {ports: [5432]}
`;

async function sim(probes: unknown, policies = DENY_BACK, extra: string[] = []) {
  return runPalisade(["simulate", "--cluster", "/v/c.yaml", "--policies", "/v/p.yaml", "--probes", "/v/r.json", ...extra], {
    "/v/c.yaml": CLUSTER,
    "/v/p.yaml": policies,
    "/v/r.json": typeof probes === "string" ? probes : JSON.stringify(probes),
  });
}

describe("palisade simulate output", () => {
  it("prints one object per probe, in order, with exactly the contract's fields", async () => {
    const run = await sim([
      { from: "web/front", to: "web/back", protocol: "tcp", port: 5432 },
      { from: "web/back", to: "web/back", protocol: "TCP", port: 80 },
      { from: { ip: "203.0.113.7" }, to: "web/front", protocol: "TCP", port: 8080, sourcePort: 31245 },
    ]);
    expect(run.code).toBe(0);
    const [allowed, denied, fromOutside] = stdoutJson<ProbeOut[]>(run);
    expect(Object.keys(allowed ?? {})).toEqual(["from", "to", "port", "protocol", "allowed", "egress", "ingress", "staged"]);
    expect(allowed).toEqual({
      from: "web/front",
      to: "web/back",
      port: 5432,
      protocol: "TCP",
      allowed: true,
      egress: { action: "Allow", tier: null, policy: null, rule: null, reason: "noPolicy" },
      ingress: { action: "Allow", tier: "default", policy: "default.back-ingress", rule: 0, reason: "rule" },
      staged: {
        allowed: true,
        egress: { action: "Allow", tier: null, policy: null, rule: null, reason: "noPolicy" },
        ingress: { action: "Allow", tier: "default", policy: "default.back-ingress", rule: 0, reason: "rule" },
      },
    });
    expect(denied).toMatchObject({ allowed: false, ingress: { action: "Deny", tier: "default", reason: "endOfTier", rule: null } });
    expect(fromOutside).toMatchObject({ from: { ip: "203.0.113.7" }, allowed: true, egress: null, staged: { allowed: true, egress: null } });
  });

  it("resolves addresses to endpoints, host/NAME and {host} to host endpoints, and synthesises missing addresses", async () => {
    const run = await sim([
      { from: { ip: "10.0.0.1" }, to: { ip: "10.0.0.2" }, protocol: "TCP", port: 5432 },
      { from: "host/node1-eth0", to: "web/front", protocol: "TCP", port: 8080 },
      { from: { host: "node1-eth0" }, to: { ip: "10.244.0.2" }, protocol: "UDP", port: 53 },
      { from: { ip: "192.168.1.10" }, to: "web/front", protocol: "TCP", port: 8080 },
    ]);
    expect(run.code).toBe(0);
    const out = stdoutJson<ProbeOut[]>(run);
    expect(out[0]).toMatchObject({ from: { ip: "10.0.0.1" }, allowed: true, ingress: { policy: "default.back-ingress" } });
    // A host endpoint without profiles denies what no policy allows (Calico's host endpoint default).
    expect(out[1]?.egress).not.toBeNull();
    expect(out[2]?.ingress).not.toBeNull(); // 10.244.0.2 is the second synthetic address: other/noip
    expect(out[3]?.egress).not.toBeNull();
  });

  it("profiles: [] denies what no policy decides; the default namespace profile allows it", async () => {
    const out = stdoutJson<ProbeOut[]>(
      await sim([
        { from: "web/front", to: "web/bare", protocol: "TCP", port: 80 },
        { from: "web/front", to: "other/noip", protocol: "TCP", port: 80 },
      ]),
    );
    expect(out.map((r) => r.allowed)).toEqual([false, true]);
    expect(out[0]?.ingress).toMatchObject({ action: "Deny", policy: null, rule: null });
  });

  it("normalises protocols: names in Calico's spelling, numbers as given (judged as the named protocol)", async () => {
    const out = stdoutJson<ProbeOut[]>(
      await sim([
        { from: "web/front", to: "web/back", protocol: 6, port: 5432 },
        { from: "web/front", to: "web/back", protocol: "icmp", icmp: { type: 8, code: 0 } },
        { from: "web/front", to: "web/back", protocol: "icmpv6" },
        { from: "web/front", to: "web/back", protocol: 47 },
      ]),
    );
    expect(out.map((r) => [r.protocol, r.port])).toEqual([
      [6, 5432],
      ["ICMP", null],
      ["ICMPv6", null],
      [47, null],
    ]);
    expect(out.map((r) => r.allowed)).toEqual([true, false, false, false]);
  });

  it("an empty policies file holds no policies", async () => {
    const out = stdoutJson<ProbeOut[]>(await sim([{ from: "web/back", to: "web/back", protocol: "TCP", port: 80 }], ""));
    expect(out[0]?.allowed).toBe(true);
  });

  it("--trace adds profile and trace to each direction", async () => {
    const run = await sim([{ from: "web/back", to: "web/back", protocol: "TCP", port: 80 }], DENY_BACK, ["--trace"]);
    const [r] = stdoutJson<{ ingress: { trace: unknown[]; profile: string | null } }[]>(run);
    expect(r?.ingress.trace.length).toBeGreaterThan(0);
    expect(r?.ingress).toHaveProperty("profile");
  });

  it("--format table prints an aligned truth table", async () => {
    const run = await sim(
      [
        { from: "web/front", to: "web/back", protocol: "TCP", port: 5432 },
        { from: { ip: "203.0.113.7" }, to: "web/back", protocol: "TCP", port: 5432 },
      ],
      DENY_BACK,
      ["--format", "table"],
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^FROM\s+TO\s+PROTOCOL\s+PORT\s+VERDICT\s+EGRESS\s+INGRESS\s+STAGED$/);
    expect(lines[1]).toMatch(/^web\/front\s+web\/back\s+TCP\s+5432\s+ALLOW\s/);
    expect(lines[2]).toMatch(/^203\.0\.113\.7\s+web\/back\s+TCP\s+5432\s+DENY\s+-\s+Deny/);
    expect(lines[1]?.indexOf("ALLOW")).toBe(lines[2]?.indexOf("DENY"));
  });
});

describe("palisade simulate input errors", () => {
  it.each([
    [[{ from: "web/front", to: "web/back", protocol: "TCP" }], "probes[0].port: required for TCP"],
    [[{ from: "web/front", to: "web/back", protocol: "UDP", port: 0 }], "probes[0].port"],
    [[{ from: "web/front", to: "web/back", protocol: "ICMP", port: 80 }], "probes[0].port: not allowed for ICMP"],
    [[{ from: "web/front", to: "web/back", protocol: "TCP", port: 80, icmp: { type: 8 } }], "probes[0].icmp"],
    [[{ from: "web/front", to: "web/back", protocol: "GRE" }], "probes[0].protocol"],
    [[{ from: "web/front", to: "web/back", protocol: 256 }], "probes[0].protocol"],
    [[{ from: "web/nobody", to: "web/back", protocol: "TCP", port: 1 }], 'probes[0].from: unknown endpoint "web/nobody"'],
    [[{ from: { domain: "x.com" }, to: "web/back", protocol: "TCP", port: 1 }], "probes[0].from.domain"],
    [[{ from: { ip: "300.1.1.1" }, to: "web/back", protocol: "TCP", port: 1 }], "probes[0].from.ip"],
    [[{ to: "web/back", protocol: "TCP", port: 1 }], "probes[0].from: required"],
    [{ not: "an array" }, "probes: must be a JSON array"],
    ["[1,", "probes: not valid JSON"],
  ])("%j → exit 1 naming the field", async (probes, message) => {
    const run = await sim(probes);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const err = JSON.parse(run.stderr) as { error: string; errors: { path: string; message: string }[] };
    expect(err.error).toContain(message);
    expect(err.errors.length).toBeGreaterThan(0);
  });

  it("reports every bad probe at once", async () => {
    const run = await sim([
      { from: "web/front", to: "web/back", protocol: "TCP" },
      { from: "web/front", to: "web/back", protocol: "TCP", port: 1 },
      { from: "web/front", to: "web/back", protocol: "SCTP" },
    ]);
    const err = JSON.parse(run.stderr) as { errors: { path: string }[] };
    expect(err.errors.map((e) => e.path)).toEqual(["probes[0].port", "probes[2].port"]);
  });

  it("invalid policy documents: exit 1, errors with file, document, path and message; nothing simulated", async () => {
    const bad = `${DENY_BACK}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: bad}
spec:
  selector: app ==
  ingress:
  - action: Maybe
`;
    const run = await sim([{ from: "web/front", to: "web/back", protocol: "TCP", port: 5432 }], bad);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const err = JSON.parse(run.stderr) as { errors: { file: string; document: number; path: string; message: string }[] };
    expect(err.errors.length).toBeGreaterThanOrEqual(2);
    expect(err.errors.every((e) => e.file === "/v/p.yaml" && e.document === 1 && e.message !== "")).toBe(true);
    expect(err.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["spec.selector", "spec.ingress[0].action"]));
  });

  it("an invalid cluster file: exit 1 naming the field", async () => {
    const run = await runPalisade(["simulate", "--cluster", "/v/c.yaml", "--policies", "/v/p.yaml", "--probes", "/v/r.json"], {
      "/v/c.yaml": "endpoints:\n  - {name: a, labels: {x: [1]}, ip: nope}\n",
      "/v/p.yaml": "",
      "/v/r.json": "[]",
    });
    expect(run.code).toBe(1);
    const err = JSON.parse(run.stderr) as { errors: { path: string }[] };
    expect(err.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["cluster.endpoints[0].namespace", "cluster.endpoints[0].labels.x", "cluster.endpoints[0].ip"]),
    );
  });

  it("duplicate addresses in the cluster are invalid", async () => {
    const run = await runPalisade(["simulate", "--cluster", "/v/c.yaml", "--policies", "/v/p.yaml", "--probes", "/v/r.json"], {
      "/v/c.yaml": "endpoints:\n  - {namespace: a, name: a, ip: 10.0.0.1}\n  - {namespace: a, name: b, ip: 10.0.0.1}\n",
      "/v/p.yaml": "",
      "/v/r.json": "[]",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("10.0.0.1");
  });

  it("unreadable files and bad usage: exit 2, no JSON on stdout", async () => {
    const missing = await runPalisade(["simulate", "--cluster", "/v/none.yaml", "--policies", "/v/p.yaml", "--probes", "/v/r.json"], {
      "/v/p.yaml": "",
      "/v/r.json": "[]",
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("/v/none.yaml");
    expect(missing.stdout).toBe("");
    const format = await sim([], DENY_BACK, ["--format", "xml"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format must be json or table");
  });
});

describe("palisade simulate: stagedAction", () => {
  const staged = (action: string) => `${DENY_BACK}---
apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata: {name: deny-all}
spec:
  selector: all()
  types: [Ingress, Egress]
${action === "" ? "" : `  stagedAction: ${action}\n`}`;
  const probe = [{ from: "web/front", to: "web/back", protocol: "TCP", port: 5432 }];

  it.each(["Learn", "Ignore", "Delete"])("stagedAction %s: the pending verdict equals the enforced one", async (action) => {
    const run = await sim(probe, action === "Delete" ? staged(action).replace(/  selector: all\(\)\n  types: \[Ingress, Egress\]\n/, "") : staged(action));
    expect(run.code).toBe(0);
    const [out] = stdoutJson<ProbeOut[]>(run);
    expect(out?.allowed).toBe(true);
    expect(out?.staged).toEqual({ allowed: out?.allowed, egress: out?.egress, ingress: out?.ingress });
  });

  it.each(["Set", ""])("stagedAction %j is counted", async (action) => {
    const run = await sim(probe, staged(action));
    expect(run.code).toBe(0);
    const [out] = stdoutJson<ProbeOut[]>(run);
    expect(out?.allowed).toBe(true);
    expect(out?.staged.allowed).toBe(false);
    expect(out?.staged.egress).toMatchObject({ action: "Deny", policy: "staged:default.deny-all" });
  });
});

describe("palisade simulate: Kubernetes ClusterNetworkPolicy", () => {
  const CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: isolate-team-a}
spec:
  tier: Admin
  priority: 5
  subject:
    namespaces: {matchLabels: {team: a}}
  ingress:
  - name: nobody from web
    action: Deny
    from:
    - pods:
        namespaceSelector: {}
        podSelector: {matchLabels: {app: front}}
    protocols:
    - tcp: {destinationPort: {number: 5432}}
`;
  it("judges it in tier kube-admin before the Calico policies, with Calico's kcnp name", async () => {
    const run = await sim([
      { from: "web/front", to: "web/back", protocol: "TCP", port: 5432 },
      { from: "web/front", to: "web/back", protocol: "TCP", port: 80 },
    ], `${DENY_BACK}---\n${CNP}`);
    expect(run.code).toBe(0);
    const [denied, other] = stdoutJson<ProbeOut[]>(run);
    expect(denied?.allowed).toBe(false);
    expect(denied?.ingress).toMatchObject({ action: "Deny", tier: "kube-admin", policy: "kcnp.kube-admin.isolate-team-a", rule: 0, reason: "rule" });
    // Not matched by the CNP rule: kube-admin passes, the Calico policy in default decides.
    expect(other?.ingress).toMatchObject({ action: "Deny", tier: "default", reason: "endOfTier" });
  });
});
