/**
 * Opaque `continue` tokens for paged lists: the resourceVersion the first page was served at
 * and the last key returned (namespace, name). Later pages are served from that snapshot, like
 * the Kubernetes apiserver, and fail with 410 Gone once it is compacted. Pure.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

export interface ContinuePosition {
  /** The list's resourceVersion (decimal). */
  readonly resourceVersion: string;
  /** The last returned object's namespace ("" for cluster-scoped). */
  readonly namespace: string;
  readonly name: string;
}

function toBase64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(token: string): string {
  const binary = atob(token.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}

/** Encodes a position as an opaque URL-safe token. */
export function encodeContinue(pos: ContinuePosition): string {
  return toBase64Url(JSON.stringify({ v: 1, rv: pos.resourceVersion, ns: pos.namespace, n: pos.name }));
}

/** Decodes a token; an error message when it was not made by `encodeContinue`. */
export function parseContinue(token: string): Result<ContinuePosition, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(fromBase64Url(token));
  } catch {
    return err("continue key is not valid");
  }
  if (typeof raw !== "object" || raw === null) return err("continue key is not valid");
  // A non-null object from JSON.parse; every field is type-checked below.
  const { v, rv, ns, n } = raw as Record<string, unknown>;
  if (v !== 1 || typeof rv !== "string" || !/^\d+$/.test(rv) || typeof ns !== "string" || typeof n !== "string") {
    return err("continue key is not valid");
  }
  return ok({ resourceVersion: rv, namespace: ns, name: n });
}
