/**
 * The Kubernetes backend against a misbehaving server whose watch answers 200 and closes at
 * once, every time: reconnects back off (capped exponential with jitter) instead of spinning.
 * Everything else is proxied to the /k8s test server.
 */
import { setTimeout as sleep } from "node:timers/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backoffDelay } from "@/lib/k8s-api/backoff";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import { WATCH_RECONNECT } from "@/lib/server/kube/backend";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
let upstream: K8sTestServer;
let proxy: http.Server;
let proxyUrl = "";
let token = "";
let watchRequests = 0;

beforeAll(async () => {
  const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
  const routes = await import("@/app/k8s/[[...path]]/route");
  token = await issueAdminToken("backoff");
  const tls = makeSelfSignedCert();
  if (tls === undefined) throw new Error("openssl is needed for the TLS test server");
  upstream = await startK8sTestServer(routes, tls);
  const base = new URL(upstream.url);
  proxy = http.createServer((req, res) => {
    if ((req.url ?? "").includes("watch=true")) {
      watchRequests++;
      res.writeHead(200, { "content-type": "application/json" }).end();
      return;
    }
    const out = https.request(
      { host: base.hostname, port: base.port, path: `${base.pathname}${req.url ?? ""}`, method: req.method, headers: { ...req.headers, host: base.host }, rejectUnauthorized: false },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  await upstream?.close();
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("watch reconnects", () => {
  it("back off when the server keeps closing the watch at once", async () => {
    const { KubernetesBackend } = await import("@/lib/server/kube/backend");
    const { loadKubeConfig, parseKubeConnection } = await import("@/lib/server/kube/kube-config");
    const { KubeTransport } = await import("@/lib/server/kube/kube-transport");
    const { kc, server } = loadKubeConfig(parseKubeConnection({ source: "token", server: proxyUrl, token, allowInsecureHttp: true }));
    const backend = await KubernetesBackend.connect("flaky", new KubeTransport(kc, server));
    const abort = new AbortController();
    const it = backend.watch("Tier", { resourceVersion: "1", signal: abort.signal })[Symbol.asyncIterator]();
    const pending = it.next();
    await sleep(2_000);
    abort.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    // Without back-off this loop makes thousands of requests in 2 s; with it, a handful.
    expect(watchRequests).toBeGreaterThanOrEqual(2);
    expect(watchRequests).toBeLessThan(15);
  });

  it("delays grow to the cap with full jitter", () => {
    expect(backoffDelay(0, WATCH_RECONNECT, () => 0.999)).toBeLessThanOrEqual(WATCH_RECONNECT.baseMs);
    expect(backoffDelay(30, WATCH_RECONNECT, () => 0.999)).toBe(Math.floor(WATCH_RECONNECT.capMs * 0.999));
    expect(backoffDelay(30, WATCH_RECONNECT, () => 0)).toBe(0);
  });
});
