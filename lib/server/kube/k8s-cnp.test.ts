/**
 * A Kubernetes ClusterNetworkPolicy through the /k8s API with the real kubectl (skipped when
 * kubectl is not installed), on a throwaway embedded cluster: apply, get, and the board and
 * what-if probe of the console see it in tier kube-admin.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
const KUBECTL = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find((p) => existsSync(p));

let server: K8sTestServer;
let token = "";
let kubeHome = "";

function kubectl(args: readonly string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      KUBECTL ?? "kubectl",
      ["--server", server.url, "--token", token, "--insecure-skip-tls-verify", "--request-timeout", "20s", ...args],
      { env: { ...process.env, HOME: kubeHome, KUBECONFIG: `${kubeHome}/none` }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

const CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-dev-to-default
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces:
      matchLabels: {kubernetes.io/metadata.name: default}
  ingress:
  - name: no dev
    action: Deny
    from:
    - namespaces:
        matchLabels: {kubernetes.io/metadata.name: dev}
`;

describe.skipIf(KUBECTL === undefined)("ClusterNetworkPolicy through /k8s", () => {
  beforeAll(async () => {
    kubeHome = mkdtempSync(`${tmpdir()}/kubectl-home-`);
    const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
    const routes = await import("@/app/k8s/[[...path]]/route");
    token = await issueAdminToken("kubectl");
    const tls = makeSelfSignedCert();
    if (tls === undefined) throw new Error("openssl is needed to serve TLS");
    server = await startK8sTestServer(routes, tls);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    const { closeDatabase } = await import("@/lib/server/db");
    await closeDatabase();
    data.cleanup();
  });

  it("is discovered, applied and read back", async () => {
    const resources = await kubectl(["api-resources", "-o", "name"]);
    expect(resources.stdout).toContain("clusternetworkpolicies.policy.networking.k8s.io");
    const applied = await kubectl(["apply", "-f", "-"], CNP);
    expect(applied.stderr).toBe("");
    expect(applied.stdout).toContain("clusternetworkpolicy.policy.networking.k8s.io/deny-dev-to-default created");
    const got = await kubectl(["get", "clusternetworkpolicies.policy.networking.k8s.io", "deny-dev-to-default", "-o", "json"]);
    expect(got.code).toBe(0);
    const obj = JSON.parse(got.stdout) as { apiVersion: string; kind: string; spec: { tier: string; priority: number } };
    expect(obj).toMatchObject({ apiVersion: "policy.networking.k8s.io/v1alpha2", kind: "ClusterNetworkPolicy", spec: { tier: "Admin", priority: 10 } });
  }, 120_000);

  it("shows on the board in kube-admin and decides the what-if probe", async () => {
    const { EMBEDDED_CLUSTER_ID, getClusterBackend } = await import("@/lib/server/cluster/registry");
    const { getBoardSnapshot } = await import("@/lib/server/policy/board-ops");
    const { runWhatIf } = await import("@/lib/server/policy/what-if");
    const backend = await getClusterBackend(EMBEDDED_CLUSTER_ID);
    const snap = await getBoardSnapshot(backend);
    expect(snap.endpointCounts["ClusterNetworkPolicy/deny-dev-to-default"]).toBeGreaterThan(0);
    const dev = snap.workloads.find((w) => w.namespace === "dev");
    const target = snap.workloads.find((w) => w.namespace === "default");
    expect(dev && target).toBeTruthy();
    const reply = await runWhatIf(backend, {
      source: { kind: "workload", namespace: "dev", name: dev?.name ?? "" },
      destination: { kind: "workload", namespace: "default", name: target?.name ?? "" },
      protocol: "TCP",
      port: 8080,
    });
    expect(reply.results[0]?.verdict.ingress).toMatchObject({ action: "Deny", tier: "kube-admin", policy: "kcnp.kube-admin.deny-dev-to-default" });
  }, 60_000);
});
