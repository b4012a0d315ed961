/**
 * Text → raw documents. Accepts multi-document YAML, JSON, a JSON/YAML list of resources, and
 * Kubernetes list kinds (`kind: List` or `kind: <X>List` with `items`), flattening them into one
 * document per resource with the line it starts on. Pure; never throws.
 */
import { LineCounter, isMap, isSeq, parseAllDocuments } from "yaml";
import type { Node } from "yaml";
import type { FieldError } from "@/lib/errors";

/** One resource-sized piece of the input, not yet validated. */
export interface RawDocument {
  /** 0-based position among all resources in the text, after lists are expanded. */
  readonly index: number;
  /** 1-based line where the resource starts. */
  readonly line: number;
  /** The decoded value (undefined when the YAML could not be parsed). */
  readonly value: unknown;
  /** YAML syntax errors, each naming line and column. */
  readonly errors: readonly FieldError[];
}

function isListKind(value: unknown): value is { readonly kind: string; readonly items: readonly unknown[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>; // safe: checked to be a non-array object above
  return typeof v["kind"] === "string" && v["kind"].endsWith("List") && Array.isArray(v["items"]);
}

function lineOf(node: unknown, counter: LineCounter, fallback: number): number {
  const range = (node as Node | undefined)?.range; // safe: yaml nodes carry a range; plain values give undefined
  return range === undefined || range === null ? fallback : counter.linePos(range[0]).line;
}

/** Splits text into raw documents; YAML syntax errors become document errors with line and column. */
export function parseRawDocuments(text: string): RawDocument[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const out: RawDocument[] = [];
  const push = (line: number, value: unknown, errors: readonly FieldError[]): void => {
    out.push({ index: out.length, line, value, errors });
  };
  for (const doc of Array.isArray(docs) ? docs : []) {
    const docLine = lineOf(doc.contents, counter, doc.range[0] === 0 ? 1 : counter.linePos(doc.range[0]).line);
    if (doc.errors.length > 0) {
      push(
        docLine,
        undefined,
        doc.errors.map((e) => {
          const pos = e.linePos?.[0] ?? counter.linePos(e.pos[0]);
          return { path: "", message: `YAML syntax error at line ${pos.line}, column ${pos.col}: ${e.message.split("\n")[0] ?? e.message}` };
        }),
      );
      continue;
    }
    if (doc.contents === null) continue; // an empty document (e.g. a trailing `---`)
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const contents = doc.contents;
    if (Array.isArray(value) && isSeq(contents)) {
      value.forEach((v, i) => push(lineOf(contents.items[i], counter, docLine), v, []));
    } else if (isListKind(value) && isMap(contents)) {
      const itemsNode = contents.get("items", true);
      value.items.forEach((v, i) => push(lineOf(isSeq(itemsNode) ? itemsNode.items[i] : undefined, counter, docLine), v, []));
    } else {
      push(docLine, value, []);
    }
  }
  return out;
}
