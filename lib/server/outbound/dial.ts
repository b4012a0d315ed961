import "server-only";
/**
 * Dialling cluster connections (Kubernetes API servers, Goldmane) under the cluster address
 * policy of lib/outbound (`checkClusterAddress`): the host name is checked (metadata host names
 * never), then resolved, and every address it resolves to is checked (link-local,
 * unspecified, multicast and broadcast never; loopback and private are allowed, since kind and
 * minikube API servers live on 127.0.0.1). The connection is then made to the address that was
 * checked — through a `lookup` handed to node:http(s), or as an IP literal for gRPC — so a DNS
 * answer that changes between the check and the connect cannot redirect it.
 *
 * Failures to connect are reported by `connectFailure`: one generic message whatever the socket
 * said (refused, reset, timed out, TLS handshake or certificate failure), so a cluster entry
 * cannot be used to map which ports are open on the console's host or network. The detail goes
 * to the server log only.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { checkClusterAddress, checkHostName, normaliseHost } from "@/lib/outbound/address-policy";
import { ClusterUnavailableError } from "@/lib/errors";
import { log, toErrorFields } from "@/lib/server/log";

/** One resolved address. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to its addresses (the system resolver by default; tests inject one). */
export type Resolver = (host: string) => Promise<readonly { readonly address: string; readonly family: number }[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/** A cluster address refused by the policy; the message names the host and the address only. */
export class ClusterAddressRefusedError extends ClusterUnavailableError {
  constructor(
    message: string,
    /** `link-local`, `blocked-host` or `not-allowed` (lib/outbound Refusal reason). */
    readonly reason: string,
  ) {
    super(message);
    this.name = "ClusterAddressRefusedError";
  }
}

/**
 * Checks a host that Palisade does not resolve itself (a proxy resolves it): a literal address
 * goes through the policy, a name only through the metadata host check. Throws
 * ClusterAddressRefusedError.
 */
export function checkClusterHostName(host: string, what: string): void {
  const name = normaliseHost(host);
  const byName = checkHostName(name);
  if (byName !== undefined) throw new ClusterAddressRefusedError(`refused to connect to ${what} at ${name}: host "${name}" is a cloud metadata endpoint and is never connected to`, byName.reason);
  if (isIP(name) === 0) return;
  const refusal = checkClusterAddress(name, name);
  if (refusal !== undefined) throw new ClusterAddressRefusedError(`refused to connect to ${what} at ${name}: ${refusal.message}`, refusal.reason);
}

/**
 * The address to dial for `host`: the literal itself, or the first address it resolves to, after
 * every resolved address passed the cluster address policy (a name that answers one allowed and
 * one link-local address is refused: the connect could land on either). Throws
 * ClusterAddressRefusedError (policy) or ClusterUnavailableError (the name does not resolve).
 * `what` names the peer in messages ("the Kubernetes API server", "Goldmane").
 */
export async function resolveClusterHost(host: string, what: string, resolver: Resolver = systemResolver): Promise<ResolvedAddress> {
  const name = normaliseHost(host);
  const literal = isIP(name);
  let addresses: readonly { readonly address: string; readonly family: number }[];
  checkClusterHostName(name, what);
  if (literal !== 0) addresses = [{ address: name, family: literal }];
  else {
    try {
      addresses = await resolver(name);
    } catch (e) {
      log.warn("cluster connection: name does not resolve", { host: name, error: toErrorFields(e) });
      throw new ClusterUnavailableError(`cannot connect to ${what} at ${name}: the name does not resolve`);
    }
  }
  if (addresses.length === 0) throw new ClusterUnavailableError(`cannot connect to ${what} at ${name}: the name does not resolve`);
  for (const a of addresses) {
    const refusal = checkClusterAddress(name, a.address);
    if (refusal !== undefined) throw new ClusterAddressRefusedError(`refused to connect to ${what} at ${name}: ${refusal.message}`, refusal.reason);
  }
  const first = addresses[0]!; // length checked above
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/**
 * A `lookup` for node:net/tls/http options that answers `target` whatever name it is asked for:
 * the socket connects to the checked address while TLS still verifies the certificate against
 * the host name of the URL.
 */
export function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    // Node asks with `all: true` when it may race families (autoSelectFamily); it wants a list then.
    if (typeof options === "object" && options !== null && "all" in options && options.all === true) {
      (callback as (e: NodeJS.ErrnoException | null, addresses: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    } else callback(null, target.address, target.family);
  };
}

/**
 * The error to throw when a connection to a cluster peer failed: one message for every socket
 * failure (refused, reset, timeout, TLS), so that the answer does not tell which ports are open;
 * the socket's own error is logged with `context`. Errors already safe to show (a policy refusal)
 * are passed through.
 */
export function connectFailure(error: unknown, what: string, hostPort: string, context: Readonly<Record<string, unknown>> = {}): ClusterUnavailableError {
  if (error instanceof ClusterUnavailableError) return error;
  log.warn("cluster connection failed", { peer: what, host: hostPort, ...context, error: toErrorFields(error) });
  return new ClusterUnavailableError(`cannot connect to ${what} at ${hostPort} (the connection was refused, timed out or failed the TLS handshake; the server log has the detail)`);
}
