/**
 * Connections to a Kubernetes API server go through the cluster address policy: link-local and
 * metadata targets are refused before any socket opens (as literals, by name, and after DNS
 * resolution), loopback stays reachable (kind, minikube), the socket dials the address that was
 * checked, and a refused port, a silent port and a TLS failure all answer the same message.
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { KubeConfig } from "@kubernetes/client-node";
import { ClusterUnavailableError } from "@/lib/errors";
import { loadKubeConfig } from "@/lib/server/kube/kube-config";
import { KubeTransport } from "@/lib/server/kube/kube-transport";
import { makeSelfSignedCert } from "@/lib/server/kube/testing/k8s-test-server";
import type { Resolver } from "@/lib/server/outbound/dial";
import { ClusterAddressRefusedError } from "@/lib/server/outbound/dial";

function transport(server: string, resolver?: Resolver, responseTimeoutMs?: number): KubeTransport {
  const { kc, server: url } = loadKubeConfig({ source: "token", server, token: "secret-token-abc", allowInsecureHttp: true, insecureSkipTlsVerify: false });
  return new KubeTransport(kc, url, { backoff: { baseMs: 1, capMs: 1, maxRetries: 0 }, ...(resolver !== undefined ? { resolver } : {}), ...(responseTimeoutMs !== undefined ? { responseTimeoutMs } : {}) });
}

const fixed =
  (table: Record<string, string[]>): Resolver & { calls: string[] } => {
    const calls: string[] = [];
    const fn = (host: string) => {
      calls.push(host);
      const list = table[host];
      if (list === undefined) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" }));
      return Promise.resolve(list.map((address) => ({ address, family: net.isIP(address) })));
    };
    return Object.assign(fn, { calls });
  };

const listening: { close: () => void }[] = [];
async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  listening.push(server);
  return (server.address() as AddressInfo).port; // listening on TCP: an AddressInfo
}

afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  for (const s of listening) s.close();
});

describe("cluster address policy", () => {
  it.each(["https://169.254.169.254", "https://[fe80::1]:6443", "https://[::ffff:169.254.169.254]", "https://0.0.0.0:6443"])("refuses the literal %s without resolving", async (server) => {
    const resolver = fixed({});
    await expect(transport(server, resolver).request({ method: "GET", path: "/apis" })).rejects.toBeInstanceOf(ClusterAddressRefusedError);
    expect(resolver.calls).toEqual([]);
  });

  it("refuses metadata.google.internal by name, before any lookup", async () => {
    const resolver = fixed({ "metadata.google.internal": ["10.0.0.5"] });
    await expect(transport("https://metadata.google.internal", resolver).request({ method: "GET", path: "/" })).rejects.toMatchObject({ reason: "blocked-host" });
    expect(resolver.calls).toEqual([]);
  });

  it("refuses a name that resolves to a link-local address, or to one among several", async () => {
    const resolver = fixed({ "evil.test": ["169.254.169.254"], "mixed.test": ["127.0.0.1", "fe80::1"] });
    await expect(transport("https://evil.test:6443", resolver).request({ method: "GET", path: "/apis" })).rejects.toMatchObject({ reason: "link-local", message: expect.stringContaining("169.254.169.254") });
    await expect(transport("https://mixed.test:6443", resolver).request({ method: "GET", path: "/apis" })).rejects.toMatchObject({ reason: "link-local" });
  });

  it("reaches a loopback API server, dialling the address it checked", async () => {
    const seen: string[] = [];
    const port = await listen(
      http.createServer((req, res) => {
        seen.push(`${req.headers.host ?? ""} ${req.headers.authorization ?? ""}`);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ kind: "APIGroupList", groups: [] }));
      }),
    );
    // "kind.test" exists only in the injected resolver: reaching the server proves the socket
    // used the checked answer, not a second lookup of its own.
    const resolver = fixed({ "kind.test": ["127.0.0.1"] });
    const res = await transport(`http://kind.test:${port}`, resolver).request({ method: "GET", path: "/apis" });
    expect(res.status).toBe(200);
    expect(seen).toEqual([`kind.test:${port} Bearer secret-token-abc`]);
    expect(resolver.calls).toEqual(["kind.test"]);
  });
});

describe("through a kubeconfig proxy-url", () => {
  const viaProxy = (server: string, proxyUrl: string, resolver: Resolver): KubeTransport => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "c", server, proxyUrl, skipTLSVerify: false }],
      users: [{ name: "u", token: "secret-token-abc" }],
      contexts: [{ name: "x", cluster: "c", user: "u" }],
      currentContext: "x",
    });
    return new KubeTransport(kc, new URL(server), { backoff: { baseMs: 1, capMs: 1, maxRetries: 0 }, resolver });
  };

  it("checks the proxy's address, and the API server's host as far as it can be known here", async () => {
    const resolver = fixed({ "proxy.test": ["169.254.169.254"], "good-proxy.test": ["10.0.0.9"] });
    await expect(viaProxy("https://api.internal:6443", "http://proxy.test:3128", resolver).request({ method: "GET", path: "/apis" })).rejects.toMatchObject({
      reason: "link-local",
      message: expect.stringContaining("the proxy of the Kubernetes API server"),
    });
    await expect(viaProxy("https://169.254.169.254:6443", "http://good-proxy.test:3128", resolver).request({ method: "GET", path: "/apis" })).rejects.toBeInstanceOf(ClusterAddressRefusedError);
    await expect(viaProxy("https://metadata.google.internal", "http://good-proxy.test:3128", resolver).request({ method: "GET", path: "/apis" })).rejects.toMatchObject({ reason: "blocked-host" });
    // The API server's name is resolved by the proxy, not here.
    expect(resolver.calls).toEqual(["proxy.test"]);
  });
});

describe("connection failures", () => {
  let refusedPort = 0;
  let silentPort = 0;
  let tlsPort = 0;

  beforeAll(async () => {
    // A port that was open and is closed now: connections are refused.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    refusedPort = (probe.address() as AddressInfo).port; // TCP listener: AddressInfo
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    // Accepts and never answers (the TLS handshake never starts).
    silentPort = await listen(net.createServer(() => undefined));
    // A TLS server whose self-signed certificate the client does not trust.
    const tls = makeSelfSignedCert();
    if (tls === undefined) throw new Error("openssl is needed for this test");
    tlsPort = await listen(https.createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end("{}")));
  });

  it("answers one generic message for refused, silent and untrusted-TLS ports, and logs the detail", async () => {
    const logged: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    const failures: string[] = [];
    for (const port of [refusedPort, silentPort, tlsPort]) {
      const error = await transport(`https://127.0.0.1:${port}`, undefined, 500)
        .request({ method: "GET", path: "/apis" })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ClusterUnavailableError);
      expect(error).not.toBeInstanceOf(ClusterAddressRefusedError);
      failures.push((error as Error).message.replace(`:${port}`, ":PORT")); // checked above: an Error
    }
    expect(new Set(failures).size).toBe(1);
    expect(failures[0]).toMatch(/^cannot connect to the Kubernetes API server at 127\.0\.0\.1:PORT/);
    for (const word of ["ECONNREFUSED", "certificate", "timeout", "secret-token-abc"]) expect(failures[0]).not.toMatch(new RegExp(word, "i"));
    // The server log keeps what happened (never the token).
    const log = logged.join("");
    expect(log).toContain("ECONNREFUSED");
    expect(log).toMatch(/self[- ]signed/i);
    expect(log).toContain("no response within 500 ms");
    expect(log).not.toContain("secret-token-abc");
  });
});
