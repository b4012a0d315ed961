/**
 * The official Python client (Debian python3-kubernetes) against /k8s over TLS: it lists, then
 * watches with `watch=True` (a Go-style boolean) and must see a namespace created meanwhile.
 * Skips when the client is not installed, except in CI (CI=true), where it fails instead.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
const PYTHON = "/usr/bin/python3";

function hasPythonClient(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", "import kubernetes"], { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const AVAILABLE = hasPythonClient();
if (!AVAILABLE && process.env["CI"] === "true") throw new Error("python3-kubernetes is not installed: the Python client suite must run in CI");
if (!AVAILABLE) console.warn("the Python kubernetes client is not installed: skipping the Python client tests");

let server: K8sTestServer;
let token = "";

describe.skipIf(!AVAILABLE)("Python kubernetes client against /k8s", () => {
  beforeAll(async () => {
    const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
    const routes = await import("@/app/k8s/[[...path]]/route");
    token = await issueAdminToken("python");
    const tls = makeSelfSignedCert();
    if (tls === undefined) throw new Error("openssl is needed for the TLS test server");
    server = await startK8sTestServer(routes, tls);
  });
  afterAll(async () => {
    await server?.close();
    const { closeDatabase } = await import("@/lib/server/db");
    await closeDatabase();
    data.cleanup();
  });

  it("watches with watch=True and sees a namespace created after the watch started", async () => {
    const script = new URL("./testing/python-watch.py", import.meta.url).pathname;
    const child = spawn(PYTHON, [script], { env: { ...process.env, PALISADE_K8S_URL: server.url, PALISADE_K8S_TOKEN: token } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
    const deadline = Date.now() + 20_000;
    while (!out.includes("READY") && Date.now() < deadline && child.exitCode === null) await sleep(50);
    expect(out, err).toContain("READY");
    // Give the client a moment to open the watch, then create the namespace.
    await sleep(500);
    const { getClusterBackend } = await import("@/lib/server/cluster/registry");
    const backend = await getClusterBackend("embedded");
    await backend.create({ kind: "Namespace", metadata: { name: "py-watched" } }, { actor: "test" });
    const timer = setTimeout(() => child.kill(), 25_000);
    const code = await exited;
    clearTimeout(timer);
    expect(code, `${out}\n${err}`).toBe(0);
    expect(out).toContain("EVENT ADDED py-watched");
    expect(out).toMatch(/LISTED [1-9]\d*/);
  }, 40_000);

  it("creates, pages, defaults, refuses and lists exactly as an API server does", async () => {
    const script = new URL("./testing/python-objects.py", import.meta.url).pathname;
    const run = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
      const child = spawn(PYTHON, [script], { env: { ...process.env, PALISADE_K8S_URL: server.url, PALISADE_K8S_TOKEN: token } });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill(), 30_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, out, err });
      });
    });
    expect(run.code, `${run.out}\n${run.err}`).toBe(0);
    const checks = Object.fromEntries(run.out.trim().split("\n").map((l) => JSON.parse(l) as { check: string }).map((c) => [c.check, c]));
    expect(checks["paged"]).toMatchObject({ items: 2, more: true, remaining: expect.any(Number) });
    expect(checks["policyTypes"]).toMatchObject({ value: ["Ingress", "Egress"] });
    expect(checks["namespace"]).toMatchObject({ phase: "Active", finalizers: ["kubernetes"] });
    expect(checks["invalid"]).toMatchObject({ status: 422, reason: "Invalid", causes: ["FieldValueNotSupported"] });
    expect((checks["invalid"] as unknown as { message: string }).message).toBe('NetworkPolicy.networking.k8s.io "py-bad" is invalid: spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"');
    expect(checks["strict"]).toMatchObject({ status: 400, reason: "BadRequest", message: 'GlobalNetworkPolicy in version "v3" cannot be handled as a GlobalNetworkPolicy: strict decoding error: unknown field "spec.colour"' });
    expect(checks["exact"]).toMatchObject({ same: true });
    expect(checks["expired"]).toMatchObject({ status: 410, reason: "Expired" });
  }, 40_000);
});
