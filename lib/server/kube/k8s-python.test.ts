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
});
