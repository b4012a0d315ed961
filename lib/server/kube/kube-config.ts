import "server-only";
/**
 * Connection settings of a `kubernetes` cluster (the registry's `config` JSON) and the
 * @kubernetes/client-node KubeConfig built from them: a kubeconfig (its content, or a file under
 * PALISADE_KUBECONFIG_DIR; see kubeconfig-source.ts) and a context, the in-cluster service
 * account, or a URL with a bearer token. The server URL must be https unless
 * `allowInsecureHttp` is set (a local test cluster); credentials are never logged.
 */
import { KubeConfig } from "@kubernetes/client-node";
import * as z from "zod";
import { ValidationError } from "@/lib/errors";
import { env } from "@/lib/server/env";
import type { KubeconfigPolicy, KubeconfigSource } from "@/lib/server/kube/kubeconfig-source";
import { loadCheckedKubeconfig } from "@/lib/server/kube/kubeconfig-source";

const Common = {
  /** Allow an http:// server (local clusters only: the token would travel in clear text). */
  allowInsecureHttp: z.boolean().optional(),
};

export const KubeConnectionSchema = z.discriminatedUnion("source", [
  z.object({
    source: z.literal("kubeconfig"),
    /** The kubeconfig itself (pasted or uploaded); stored sealed. */
    kubeconfig: z.string().min(1).optional(),
    /** Or a file under PALISADE_KUBECONFIG_DIR. Exactly one of the two (checked when loading). */
    path: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    ...Common,
  }),
  z.object({ source: z.literal("inCluster"), ...Common }),
  z.object({
    source: z.literal("token"),
    server: z.string().url(),
    token: z.string().min(1),
    /** PEM of the CA that signed the server certificate. */
    caPem: z.string().optional(),
    insecureSkipTlsVerify: z.boolean().optional(),
    ...Common,
  }),
]);
export type KubeConnection = z.infer<typeof KubeConnectionSchema>;

/** What the environment allows kubeconfigs to do (lib/server/kube/kubeconfig-source.ts). */
export function kubeconfigPolicy(): KubeconfigPolicy {
  return { ...(env.PALISADE_KUBECONFIG_DIR !== undefined ? { dir: env.PALISADE_KUBECONFIG_DIR } : {}), allowExec: env.PALISADE_ALLOW_EXEC_CREDENTIALS };
}

/** The kubeconfig a `kubeconfig` connection names: its content, or a path (exactly one). Throws ValidationError. */
export function kubeconfigSourceOf(conn: { readonly kubeconfig?: string | undefined; readonly path?: string | undefined }): KubeconfigSource {
  if (conn.kubeconfig !== undefined && conn.path !== undefined) throw new ValidationError("give the kubeconfig or its path, not both", [{ path: "connection.path", message: "give the kubeconfig content or a path, not both" }]);
  if (conn.kubeconfig !== undefined) return { kind: "content", text: conn.kubeconfig, field: "connection.kubeconfig" };
  if (conn.path !== undefined) return { kind: "path", path: conn.path, field: "connection.path" };
  throw new ValidationError("the kubeconfig is missing", [{ path: "connection.kubeconfig", message: "Required value: paste or upload the kubeconfig" }]);
}

/** Parses a cluster's config. Throws ValidationError with field paths. */
export function parseKubeConnection(config: unknown): KubeConnection {
  const parsed = KubeConnectionSchema.safeParse(config);
  if (!parsed.success) throw new ValidationError("invalid Kubernetes connection settings", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  return parsed.data;
}

/** The loaded KubeConfig and the API server URL. Throws ValidationError (bad settings or http without permission). */
export function loadKubeConfig(conn: KubeConnection): { readonly kc: KubeConfig; readonly server: URL } {
  let kc = new KubeConfig();
  switch (conn.source) {
    case "kubeconfig": {
      kc = loadCheckedKubeconfig(kubeconfigSourceOf(conn), kubeconfigPolicy());
      if (conn.context !== undefined) {
        if (!kc.getContexts().some((c) => c.name === conn.context)) throw new ValidationError("no such context in the kubeconfig", [{ path: "connection.context", message: `the kubeconfig has no context "${conn.context}"` }]);
        kc.setCurrentContext(conn.context);
      }
      break;
    }
    case "inCluster":
      kc.loadFromCluster();
      break;
    case "token":
      kc.loadFromClusterAndUser(
        { name: "palisade", server: conn.server, skipTLSVerify: conn.insecureSkipTlsVerify === true, ...(conn.caPem !== undefined ? { caData: Buffer.from(conn.caPem).toString("base64") } : {}) },
        { name: "palisade", token: conn.token },
      );
      break;
    default: {
      const never: never = conn;
      return never;
    }
  }
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new ValidationError("the kubeconfig has no current cluster", [{ path: "context", message: "no cluster for the current context" }]);
  const server = new URL(cluster.server);
  if (server.protocol !== "https:") {
    if (server.protocol !== "http:" || conn.allowInsecureHttp !== true) {
      throw new ValidationError("the API server URL must use https", [{ path: "server", message: "must be https (set allowInsecureHttp for a local http cluster)" }]);
    }
    // client-node only builds a plain-http agent for a cluster marked skipTLSVerify.
    const user = kc.getCurrentUser();
    if (user !== null) kc.loadFromClusterAndUser({ ...cluster, skipTLSVerify: true }, user);
  }
  return { kc, server };
}
