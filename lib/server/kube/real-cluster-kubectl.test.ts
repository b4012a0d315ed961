/**
 * The embedded cluster added a second time as a "real" kubernetes cluster through its own /k8s
 * API over TLS (the registry's factory, watch cache and all), then kubectl against the same
 * endpoint: objects written through the kubernetes cluster are what kubectl lists, and a policy
 * kubectl applies reaches the kubernetes cluster's cache within 2 s. Skips without kubectl.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
const KUBECTL = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find((p) => existsSync(p));
if (KUBECTL === undefined) console.warn("kubectl not found: skipping the real-cluster kubectl tests (install kubectl to run them)");

let server: K8sTestServer;
let token = "";
let home = "";

function kubectl(args: readonly string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(KUBECTL ?? "kubectl", ["--server", server.url, "--token", token, "--insecure-skip-tls-verify", "--request-timeout", "20s", ...args], { env: { ...process.env, HOME: home, KUBECONFIG: `${home}/none` }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

describe.skipIf(KUBECTL === undefined)("the embedded cluster as a real kubernetes cluster, with kubectl", () => {
  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), "kubectl-home-"));
    await import("@/lib/server/kube/register");
    const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
    token = await issueAdminToken("real-cluster");
    const tls = makeSelfSignedCert();
    if (tls === undefined) throw new Error("openssl is needed: kubectl sends tokens only over https");
    server = await startK8sTestServer(await import("@/app/k8s/[[...path]]/route"), tls);
    const { addKubeCluster } = await import("@/lib/server/kube/kube-clusters");
    await addKubeCluster({ name: "Embedded via k8s", id: "real", connection: { source: "token", server: server.url, token, caPem: server.caPem } });
  });

  afterAll(async () => {
    const { closeCachedBackend } = await import("@/lib/server/kube/cached-backends");
    closeCachedBackend("real");
    await server?.close();
    rmSync(home, { recursive: true, force: true });
    const { closeDatabase } = await import("@/lib/server/db");
    await closeDatabase();
    data.cleanup();
  });

  it("a tier created through the kubernetes cluster is what kubectl get tiers lists", async () => {
    const { getClusterBackend } = await import("@/lib/server/cluster/registry");
    const real = await getClusterBackend("real");
    expect(real.readOnly).toBe(false);
    await real.create({ kind: "Tier", metadata: { name: "security" }, spec: { order: 300 } }, { actor: "test" });
    const r = await kubectl(["get", "tiers"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^security\b/m);
    const embedded = await getClusterBackend("embedded");
    expect((await embedded.get("Tier", "security")).spec.order).toBe(300);
  });

  it("a policy kubectl applies reaches the kubernetes cluster's cache within 2 s", async () => {
    const { getClusterBackend } = await import("@/lib/server/cluster/registry");
    const real = await getClusterBackend("real");
    await real.list("GlobalNetworkPolicy");
    // The policy must arrive through the watch, not a pass-through read: wait for the cache.
    const { CachedKubeBackend } = await import("@/lib/server/kube/cache");
    if (!(real instanceof CachedKubeBackend)) throw new Error("the kubernetes cluster is not served through the watch cache");
    for (let i = 0; i < 100 && !real.isWarm("GlobalNetworkPolicy"); i++) await sleep(50);
    expect(real.isWarm("GlobalNetworkPolicy")).toBe(true);
    const applied = await kubectl(
      ["apply", "-f", "-"],
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: security.from-kubectl\nspec:\n  tier: security\n  order: 10\n  selector: all()\n  types: [Ingress]\n",
    );
    expect(applied.stderr).toBe("");
    const started = Date.now();
    let seen = false;
    while (!seen && Date.now() - started < 2000) {
      seen = (await real.list("GlobalNetworkPolicy")).items.some((p) => p.metadata.name === "security.from-kubectl");
      if (!seen) await sleep(50);
    }
    expect(seen).toBe(true);
  });
});
