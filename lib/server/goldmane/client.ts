import "server-only";
/**
 * A gRPC client of Goldmane's `goldmane.Flows` service over mTLS (@grpc/grpc-js, with the
 * messages of proto/goldmane.proto). `list` is one page; `stream` yields FlowResults until the
 * signal aborts or the connection fails (the error is thrown to the caller, which reconnects).
 * Decoded messages are checked by lib/goldmane/wire.ts before anything else sees them.
 *
 * The channel is opened under the cluster address policy (lib/server/outbound/dial.ts): the
 * address's host is resolved and every answer checked (link-local and metadata never; loopback
 * and private allowed, as Goldmane is a cluster-internal service), then gRPC dials the checked IP
 * literal while TLS verifies Goldmane's certificate against the host name (or `serverName`), so
 * gRPC's own resolver never sees the name. Call failures that are about reaching Goldmane
 * (unavailable, deadline) become one generic message; the detail is logged.
 */
import path from "node:path";
import { isIP } from "node:net";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { GoldmaneFlowList, GoldmaneFlowResult } from "@/lib/goldmane/wire";
import { flowListResultSchema, flowResultSchema } from "@/lib/goldmane/wire";
import type { GoldmaneConfig } from "@/lib/server/goldmane/config";
import { loadGoldmaneMaterial } from "@/lib/server/goldmane/config";
import type { KubeconfigPolicy } from "@/lib/server/kube/kubeconfig-source";
import { kubeconfigPolicy } from "@/lib/server/kube/kube-config";
import type { Resolver } from "@/lib/server/outbound/dial";
import { connectFailure, resolveClusterHost, systemResolver } from "@/lib/server/outbound/dial";
import { log, toErrorFields } from "@/lib/server/log";

/** Fields of a Flows.List request (times: 0 oldest/now, > 0 UNIX seconds, < 0 relative). */
export interface FlowListRequest {
  readonly start_time_gte: number;
  readonly start_time_lt: number;
  readonly page: number;
  readonly page_size: number;
  readonly aggregation_interval: number;
}

export interface FlowStreamRequest {
  /** UNIX seconds (> 0): Goldmane replays what it holds from here, then streams. */
  readonly start_time_gte: number;
  readonly aggregation_interval: number;
}

export interface GoldmaneClient {
  list(request: FlowListRequest): Promise<GoldmaneFlowList>;
  stream(request: FlowStreamRequest, signal: AbortSignal): AsyncIterable<GoldmaneFlowResult>;
  close(): void;
}

/** Loader options shared by the client and the test server: field names as written, enums by name. */
export const PROTO_OPTIONS: protoLoader.Options = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

const LIST_DEADLINE_MS = 30_000;

let loaded: grpc.GrpcObject | undefined;

/** The loaded `goldmane` package of proto/goldmane.proto (read once from the repository root). */
export function loadGoldmanePackage(): grpc.GrpcObject {
  if (loaded === undefined) {
    const definition = protoLoader.loadSync(path.join(process.cwd(), "proto", "goldmane.proto"), PROTO_OPTIONS);
    const root = grpc.loadPackageDefinition(definition);
    const pkg = root["goldmane"];
    // loadPackageDefinition nests packages as GrpcObjects; `goldmane` is the proto's package.
    if (pkg === undefined || typeof pkg !== "object") throw new Error("proto/goldmane.proto has no goldmane package");
    loaded = pkg as grpc.GrpcObject;
  }
  return loaded;
}

/** The Flows service constructor of the loaded package. */
export function flowsServiceClient(): grpc.ServiceClientConstructor {
  const ctor = loadGoldmanePackage()["Flows"];
  // The proto declares service Flows, which the loader turns into a ServiceClientConstructor.
  if (typeof ctor !== "function") throw new Error("proto/goldmane.proto has no Flows service");
  return ctor as grpc.ServiceClientConstructor;
}

interface FlowsStub extends grpc.Client {
  List(req: FlowListRequest, options: grpc.CallOptions, cb: (e: grpc.ServiceError | null, res?: unknown) => void): grpc.ClientUnaryCall;
  Stream(req: FlowStreamRequest): grpc.ClientReadableStream<unknown>;
}

export interface ConnectGoldmaneOptions {
  /** Where certificate files may be (PALISADE_KUBECONFIG_DIR by default). */
  readonly policy?: KubeconfigPolicy;
  /** Resolves the address's host (the system resolver by default; tests inject one). */
  readonly resolver?: Resolver;
  /** Deadline of one List call (default 30 s). */
  readonly listDeadlineMs?: number;
}

const GOLDMANE = "Goldmane";

/** `host` and `port` of a `host:port` address (`[v6]:port` too). */
export function splitAddress(address: string): { readonly host: string; readonly port: string } {
  const at = address.lastIndexOf(":");
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ""), port: address.slice(at + 1) };
}

/**
 * The error of a failed call: reaching Goldmane (UNAVAILABLE, DEADLINE_EXCEEDED: refused,
 * silent, TLS) is one generic message, detail logged; another status is named without
 * Goldmane's details.
 */
function callFailure(e: grpc.ServiceError, address: string): Error {
  if (e.code === grpc.status.UNAVAILABLE || e.code === grpc.status.DEADLINE_EXCEEDED) return connectFailure(e, GOLDMANE, address);
  log.warn("goldmane call failed", { address, error: toErrorFields(e) });
  return new Error(`Goldmane at ${address} answered ${grpc.status[e.code] ?? String(e.code)}`);
}

function isServiceError(e: unknown): e is grpc.ServiceError {
  return e instanceof Error && "code" in e && typeof e.code === "number";
}

/**
 * Opens a channel to Goldmane: the mTLS material is loaded (config.ts; ValidationError when a
 * file is refused) and the address checked and resolved (ClusterAddressRefusedError,
 * ClusterUnavailableError) before anything is dialled.
 */
export async function connectGoldmane(config: GoldmaneConfig, options: ConnectGoldmaneOptions = {}): Promise<GoldmaneClient> {
  const material = loadGoldmaneMaterial(config, options.policy ?? kubeconfigPolicy());
  const { host, port } = splitAddress(config.address);
  const target = await resolveClusterHost(host, GOLDMANE, options.resolver ?? systemResolver);
  const credentials = grpc.credentials.createSsl(material.ca, material.key, material.cert);
  const Ctor = flowsServiceClient();
  // The certificate is checked against the configured name, not the dialled IP.
  const checkName = config.serverName ?? (isIP(host) === 0 ? host : undefined);
  const channelOptions: grpc.ChannelOptions = {
    // Detect a silently dead peer on the long-lived stream.
    "grpc.keepalive_time_ms": 30_000,
    "grpc.keepalive_timeout_ms": 10_000,
    ...(checkName !== undefined ? { "grpc.ssl_target_name_override": checkName, "grpc.default_authority": checkName } : {}),
  };
  const dialled = target.family === 6 ? `[${target.address}]:${port}` : `${target.address}:${port}`;
  // The constructor builds the stub of service Flows: List and Stream exist as declared.
  const stub = new Ctor(dialled, credentials, channelOptions) as unknown as FlowsStub;
  return {
    list: (request) =>
      new Promise((resolve, reject) => {
        stub.List(request, { deadline: Date.now() + (options.listDeadlineMs ?? LIST_DEADLINE_MS) }, (e, res) => {
          if (e !== null) return reject(callFailure(e, config.address));
          const parsed = flowListResultSchema.safeParse(res);
          if (!parsed.success) return reject(new Error(`Goldmane answered List with an unexpected message: ${parsed.error.issues[0]?.message ?? ""}`));
          resolve(parsed.data);
        });
      }),
    stream: (request, signal) => streamResults(stub.Stream(request), signal, config.address),
    close: () => stub.close(),
  };
}

async function* streamResults(call: grpc.ClientReadableStream<unknown>, signal: AbortSignal, address: string): AsyncGenerator<GoldmaneFlowResult> {
  const onAbort = (): void => call.cancel();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const message of call) {
      const parsed = flowResultSchema.safeParse(message);
      // A result that does not fit the schema is skipped rather than ending the stream.
      if (parsed.success) yield parsed.data;
    }
  } catch (e) {
    if (signal.aborted) return;
    throw isServiceError(e) ? callFailure(e, address) : e;
  } finally {
    signal.removeEventListener("abort", onAbort);
    call.cancel();
  }
}
