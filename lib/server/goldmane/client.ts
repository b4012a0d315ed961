import "server-only";
/**
 * A gRPC client of Goldmane's `goldmane.Flows` service over mTLS (@grpc/grpc-js, with the
 * messages of proto/goldmane.proto). `list` is one page; `stream` yields FlowResults until the
 * signal aborts or the connection fails (the error is thrown to the caller, which reconnects).
 * Decoded messages are checked by lib/goldmane/wire.ts before anything else sees them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { GoldmaneFlowList, GoldmaneFlowResult } from "@/lib/goldmane/wire";
import { flowListResultSchema, flowResultSchema } from "@/lib/goldmane/wire";
import type { GoldmaneConfig } from "@/lib/server/goldmane/config";

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

/** Opens a channel to Goldmane with the config's mTLS files (read now; throws when unreadable). */
export function connectGoldmane(config: GoldmaneConfig): GoldmaneClient {
  const credentials = grpc.credentials.createSsl(readFileSync(config.caPath), readFileSync(config.keyPath), readFileSync(config.certPath));
  const Ctor = flowsServiceClient();
  const options: grpc.ChannelOptions = {
    // Detect a silently dead peer on the long-lived stream.
    "grpc.keepalive_time_ms": 30_000,
    "grpc.keepalive_timeout_ms": 10_000,
    ...(config.serverName !== undefined ? { "grpc.ssl_target_name_override": config.serverName, "grpc.default_authority": config.serverName } : {}),
  };
  // The constructor builds the stub of service Flows: List and Stream exist as declared.
  const stub = new Ctor(config.address, credentials, options) as unknown as FlowsStub;
  return {
    list: (request) =>
      new Promise((resolve, reject) => {
        stub.List(request, { deadline: Date.now() + LIST_DEADLINE_MS }, (e, res) => {
          if (e !== null) return reject(e);
          const parsed = flowListResultSchema.safeParse(res);
          if (!parsed.success) return reject(new Error(`Goldmane answered List with an unexpected message: ${parsed.error.issues[0]?.message ?? ""}`));
          resolve(parsed.data);
        });
      }),
    stream: (request, signal) => streamResults(stub.Stream(request), signal),
    close: () => stub.close(),
  };
}

async function* streamResults(call: grpc.ClientReadableStream<unknown>, signal: AbortSignal): AsyncGenerator<GoldmaneFlowResult> {
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
    throw e;
  } finally {
    signal.removeEventListener("abort", onAbort);
    call.cancel();
  }
}
