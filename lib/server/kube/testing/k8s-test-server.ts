import "server-only";
/**
 * A real HTTP server for tests of the /k8s API: node:http on a free 127.0.0.1 port, adapting
 * each request to the Next route handler exports of app/k8s/[[...path]]/route.ts (as `next
 * start` would call them), with streamed bodies for watches and an aborted request signal when
 * the client goes away. Used only by *.test.ts files.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ensureAdminUser } from "@/lib/server/auth/admin";
import { getPrisma } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { issueApiToken } from "@/lib/server/kube/api-tokens";

type RouteHandler = (req: Request, ctx: { params: Promise<{ path?: string[] }> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", RouteHandler>>;

export interface K8sTestServer {
  /** `https://127.0.0.1:PORT/k8s` (or http without TLS) */
  readonly url: string;
  /** The server certificate (PEM) when serving TLS. */
  readonly caPem?: string;
  close(): Promise<void>;
}

const MOUNT = "/k8s";

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer); // node:http yields Buffers without setEncoding
  return Buffer.concat(chunks);
}

export interface TlsPair {
  readonly key: string;
  readonly cert: string;
}

/**
 * A throwaway self-signed certificate for 127.0.0.1, made with the openssl CLI; undefined when
 * openssl is not installed. kubectl sends bearer tokens only over TLS, hence the need.
 */
export function makeSelfSignedCert(): TlsPair | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-tls-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    return { key: readFileSync(path.join(dir, "key.pem"), "utf8"), cert: readFileSync(path.join(dir, "cert.pem"), "utf8") };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the server; `routes` is the imported route module; with `tls`, over https. */
export async function startK8sTestServer(routes: RouteModule, tls?: TlsPair): Promise<K8sTestServer> {
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    void (async () => {
      const abort = new AbortController();
      res.on("close", () => abort.abort());
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const method = (req.method ?? "GET").toUpperCase();
      const handler = url.pathname === MOUNT || url.pathname.startsWith(`${MOUNT}/`) ? routes[method as keyof RouteModule] : undefined; // unknown methods find nothing
      if (handler === undefined) {
        res.writeHead(404).end();
        return;
      }
      const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(url, { method, headers, ...(body !== undefined ? { body: new Uint8Array(body) } : {}), signal: abort.signal });
      const segments = url.pathname.slice(MOUNT.length).split("/").filter((s) => s !== "").map(decodeURIComponent);
      const response = await handler(request, { params: Promise.resolve(segments.length > 0 ? { path: segments } : {}) });
      const outHeaders: Record<string, string> = {};
      response.headers.forEach((v, k) => (outHeaders[k] = v));
      res.writeHead(response.status, outHeaders);
      if (response.body === null) {
        res.end();
        return;
      }
      const reader = response.body.getReader();
      res.on("close", () => void reader.cancel().catch(() => undefined));
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
      }
      res.end();
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  };
  const server = tls === undefined ? http.createServer(listener) : https.createServer({ key: tls.key, cert: tls.cert }, listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo; // listening on TCP, so an AddressInfo
  return {
    url: `${tls === undefined ? "http" : "https"}://127.0.0.1:${port}${MOUNT}`,
    ...(tls !== undefined ? { caPem: tls.cert } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A token acting as the bootstrapped admin user (role admin). */
export async function issueAdminToken(name = "test"): Promise<string> {
  await ensureAdminUser();
  const prisma = await getPrisma();
  const admin = await prisma.user.findUnique({ where: { username: env.PALISADE_ADMIN_USERNAME } });
  if (admin === null) throw new Error("admin user missing");
  return (await issueApiToken(name, admin.id)).token;
}
