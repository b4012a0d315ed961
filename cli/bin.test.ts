/**
 * True subprocess runs of bin/palisade.mjs: the tsx loader, the `@/` alias from another working
 * directory, real files, stdout/stderr and the process exit code.
 */
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fixture } from "@/cli/test-harness";

const BIN = path.resolve(__dirname, "..", "bin", "palisade.mjs");
const elsewhere = mkdtempSync(path.join(tmpdir(), "palisade-cli-"));

function palisade(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: elsewhere, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("bin/palisade.mjs as a process", () => {
  it("prints help from any working directory", async () => {
    const run = await palisade(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("palisade <command>");
  });

  it("selector: exit 0 for a valid selector, 1 for an invalid one", async () => {
    const good = await palisade(["selector", "pod in {'a','b'}", "--labels", "pod=b"]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({ valid: true, matches: true, canonical: 'pod in {"a", "b"}' });
    const bad = await palisade(["selector", "pod in {"]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false });
  });

  it("simulate on the Kubernetes e2e model with real files", async () => {
    const policies = path.join(elsewhere, "deny.yaml");
    const probes = path.join(elsewhere, "probes.json");
    writeFileSync(
      policies,
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-ingress, namespace: x}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n",
    );
    writeFileSync(
      probes,
      JSON.stringify([
        { from: "y/a", to: "x/a", protocol: "TCP", port: 80 },
        { from: "x/a", to: "y/a", protocol: "TCP", port: 80 },
      ]),
    );
    const run = await palisade(["simulate", "--cluster", fixture("netpol-cluster.yaml"), "--policies", policies, "--probes", probes]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { allowed: boolean }[]).map((r) => r.allowed)).toEqual([false, true]);
  });

  it("simulate: probe errors exit 1, a missing file exits 2, an unknown flag exits 2; no stack traces", async () => {
    const probes = path.join(elsewhere, "bad-probes.json");
    writeFileSync(probes, JSON.stringify([{ from: "x/a", to: "y/a", protocol: "TCP" }]));
    const cluster = fixture("netpol-cluster.yaml");
    const empty = path.join(elsewhere, "empty.yaml");
    writeFileSync(empty, "");
    const invalid = await palisade(["simulate", "--cluster", cluster, "--policies", empty, "--probes", probes]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("probes[0].port: required for TCP");
    const missing = await palisade(["simulate", "--cluster", cluster, "--policies", "nope.yaml", "--probes", probes]);
    expect(missing.code).toBe(2);
    const unknown = await palisade(["simulate", "--nope"]);
    expect(unknown.code).toBe(2);
    for (const r of [invalid, missing, unknown]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
