import "server-only";
/**
 * Serving of /k8s/openapi/v2 and /k8s/openapi/v3[/…] with kube-apiserver's caching: documents
 * are built once (they only change with the code), each carries an ETag (the SHA-512 of its
 * JSON, upper-case hex, as upstream) and `If-None-Match` gets 304. The v3 index links every
 * group version with `?hash=`; a request with the current hash is immutable for a year, one
 * with a stale hash is redirected (301) to the current one, as upstream does.
 */
import { createHash } from "node:crypto";
import { buildOpenApiV2, buildOpenApiV3, buildOpenApiV3Index, openApiV3GroupVersions } from "@/lib/k8s-api/openapi";
import { encodeOpenApiV2 } from "@/lib/k8s-api/openapi-proto";

interface Served {
  readonly body: string | Uint8Array<ArrayBuffer>;
  readonly etag: string;
}

const PROTO_V2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
/** The Content-Type kube-apiserver answers protobuf v2 with (a dot where the Accept has "@"). */
const PROTO_V2_RESPONSE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

const hashOf = (data: string | Uint8Array): string => createHash("sha512").update(data).digest("hex").toUpperCase();

let v2Json: Served | undefined;
let v2Proto: Served | undefined;
const v3Docs = new Map<string, Served>();
let v3Index: Served | undefined;

function served(body: string | Uint8Array<ArrayBuffer>): Served {
  return { body, etag: `"${hashOf(body)}"` };
}

function v3Doc(key: string): Served | undefined {
  const cached = v3Docs.get(key);
  if (cached !== undefined) return cached;
  const doc = buildOpenApiV3(key);
  if (doc === undefined) return undefined;
  const s = served(JSON.stringify(doc));
  v3Docs.set(key, s);
  return s;
}

function respond(req: Request, s: Served, contentType: string, cacheControl: string, extra: Record<string, string> = {}): Response {
  const headers = { "content-type": contentType, etag: s.etag, "cache-control": cacheControl, vary: "Accept", ...extra };
  const match = req.headers.get("if-none-match");
  if (match !== null && match.split(",").some((m) => m.trim() === s.etag || m.trim() === "*")) return new Response(null, { status: 304, headers });
  return new Response(s.body, { status: 200, headers });
}

/** /openapi/v2: JSON, or protobuf when the client's Accept asks for it (kubectl does). */
export function serveOpenApiV2(req: Request): Response {
  const accept = req.headers.get("accept") ?? "";
  if (accept.includes(PROTO_V2) || accept.includes(PROTO_V2_RESPONSE)) {
    v2Proto ??= served(encodeOpenApiV2(buildOpenApiV2()));
    return respond(req, v2Proto, PROTO_V2_RESPONSE, "no-cache, private");
  }
  v2Json ??= served(JSON.stringify(buildOpenApiV2()));
  return respond(req, v2Json, "application/json", "no-cache, private");
}

/** /openapi/v3 (the index) and /openapi/v3/{api/v1 | apis/g/v}; undefined when not served (404). */
export function serveOpenApiV3(req: Request, url: URL, path: string): Response | undefined {
  if (path === "") {
    v3Index ??= served(JSON.stringify(buildOpenApiV3Index((key) => (v3Doc(key)?.etag ?? "").replace(/"/g, ""))));
    return respond(req, v3Index, "application/json", "no-cache, private");
  }
  if (!openApiV3GroupVersions().includes(path)) return undefined;
  const doc = v3Doc(path);
  if (doc === undefined) return undefined;
  const current = doc.etag.replace(/"/g, "");
  const asked = url.searchParams.get("hash");
  if (asked !== null && asked !== "" && asked !== current) {
    const location = `${url.pathname}?hash=${current}`;
    return new Response(null, { status: 301, headers: { location, "cache-control": "no-cache, private" } });
  }
  if (asked === current) {
    return respond(req, doc, "application/json", "public, immutable", { expires: new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString() });
  }
  return respond(req, doc, "application/json", "no-cache, private");
}
