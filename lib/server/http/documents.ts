import "server-only";
import type { ClusterObject } from "@/lib/cluster/backend";
import type { RawDocument } from "@/lib/calico";
import { iterateRawDocuments, validateResource } from "@/lib/calico";
import { CORE_KINDS, isClusterKind, isNamespacedKind } from "@/lib/cluster/kinds";
import { validateClusterObject } from "@/lib/cluster/validate-object";
import type { FieldError } from "@/lib/errors";
import { PayloadTooLargeError } from "@/lib/errors";
import { DocumentSyntaxError } from "@/lib/server/http/apply-error";
import { findNulPath } from "@/lib/server/http/body";
import { EventLoopSlicer } from "@/lib/server/http/slices";

/** One document of a request body, validated into a backend object (or not, with errors). */
export interface ParsedDocument {
  readonly index: number;
  readonly line: number;
  /** The wire kind as written. */
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly object?: ClusterObject;
  /** The document as written (an apply may merge it onto the live object even when it is not valid alone). */
  readonly raw: unknown;
  readonly errors: readonly FieldError[];
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined; // object checked
}

/** `value` with `metadata.namespace` set to `namespace` when it is a namespaced kind without one. */
function withNamespace(value: unknown, namespace: string): unknown {
  const kind = field(value, "kind");
  const meta = field(value, "metadata");
  if (!isClusterKind(kind) || !isNamespacedKind(kind) || typeof meta !== "object" || meta === null || Array.isArray(meta)) return value;
  const ns = field(meta, "namespace");
  if (ns !== undefined && ns !== "") return value;
  return { ...(value as Record<string, unknown>), metadata: { ...meta, namespace } }; // kind and metadata read from it: an object
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** How a body is split: the most documents accepted, and how long one slice of work may run. */
export interface ParseDocumentsOptions {
  /** More documents than this answers 413 as soon as the next one is seen (the rest is not parsed). */
  readonly maxDocuments: number;
  /** Milliseconds of parsing and validation between two yields to the event loop (default 10). */
  readonly sliceMs?: number;
  /**
   * The namespace a namespaced document without `metadata.namespace` takes (kubectl's context
   * namespace; Apply YAML uses `default`). Left out, such a document keeps no namespace and the
   * caller supplies it (a REST write takes the URL's).
   */
  readonly defaultNamespace?: string;
}

/**
 * Splits a YAML/JSON body into documents and validates each: Calico and Kubernetes policy kinds
 * through lib/calico (`validateResource`), the core kinds (v1 Namespace, Pod, Service,
 * ServiceAccount) through lib/cluster (`validateClusterObject`, the apiserver's rules). The work
 * runs in slices of `sliceMs` with a yield to the event loop between them, so a body of
 * thousands of documents does not stall other requests. Throws PayloadTooLargeError (413) past
 * `maxDocuments`, and DocumentSyntaxError (400) when any document is not well-formed YAML
 * (alias bombs and too-deep nesting included): such a body is unparseable rather than invalid.
 */
export async function parseDocuments(text: string, options: ParseDocumentsOptions): Promise<ParsedDocument[]> {
  const slicer = new EventLoopSlicer(options.sliceMs);
  const broken: RawDocument[] = [];
  const parsed: ParsedDocument[] = [];
  for (const raw of iterateRawDocuments(text)) {
    if (raw.index >= options.maxDocuments) {
      throw new PayloadTooLargeError(`the body holds more than ${options.maxDocuments} documents: split it into several requests`);
    }
    if (raw.errors.length > 0) broken.push(raw);
    else if (broken.length === 0) parsed.push(toParsedDocument(options.defaultNamespace !== undefined ? { ...raw, value: withNamespace(raw.value, options.defaultNamespace) } : raw));
    if (slicer.due()) await slicer.yield();
  }
  if (broken.length > 0) {
    throw new DocumentSyntaxError(
      `the body is not valid YAML or JSON: ${broken[0]?.errors[0]?.message ?? "syntax error"}`,
      broken.map((r) => ({ index: r.index, line: r.line, errors: r.errors })),
    );
  }
  return parsed;
}

function toParsedDocument(raw: RawDocument): ParsedDocument {
  const meta = field(raw.value, "metadata");
  const report = {
    index: raw.index,
    line: raw.line,
    raw: raw.value,
    ...optional("kind", str(field(raw.value, "kind"))),
    ...optional("name", str(field(meta, "name"))),
    ...optional("namespace", str(field(meta, "namespace"))),
  };
  const nul = findNulPath(raw.value);
  if (nul !== undefined) return { ...report, errors: [{ path: nul, message: "must not contain NUL (U+0000) characters" }] };
  const kind = field(raw.value, "kind");
  if ((CORE_KINDS as readonly unknown[]).includes(kind)) {
    const apiVersion = field(raw.value, "apiVersion");
    if (apiVersion !== "v1" && apiVersion !== undefined) {
      return { ...report, errors: [{ path: "apiVersion", message: `unsupported apiVersion "${String(apiVersion)}" for ${String(kind)} (only v1)` }] };
    }
    // The stored model form has no apiVersion (lib/cluster/backend.ts CoreObject).
    const { apiVersion: _v, ...model } = raw.value as Record<string, unknown>; // kind was read from it, so it is an object
    const core = validateClusterObject(model);
    return core.object === undefined ? { ...report, errors: core.errors } : { ...report, object: core.object, errors: [] };
  }
  const result = validateResource(raw.value);
  return result.resource === undefined ? { ...report, errors: result.errors } : { ...report, object: result.resource, errors: [] };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>); // computed key of type K
}
