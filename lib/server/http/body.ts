import "server-only";
/**
 * Reading request bodies with limits, in one place for every route (withRoute, the /k8s API):
 *  - the Content-Type must be one the endpoint reads (415 otherwise);
 *  - a declared Content-Length over the limit is refused before a byte is read, and the stream
 *    is counted as it arrives so a body without (or lying about) its length is cut off at the
 *    limit instead of being buffered whole (413);
 *  - the bytes must be UTF-8 (400 otherwise: a U+FFFD replacement would silently change names);
 *  - JSON is parsed only after a linear scan proved its nesting is bounded (400), because
 *    JSON.parse and every later tree walk recurse per level.
 */
import { flowNestingDepth, MAX_NESTING_DEPTH } from "@/lib/calico";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "@/lib/errors";
import { EventLoopSlicer } from "@/lib/server/http/slices";

/** What an endpoint reads: JSON only, or text (YAML, JSON, JSON lines). */
export type BodyFormat = "json" | "text";

/** Media types read as JSON (plus any `+json` suffix type, RFC 6839). */
const JSON_TYPES = new Set(["application/json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"]);

/**
 * Media types read as text. `application/x-www-form-urlencoded` is here on purpose: it is what
 * `curl --data-binary @file` sends unless told otherwise, and the docs show that command for
 * flow logs and Apply. Cross-site forms cannot use it against us: withRoute refuses cookie
 * writes from other origins first.
 */
const TEXT_TYPES = new Set([
  ...JSON_TYPES,
  "application/yaml",
  "application/x-yaml",
  "text/yaml",
  "text/x-yaml",
  "text/plain",
  "application/x-ndjson",
  "application/jsonl",
  "application/json-seq",
  "application/x-www-form-urlencoded",
]);

/** The media type of a request without parameters, lower case; undefined when absent. */
export function mediaTypeOf(req: Request): string | undefined {
  const header = req.headers.get("content-type");
  if (header === null || header.trim() === "") return undefined;
  return (header.split(";")[0] ?? "").trim().toLowerCase();
}

/**
 * Refuses a Content-Type the endpoint does not read, and any charset but UTF-8. A missing
 * Content-Type is accepted (many shippers send none). Throws UnsupportedMediaTypeError.
 */
export function checkContentType(req: Request, format: BodyFormat): void {
  const header = req.headers.get("content-type");
  const type = mediaTypeOf(req);
  if (header === null || type === undefined) return;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new UnsupportedMediaTypeError(`charset ${charset} is not supported: send UTF-8`);
  }
  const ok = format === "json" ? JSON_TYPES.has(type) || type.endsWith("+json") : TEXT_TYPES.has(type) || type.endsWith("+json") || type.endsWith("+yaml");
  if (!ok) {
    const expected = format === "json" ? "application/json" : "application/yaml, application/json or text/plain";
    throw new UnsupportedMediaTypeError(`Content-Type ${type} is not supported here: send ${expected}`);
  }
}

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`the request body is larger than ${maxBytes} bytes: send a smaller body (or split it into several requests)`);
}

/**
 * Reads a body as UTF-8 text of at most `maxBytes` bytes. Throws PayloadTooLargeError (declared
 * or counted size over the limit; the rest of the stream is cancelled, not read) and
 * BadRequestError (a malformed Content-Length, bytes that are not UTF-8).
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const chunks = await readBodyChunks(req, maxBytes);
  // Decoded in pieces of at most 1 MiB with yields between slices: a 30 MB body decoded at once
  // holds the event loop for about 100 ms.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const slicer = new EventLoopSlicer();
  const parts: string[] = [];
  try {
    for (const chunk of chunks) {
      for (let at = 0; at < chunk.byteLength; at += DECODE_PIECE_BYTES) {
        parts.push(decoder.decode(chunk.subarray(at, Math.min(chunk.byteLength, at + DECODE_PIECE_BYTES)), { stream: true }));
        if (slicer.due()) await slicer.yield();
      }
    }
    parts.push(decoder.decode());
  } catch {
    throw new BadRequestError("the request body is not valid UTF-8");
  }
  return parts.join("");
}

const DECODE_PIECE_BYTES = 1024 * 1024;

/**
 * Reads a body as bytes, at most `maxBytes` of them (binary bodies: kubectl's protobuf). Throws
 * PayloadTooLargeError and BadRequestError as readBodyText does.
 */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  const chunks = await readBodyChunks(req, maxBytes);
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes;
}

/** The body's chunks as they arrived, at most `maxBytes` in all (see readBodyText for the errors). */
async function readBodyChunks(req: Request, maxBytes: number): Promise<Uint8Array[]> {
  const declared = req.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) throw new BadRequestError("the Content-Length header is not a number");
    if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
  }
  if (req.body === null) return [];
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return chunks;
}

/**
 * Parses JSON text after checking its nesting depth (at most `maxDepth` levels of arrays and
 * objects). Throws BadRequestError naming the reason; never a RangeError.
 */
export function parseJsonText(text: string, maxDepth: number = MAX_NESTING_DEPTH): unknown {
  if (flowNestingDepth(text, maxDepth) > maxDepth) throw new BadRequestError(`the JSON body nests arrays or objects deeper than ${maxDepth} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new BadRequestError(`the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Reads and checks a body in one call: Content-Type, size, UTF-8. Throws what the steps throw. */
export async function readCheckedBody(req: Request, format: BodyFormat, maxBytes: number): Promise<string> {
  checkContentType(req, format);
  return readBodyText(req, maxBytes);
}

/**
 * The path (`spec.ingress.0.action`, `` for the root) of the first string or key holding U+0000
 * in a decoded value, or undefined. PostgreSQL text and jsonb cannot store that character, so
 * such input is a field error, not a database failure. Walks iteratively; never throws.
 */
export function findNulPath(value: unknown): string | undefined {
  const stack: { readonly v: unknown; readonly path: string }[] = [{ v: value, path: "" }];
  const join = (base: string, key: string): string => (base === "" ? key : `${base}.${key}`);
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: string }; // length checked by the loop
    if (typeof v === "string") {
      if (v.includes("\u0000")) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item: unknown, i) => stack.push({ v: item, path: join(path, String(i)) }));
    } else if (typeof v === "object" && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes("\u0000")) return join(path, k.replaceAll("\u0000", "\\0"));
        stack.push({ v: item, path: join(path, k) });
      }
    }
  }
  return undefined;
}
