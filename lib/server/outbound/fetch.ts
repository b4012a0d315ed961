import "server-only";
/**
 * The one way Palisade fetches a URL a user configured (threat feeds, alert webhooks).
 *
 *  - The host is resolved first and every resolved address is checked against the address
 *    policy (lib/outbound): link-local / metadata never, loopback and private only when
 *    PALISADE_OUTBOUND_ALLOW names them. The socket then connects to the address that was
 *    checked (a custom `lookup` hands it to the HTTP agent), so a DNS answer that changes between
 *    the check and the connect (DNS rebinding) cannot redirect the request.
 *  - Redirects are followed by hand (at most 5), each new URL checked the same way.
 *  - The body is read up to a size limit (16 MiB by default) and the whole exchange has a
 *    deadline (30 s by default).
 *  - Errors are OutboundError with a code; a connection that fails says "could not connect",
 *    never whether it was refused, reset or filtered, so the fetcher cannot be used to map
 *    which ports are open on an allowed host.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import type { AllowList } from "@/lib/outbound/address-policy";
import { checkAddress, checkHostName, normaliseHost, parseAllowList } from "@/lib/outbound/address-policy";

export type OutboundErrorCode = "bad-url" | "refused" | "dns" | "connect" | "timeout" | "too-large" | "too-many-redirects" | "http-status";

/** A fetch that did not produce a response body; `message` is safe to show the user. */
export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    /** The HTTP status, for `http-status`. */
    readonly status?: number,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

export interface OutboundRequest {
  readonly url: string;
  readonly method?: "GET" | "POST";
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Bytes of response body accepted (default 16 MiB). */
  readonly maxBytes?: number;
  /** Deadline for the whole exchange, redirects included (default 30 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The allow list; PALISADE_OUTBOUND_ALLOW by default. */
  readonly allow?: AllowList;
}

export interface OutboundResponse {
  readonly status: number;
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;

/** PALISADE_OUTBOUND_ALLOW, read on each call so an operator's change needs no code path of its own. */
export function allowListFromEnv(): AllowList {
  const parsed = parseAllowList(process.env.PALISADE_OUTBOUND_ALLOW);
  if (!parsed.ok) throw new OutboundError("refused", parsed.error);
  return parsed.value;
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundError("bad-url", `"${text}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundError("bad-url", `only http and https URLs are fetched, not ${url.protocol}`);
  if (url.username !== "" || url.password !== "") throw new OutboundError("bad-url", "URLs with credentials in them are not fetched; use a header");
  return url;
}

/** Resolves the host and checks every address; returns the one to connect to. */
async function resolveChecked(url: URL, allow: AllowList): Promise<{ address: string; family: 4 | 6 }> {
  const host = normaliseHost(url.hostname);
  const named = checkHostName(host);
  if (named !== undefined) throw new OutboundError("refused", named.message);
  const literal = isIP(host);
  let addresses: { address: string; family: number }[];
  if (literal !== 0) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await dnsLookup(host, { all: true, verbatim: true });
    } catch {
      throw new OutboundError("dns", `host "${host}" could not be resolved`);
    }
  }
  if (addresses.length === 0) throw new OutboundError("dns", `host "${host}" could not be resolved`);
  // Every address must pass: a name answering one public and one private address is refused,
  // otherwise the connect could land on either.
  for (const a of addresses) {
    const refusal = checkAddress(host, a.address, allow);
    if (refusal !== undefined) throw new OutboundError("refused", `refused to fetch ${url.protocol}//${url.host}: ${refusal.message}`);
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

interface OneResponse {
  readonly status: number;
  readonly location: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

function requestOnce(url: URL, target: { address: string; family: 4 | 6 }, req: OutboundRequest, signal: AbortSignal, maxBytes: number): Promise<OneResponse> {
  // The agent's lookup answers the checked address, whatever the name resolves to now.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (typeof options === "object" && options !== null && "all" in options && options.all === true) {
      (callback as (e: NodeJS.ErrnoException | null, addresses: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    } else callback(null, target.address, target.family);
  };
  const lib = url.protocol === "https:" ? https : http;
  return new Promise<OneResponse>((resolve, reject) => {
    const r = lib.request(
      url,
      {
        method: req.method ?? "GET",
        headers: { "user-agent": "palisade", ...req.headers, ...(req.body !== undefined ? { "content-length": String(Buffer.byteLength(req.body)) } : {}) },
        lookup,
        signal,
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = typeof res.headers.location === "string" ? res.headers.location : undefined;
        const contentType = res.headers["content-type"];
        if (status >= 300 && status < 400 && location !== undefined) {
          res.resume();
          resolve({ status, location, contentType, body: "" });
          return;
        }
        const declared = Number(res.headers["content-length"] ?? "NaN");
        if (Number.isFinite(declared) && declared > maxBytes) {
          res.destroy();
          reject(new OutboundError("too-large", `response is larger than ${maxBytes} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            reject(new OutboundError("too-large", `response is larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => resolve({ status, location: undefined, contentType, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", () =>
          reject(signal.aborted ? new OutboundError("timeout", `no answer from ${url.host} in time`) : new OutboundError("connect", `the connection to ${url.host} broke while reading the response`)),
        );
      },
    );
    r.on("error", () => {
      if (signal.aborted) reject(new OutboundError("timeout", `no answer from ${url.host} in time`));
      else reject(new OutboundError("connect", `could not connect to ${url.protocol}//${url.host}`));
    });
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/**
 * Fetches `req.url` under the address policy. Resolves with any final HTTP status (the caller
 * decides what a 4xx/5xx means); throws OutboundError for everything else.
 */
export async function outboundFetch(req: OutboundRequest): Promise<OutboundResponse> {
  const allow = req.allow ?? allowListFromEnv();
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = req.signal !== undefined ? AbortSignal.any([timeout, req.signal]) : timeout;
  let url = parseUrl(req.url);
  let current: OutboundRequest = req;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (signal.aborted) throw new OutboundError("timeout", `no answer from ${url.host} in time`);
    const target = await resolveChecked(url, allow);
    const res = await requestOnce(url, target, current, signal, maxBytes);
    if (res.location === undefined) return { status: res.status, url: url.toString(), contentType: res.contentType, body: res.body };
    let next: URL;
    try {
      next = new URL(res.location, url);
    } catch {
      throw new OutboundError("bad-url", `${url.host} redirected to an invalid URL`);
    }
    const crossOrigin = next.origin !== url.origin;
    url = parseUrl(next.toString());
    // Headers may carry credentials for the first host (an API key): never hand them to another.
    if (crossOrigin) {
      const { headers: _dropped, ...rest } = current;
      current = rest;
    }
    // 303 (and 301/302 after a POST, as browsers do) turn into a GET without a body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && current.method === "POST")) {
      const { body: _body, ...rest } = current;
      current = { ...rest, method: "GET" };
    }
  }
  throw new OutboundError("too-many-redirects", `more than ${MAX_REDIRECTS} redirects`);
}
