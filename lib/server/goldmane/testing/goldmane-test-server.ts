import "server-only";
/**
 * A stand-in Goldmane for tests: the `goldmane.Flows` service of proto/goldmane.proto on
 * 127.0.0.1 with mTLS (client certificates required), serving a list of flows held in memory.
 * List pages them (start time filter, 15-second windows as stored); Stream replays those from
 * its start time, then sends flows pushed with `publish`. Certificates come from the openssl CLI
 * (`makeMtlsFiles`). Used only by *.test.ts files.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { flowsServiceClient } from "@/lib/server/goldmane/client";

/** A flow message as the loader encodes it (snake_case fields, enum names). */
export type FlowMessage = Record<string, unknown> & { readonly start_time: number };

export interface MtlsFiles {
  readonly dir: string;
  readonly caPath: string;
  readonly serverCertPath: string;
  readonly serverKeyPath: string;
  readonly clientCertPath: string;
  readonly clientKeyPath: string;
  cleanup(): void;
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, in a temp folder (needs openssl). */
export function makeMtlsFiles(): MtlsFiles {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-mtls-"));
  const f = (n: string) => path.join(dir, n);
  const run = (args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f("ca.key"), "-out", f("ca.crt"), "-days", "1", "-subj", "/CN=test-ca"]);
  const leaf = (name: string, cn: string, ext: string) => {
    run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", f(`${name}.key`), "-out", f(`${name}.csr`), "-subj", `/CN=${cn}`]);
    execFileSync("sh", ["-c", `printf '%s\\n' "${ext}" > ${f(`${name}.ext`)}`]);
    run(["x509", "-req", "-in", f(`${name}.csr`), "-CA", f("ca.crt"), "-CAkey", f("ca.key"), "-CAcreateserial", "-out", f(`${name}.crt`), "-days", "1", "-extfile", f(`${name}.ext`)]);
  };
  leaf("server", "goldmane", "subjectAltName=IP:127.0.0.1,DNS:goldmane.calico-system.svc");
  leaf("client", "palisade", "extendedKeyUsage=clientAuth");
  return {
    dir,
    caPath: f("ca.crt"),
    serverCertPath: f("server.crt"),
    serverKeyPath: f("server.key"),
    clientCertPath: f("client.crt"),
    clientKeyPath: f("client.key"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface GoldmaneTestServer {
  readonly port: number;
  /** Flows.List calls received, with their requests. */
  readonly listRequests: Record<string, unknown>[];
  readonly streamRequests: Record<string, unknown>[];
  /** Adds a flow to the store and sends it to every open stream. */
  publish(flow: FlowMessage): void;
  /** Stops at once, breaking open streams (as a crashed Goldmane would). */
  kill(): Promise<void>;
}

/** Starts the server on `port` (0: a free one) holding `flows`. */
export async function startGoldmaneTestServer(files: MtlsFiles, flows: FlowMessage[], port = 0): Promise<GoldmaneTestServer> {
  const server = new grpc.Server();
  const streams = new Set<grpc.ServerWritableStream<Record<string, unknown>, unknown>>();
  const listRequests: Record<string, unknown>[] = [];
  const streamRequests: Record<string, unknown>[] = [];
  const id = (f: FlowMessage): number => flows.indexOf(f) + 1;
  server.addService(flowsServiceClient().service, {
    List: (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const req = call.request;
      listRequests.push(req);
      const gte = Number(req["start_time_gte"] ?? 0);
      const lt = Number(req["start_time_lt"] ?? 0);
      const size = Number(req["page_size"] ?? 0) || flows.length || 1;
      const page = Number(req["page"] ?? 0);
      const matching = flows.filter((f) => (gte <= 0 || f.start_time >= gte) && (lt <= 0 || f.start_time < lt));
      cb(null, {
        meta: { totalPages: Math.ceil(matching.length / size), totalResults: matching.length },
        flows: matching.slice(page * size, (page + 1) * size).map((f) => ({ id: id(f), flow: f })),
      });
    },
    Stream: (call: grpc.ServerWritableStream<Record<string, unknown>, unknown>) => {
      streamRequests.push(call.request);
      const gte = Number(call.request["start_time_gte"] ?? 0);
      for (const f of flows) if (f.start_time >= gte) call.write({ id: id(f), flow: f });
      streams.add(call);
      call.on("cancelled", () => streams.delete(call));
    },
  });
  const credentials = grpc.ServerCredentials.createSsl(readFileSync(files.caPath), [{ private_key: readFileSync(files.serverKeyPath), cert_chain: readFileSync(files.serverCertPath) }], true);
  const bound = await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, credentials, (e, p) => (e ? reject(e) : resolve(p))));
  return {
    port: bound,
    listRequests,
    streamRequests,
    publish: (f) => {
      flows.push(f);
      for (const s of streams) s.write({ id: id(f), flow: f });
    },
    kill: async () => {
      server.forceShutdown();
      streams.clear();
    },
  };
}
