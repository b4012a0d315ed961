/**
 * Contracts of the "Add a Kubernetes cluster" API (/api/v1/kube-clusters) and of a cluster's
 * health (/api/v1/clusters/{id}/health). Connection settings are accepted here and stored on the
 * server; no response ever carries them back (tokens, CA, file paths of keys).
 */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import { ClusterSummarySchema } from "@/lib/contracts/clusters";

const common = {
  /** Allow an http:// API server: for a local cluster only (the token travels in clear text). */
  allowInsecureHttp: z.boolean().optional(),
};

/** How the console reaches the API server (the server re-validates with the same rules). */
export const KubeConnectionInputSchema = lazySchema(() => z.discriminatedUnion("source", [
  z.object({
    source: z.literal("kubeconfig"),
    /** The kubeconfig's content (pasted or uploaded); the server stores it sealed. */
    kubeconfig: z.string().min(1, "Required value").max(1024 * 1024, "must be at most 1 MiB").optional(),
    /** Or the path of a kubeconfig file under the server's PALISADE_KUBECONFIG_DIR. */
    path: z.string().trim().min(1, "Required value").optional(),
    context: z.string().trim().min(1).optional(),
    ...common,
  }),
  z.object({ source: z.literal("inCluster"), ...common }),
  z.object({
    source: z.literal("token"),
    server: z.string().trim().url("must be a URL such as https://10.0.0.1:6443"),
    token: z.string().trim().min(1, "Required value"),
    caPem: z
      .string()
      .trim()
      .refine((s) => s === "" || s.includes("-----BEGIN CERTIFICATE-----"), "must be a PEM certificate")
      .optional()
      .transform((s) => (s === "" ? undefined : s)),
    ...common,
  }),
]));
export type KubeConnectionInput = z.input<typeof KubeConnectionInputSchema>;

const pemOrPath = (what: string) => z.string().trim().min(1, `Required value: ${what}`).optional();

/**
 * Goldmane (Calico OSS 3.30+) to copy flows from: its address and the mTLS material. Each of the
 * CA, the client certificate and the client key is PEM content (`caPem`…; the key is stored
 * sealed) or the path of a file under the server's PALISADE_KUBECONFIG_DIR (`caPath`…), exactly
 * one of the two. The server checks the files (inside the folder, symlinks resolved, PEM).
 */
export const GoldmaneInputSchema = lazySchema(() => z
  .object({
    address: z.string().trim().regex(/^[^\s/]+:\d{1,5}$/, "must be host:port"),
    caPem: pemOrPath("the CA certificate (PEM)"),
    caPath: pemOrPath("a file under PALISADE_KUBECONFIG_DIR"),
    certPem: pemOrPath("the client certificate (PEM)"),
    certPath: pemOrPath("a file under PALISADE_KUBECONFIG_DIR"),
    keyPem: pemOrPath("the client key (PEM)"),
    keyPath: pemOrPath("a file under PALISADE_KUBECONFIG_DIR"),
    serverName: z.string().trim().min(1).optional(),
  })
  .superRefine((g, ctx) => {
    for (const [pem, file] of [["caPem", "caPath"], ["certPem", "certPath"], ["keyPem", "keyPath"]] as const) {
      if (g[pem] !== undefined && g[file] !== undefined) ctx.addIssue({ code: "custom", path: [file], message: `give ${pem} or ${file}, not both` });
      if (g[pem] === undefined && g[file] === undefined) ctx.addIssue({ code: "custom", path: [pem], message: `Required value: the PEM, or ${file} under PALISADE_KUBECONFIG_DIR` });
    }
  }));
export type GoldmaneInput = z.input<typeof GoldmaneInputSchema>;

/** POST /api/v1/kube-clusters/test */
export const TestKubeConnectionRequestSchema = lazySchema(() => z.object({ connection: KubeConnectionInputSchema }));
export type TestKubeConnectionRequest = z.input<typeof TestKubeConnectionRequestSchema>;

/** POST /api/v1/kube-clusters: tested first; nothing is saved when the test fails. */
export const AddKubeClusterRequestSchema = lazySchema(() => z.object({
  name: z.string().trim().min(1, "Required value").max(100),
  id: z.string().trim().min(1).max(63).optional(),
  connection: KubeConnectionInputSchema,
  goldmane: GoldmaneInputSchema.optional(),
}));
export type AddKubeClusterRequest = z.input<typeof AddKubeClusterRequestSchema>;

export const CALICO_APIS = ["projectcalico.org/v3", "crd.projectcalico.org/v1", "none"] as const;

/** What discovery found: which Calico API is served and whether Palisade can write. */
export const KubeDiscoverySchema = lazySchema(() => z.object({
  /** Host (and port) of the API server; never credentials. */
  server: z.string(),
  calicoApi: z.enum(CALICO_APIS),
  readOnly: z.boolean(),
  readOnlyReason: z.string().optional(),
  /** The API server's gitVersion, when it tells. */
  version: z.string().optional(),
}));
export type KubeDiscovery = z.infer<typeof KubeDiscoverySchema>;

export const AddKubeClusterResponseSchema = lazySchema(() => z.object({ cluster: ClusterSummarySchema, discovery: KubeDiscoverySchema }));
export type AddKubeClusterResponse = z.infer<typeof AddKubeClusterResponseSchema>;

/** GET /api/v1/kube-clusters/contexts?path= : the contexts of a kubeconfig file under PALISADE_KUBECONFIG_DIR. */
export const KubeContextsQuerySchema = lazySchema(() => z.object({ path: z.string().trim().min(1, "Required value") }));
/** POST /api/v1/kube-clusters/contexts: the contexts of a pasted kubeconfig (or of a path). */
export const KubeContextsRequestSchema = lazySchema(() => z.object({
  kubeconfig: z.string().min(1, "Required value").max(1024 * 1024, "must be at most 1 MiB").optional(),
  path: z.string().trim().min(1, "Required value").optional(),
}));
export type KubeContextsRequest = z.input<typeof KubeContextsRequestSchema>;
export const KubeContextSchema = lazySchema(() => z.object({ name: z.string(), cluster: z.string(), server: z.string(), namespace: z.string().optional() }));
export const KubeContextListSchema = lazySchema(() => z.object({ current: z.string().optional(), contexts: z.array(KubeContextSchema) }));
export type KubeContextList = z.infer<typeof KubeContextListSchema>;

/** GET /api/v1/clusters/{id}/health */
export const ClusterHealthSchema = lazySchema(() => z.object({
  state: z.enum(["ok", "stale", "unavailable"]),
  since: z.string(),
  reason: z.string().optional(),
}));
export type ClusterHealthView = z.infer<typeof ClusterHealthSchema>;

/** URL builders of these routes. */
export const kubeClusterPaths = {
  add: (): string => "/api/v1/kube-clusters",
  test: (): string => "/api/v1/kube-clusters/test",
  contexts: (path?: string): string => (path === undefined ? "/api/v1/kube-clusters/contexts" : `/api/v1/kube-clusters/contexts?path=${encodeURIComponent(path)}`),
  health: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/health`,
};
