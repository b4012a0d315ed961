import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
/**
 * HTTP to one Kubernetes API server through node:http(s) with the TLS material and auth header
 * client-node derives from the KubeConfig. Redirects are never followed (node:http does not);
 * 429 and 5xx are retried with capped exponential back-off and jitter (lib/k8s-api/backoff.ts):
 * reads, and updates/deletes (guarded by resourceVersion) on any retryable status, creates only
 * on 429 (a 5xx create may have happened). Credentials never reach a log line.
 *
 * Every connection goes through the cluster address policy (lib/server/outbound/dial.ts): the
 * server's host is resolved and checked (link-local and metadata addresses never; loopback and
 * private are allowed, as kind and minikube serve on 127.0.0.1), and the socket dials the checked
 * address. A connection that fails — refused, timed out before the response headers, TLS — is
 * one generic ClusterUnavailableError, the detail only in the server log.
 */
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import type { BackoffPolicy } from "@/lib/k8s-api/backoff";
import { DEFAULT_BACKOFF, backoffDelay, isRetryableStatus, parseRetryAfter } from "@/lib/k8s-api/backoff";
import type { Resolver } from "@/lib/server/outbound/dial";
import { checkClusterHostName, connectFailure, pinnedLookup, resolveClusterHost, systemResolver } from "@/lib/server/outbound/dial";

export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface KubeRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path below the server URL (`/apis/projectcalico.org/v3/tiers`). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface TransportOptions {
  readonly backoff?: BackoffPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Resolves the server's host name (the system resolver by default; tests inject one). */
  readonly resolver?: Resolver;
  /** Milliseconds from opening a request to its response headers (default 30 s). */
  readonly responseTimeoutMs?: number;
}

const API_SERVER = "the Kubernetes API server";

const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;

function buildPath(base: URL, req: Pick<KubeRequest, "path" | "query">): string {
  const prefix = base.pathname.replace(/\/$/, "");
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) qs.set(k, v);
  const q = qs.toString();
  return `${prefix}${req.path}${q ? `?${q}` : ""}`;
}

export class KubeTransport {
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly resolver: Resolver;
  private readonly responseTimeoutMs: number;

  constructor(
    private readonly kc: KubeConfig,
    private readonly server: URL,
    options: TransportOptions = {},
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.sleep = options.sleep ?? ((ms) => sleep(ms));
    this.resolver = options.resolver ?? systemResolver;
    this.responseTimeoutMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  }

  /** One request with retries; answers any status (the caller maps Status errors). */
  async request(req: KubeRequest): Promise<KubeResponse> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.open(req);
      const text = await readAll(res.stream);
      const retryable = isRetryableStatus(res.status) && (req.method !== "POST" || res.status === 429);
      if (retryable && attempt < this.backoff.maxRetries) {
        await this.sleep(backoffDelay(attempt, this.backoff, Math.random, parseRetryAfter(res.headers["retry-after"]?.toString(), Date.now())));
        continue;
      }
      let body: unknown = undefined;
      try {
        body = text === "" ? undefined : (JSON.parse(text) as unknown);
      } catch {
        body = { kind: "Status", code: res.status, message: text.slice(0, 300) };
      }
      return { status: res.status, body };
    }
  }

  /** A streaming GET (watch): the status and the response stream. */
  async stream(req: Omit<KubeRequest, "method" | "body">, signal: AbortSignal): Promise<{ status: number; stream: http.IncomingMessage }> {
    return this.open({ ...req, method: "GET" }, signal);
  }

  private async open(req: KubeRequest, signal?: AbortSignal): Promise<{ status: number; headers: http.IncomingHttpHeaders; stream: http.IncomingMessage }> {
    // Resolved and checked on every request: a name whose answer changes is checked again.
    // Through a kubeconfig `proxy-url`, client-node's proxy agent dials the proxy and the proxy
    // resolves the API server's name: the proxy's host is resolved and checked instead, and the
    // API server's host is checked only when it is a literal address or a metadata name.
    const proxyUrl = this.kc.getCurrentCluster()?.proxyUrl;
    const target = proxyUrl === undefined ? await resolveClusterHost(this.server.hostname, API_SERVER, this.resolver) : undefined;
    if (proxyUrl !== undefined) {
      checkClusterHostName(this.server.hostname, API_SERVER);
      await resolveClusterHost(new URL(proxyUrl).hostname, "the proxy of the Kubernetes API server", this.resolver);
    }
    const options: https.RequestOptions = {
      method: req.method,
      hostname: this.server.hostname,
      port: this.server.port || (this.server.protocol === "https:" ? 443 : 80),
      path: buildPath(this.server, req),
      headers: { accept: "application/json" },
    };
    await this.kc.applyToHTTPSOptions(options);
    // After applyToHTTPSOptions, which may set an agent of its own: the socket must dial the checked address.
    if (target !== undefined) options.lookup = pinnedLookup(target);
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (payload !== undefined) options.headers = { ...options.headers, "content-type": req.contentType ?? "application/json", "content-length": Buffer.byteLength(payload) };
    const lib = this.server.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const r = lib.request({ ...options, ...(signal !== undefined ? { signal } : {}) }, (res) => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, stream: res });
      });
      timer = setTimeout(() => r.destroy(new Error(`no response within ${this.responseTimeoutMs} ms`)), this.responseTimeoutMs);
      // The same message for every failure (see the module comment); the options hold the bearer
      // token, so only the host, the method and the path reach the log.
      r.on("error", (e) => {
        clearTimeout(timer);
        reject(signal?.aborted === true ? e : connectFailure(e, API_SERVER, this.server.host, { method: req.method, path: req.path }));
      });
      if (payload !== undefined) r.write(payload);
      r.end();
    });
  }
}

async function readAll(stream: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer); // IncomingMessage yields Buffers
  return Buffer.concat(chunks).toString("utf8");
}
