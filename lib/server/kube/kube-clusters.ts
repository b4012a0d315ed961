import "server-only";
/**
 * Adding a real Kubernetes cluster from Settings: test the connection (discovery of the served
 * API groups: projectcalico.org/v3 means read-write, only crd.projectcalico.org/v1 read-only),
 * then register it. Credentials go into the registry config and nowhere else: responses carry
 * the discovery result and the cluster summary only, and error messages name hosts and files,
 * never tokens.
 */
import type { KubeConnectionInput, KubeContextList, KubeDiscovery } from "@/lib/contracts/kube-clusters";
import type { ClusterSummary } from "@/lib/contracts/clusters";
import type { GoldmaneInput } from "@/lib/contracts/kube-clusters";
import { ClusterUnavailableError, DomainError, ValidationError } from "@/lib/errors";
import { CALICO_CRD_GROUP, CALICO_GROUP } from "@/lib/k8s-api/api-resources";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import { addCluster } from "@/lib/server/cluster/registry";
import { toClusterSummary } from "@/lib/server/http/clusters";
import { KubernetesBackend } from "@/lib/server/kube/backend";
import { kubeconfigPolicy, kubeconfigSourceOf, loadKubeConfig, parseKubeConnection } from "@/lib/server/kube/kube-config";
import { loadCheckedKubeconfig } from "@/lib/server/kube/kubeconfig-source";
import type { KubeConnection } from "@/lib/server/kube/kube-config";
import { KubeTransport } from "@/lib/server/kube/kube-transport";
import { ClusterAddressRefusedError, checkClusterHostName } from "@/lib/server/outbound/dial";
import { splitAddress } from "@/lib/server/goldmane/client";
import type { GoldmaneConfig } from "@/lib/server/goldmane/config";
import { goldmaneConfigOf, loadGoldmaneMaterial } from "@/lib/server/goldmane/config";

/**
 * Loads the KubeConfig, turning any other failure into a field error. The library's own message
 * is not passed on: for a kubeconfig it can quote the file's content.
 */
function load(conn: KubeConnection): ReturnType<typeof loadKubeConfig> {
  try {
    return loadKubeConfig(conn);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const field = conn.source === "kubeconfig" ? (conn.kubeconfig !== undefined ? "connection.kubeconfig" : "connection.path") : conn.source === "inCluster" ? "connection.source" : "connection.server";
    const what = conn.source === "inCluster" ? "the in-cluster service account cannot be read (is the console running in a pod?)" : "the connection settings cannot be loaded";
    throw new ValidationError(what, [{ path: field, message: what }]);
  }
}

/** The field a connection's API server address comes from. */
function serverField(conn: KubeConnection): string {
  if (conn.source === "kubeconfig") return conn.kubeconfig !== undefined ? "connection.kubeconfig" : "connection.path";
  return conn.source === "inCluster" ? "connection.source" : "connection.server";
}

function groupVersions(body: unknown): string[] {
  if (!isJsonObject(body) || !Array.isArray(body["groups"])) return [];
  return body["groups"].flatMap((g) => (isJsonObject(g) && Array.isArray(g["versions"]) ? g["versions"].flatMap((v) => (isJsonObject(v) && typeof v["groupVersion"] === "string" ? [v["groupVersion"]] : [])) : []));
}

/**
 * Connects and discovers. Throws ValidationError (bad settings; credentials the server refused,
 * under `connection.token`) or ClusterUnavailableError (unreachable, or discovery failed).
 */
export async function testKubeConnection(input: KubeConnectionInput): Promise<KubeDiscovery> {
  const conn = parseKubeConnection(input);
  const { kc, server } = load(conn);
  const transport = new KubeTransport(kc, server, { backoff: { baseMs: 200, capMs: 1000, maxRetries: 1 } });
  let apis: Awaited<ReturnType<KubeTransport["request"]>>;
  try {
    apis = await transport.request({ method: "GET", path: "/apis" });
  } catch (e) {
    // A server on a refused address (link-local, metadata) is a settings error under the field that named it.
    if (e instanceof ClusterAddressRefusedError) throw new ValidationError(e.message, [{ path: serverField(conn), message: e.message }]);
    throw e;
  }
  if (apis.status === 401 || apis.status === 403) {
    const field = conn.source === "token" ? "connection.token" : "connection.source";
    throw new ValidationError(`the API server at ${server.host} refused these credentials (HTTP ${apis.status})`, [{ path: field, message: `refused by the API server (HTTP ${apis.status})` }]);
  }
  if (apis.status !== 200) throw new ClusterUnavailableError(`discovery at ${server.host} failed with HTTP ${apis.status}`);
  const served = groupVersions(apis.body);
  const backend = await KubernetesBackend.connect("connection-test", transport, { servedGroupVersions: served });
  const version = await transport.request({ method: "GET", path: "/version" }).catch(() => undefined);
  const gitVersion = version?.status === 200 && isJsonObject(version.body) && typeof version.body["gitVersion"] === "string" ? version.body["gitVersion"] : undefined;
  return {
    server: server.host,
    calicoApi: served.includes(`${CALICO_GROUP}/v3`) ? "projectcalico.org/v3" : served.includes(`${CALICO_CRD_GROUP}/v1`) ? "crd.projectcalico.org/v1" : "none",
    readOnly: backend.readOnly,
    ...(backend.readOnlyReason !== undefined ? { readOnlyReason: backend.readOnlyReason } : {}),
    ...(gitVersion !== undefined ? { version: gitVersion } : {}),
  };
}

/**
 * The Goldmane section as it will be stored, after the checks that need no connection: the
 * certificate files are inside PALISADE_KUBECONFIG_DIR and hold PEM, and the address is not a
 * metadata name or a refused literal (a name is resolved when the sync connects, since a
 * cluster-internal name may not resolve here). Throws ValidationError under `goldmane.`.
 */
function checkGoldmane(input: GoldmaneInput): GoldmaneConfig {
  const config = goldmaneConfigOf({ goldmane: input });
  if (config === undefined) throw new ValidationError("the Goldmane settings are missing", [{ path: "goldmane", message: "Required value" }]);
  loadGoldmaneMaterial(config, kubeconfigPolicy());
  try {
    checkClusterHostName(splitAddress(config.address).host, "Goldmane");
  } catch (e) {
    if (e instanceof ClusterAddressRefusedError) throw new ValidationError(e.message, [{ path: "goldmane.address", message: e.message }]);
    throw e;
  }
  return config;
}

/**
 * Tests the connection, then registers the cluster (kind `kubernetes`; the connection settings
 * and the optional Goldmane section become its config). Nothing is saved when the test fails.
 * Throws what testKubeConnection and addCluster throw.
 */
export async function addKubeCluster(input: { readonly name: string; readonly id?: string; readonly connection: KubeConnectionInput; readonly goldmane?: GoldmaneInput }): Promise<{ cluster: ClusterSummary; discovery: KubeDiscovery }> {
  const goldmane = input.goldmane !== undefined ? checkGoldmane(input.goldmane) : undefined;
  const discovery = await testKubeConnection(input.connection);
  const config = { ...parseKubeConnection(input.connection), ...(goldmane !== undefined ? { goldmane } : {}) };
  const info = await addCluster({ name: input.name, ...(input.id !== undefined ? { id: input.id } : {}), kind: "kubernetes", config });
  return { cluster: toClusterSummary(info), discovery };
}

/**
 * The contexts of a kubeconfig (content, or a file under PALISADE_KUBECONFIG_DIR): names and
 * server URLs, no credentials. Throws ValidationError (see kubeconfig-source.ts).
 */
export function listKubeContexts(input: { readonly kubeconfig?: string; readonly path?: string }): KubeContextList {
  const source = kubeconfigSourceOf(input);
  const kc = loadCheckedKubeconfig({ ...source, field: source.kind === "path" ? "path" : "kubeconfig" }, kubeconfigPolicy());
  const current = kc.getCurrentContext();
  return {
    ...(current ? { current } : {}),
    contexts: kc.getContexts().map((c) => ({
      name: c.name,
      cluster: c.cluster,
      server: kc.getCluster(c.cluster)?.server ?? "",
      ...(c.namespace !== undefined ? { namespace: c.namespace } : {}),
    })),
  };
}
