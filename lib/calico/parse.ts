/**
 * Text → raw documents. Accepts multi-document YAML, JSON, a JSON/YAML list of resources, and
 * Kubernetes list kinds (`kind: List` or `kind: <X>List` with `items`), flattening them into one
 * document per resource with the line it starts on. Pure; never throws.
 */
import { Composer, LineCounter, Parser, isMap, isSeq } from "yaml";
import type { Document, Node } from "yaml";
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

/** Most aliases one document may expand (YAML "billion laughs" guard; the yaml package's default is also 100). */
export const MAX_YAML_ALIASES = 100;

/**
 * Deepest nesting of sequences and maps accepted. Deeper input would blow the stack of the
 * recursive YAML composer and of every later tree walk; no Kubernetes object comes close.
 */
export const MAX_NESTING_DEPTH = 64;

function syntaxError(line: number, message: string): RawDocument {
  return { index: -1, line, value: undefined, errors: [{ path: "", message }] };
}

/**
 * The deepest bracket nesting of flow collections (`[`/`{`) in a text, skipping quoted strings;
 * stops counting once `limit` is passed. Linear; never throws.
 */
export function flowNestingDepth(text: string, limit = MAX_NESTING_DEPTH): number {
  let depth = 0;
  let max = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return max;
}

/**
 * Splits text into raw documents lazily, one resource at a time, so a caller can stop early
 * (a document cap) or yield to the event loop between slices. YAML syntax errors, alias bombs
 * and too-deep nesting become document errors with line and column. Never throws.
 */
export function* iterateRawDocuments(text: string): Generator<RawDocument, void, undefined> {
  if (flowNestingDepth(text) > MAX_NESTING_DEPTH) {
    yield { ...syntaxError(1, `the text nests lists or maps deeper than ${MAX_NESTING_DEPTH} levels`), index: 0 };
    return;
  }
  const counter = new LineCounter();
  const parser = new Parser(counter.addNewLine);
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  let index = 0;
  const numbered = (d: RawDocument): RawDocument => ({ ...d, index: index++ });
  let docs: Iterator<Document.Parsed>;
  try {
    docs = composer.compose(parser.parse(text))[Symbol.iterator]();
  } catch (e) {
    yield numbered(syntaxError(1, `the text cannot be parsed: ${messageOf(e)}`));
    return;
  }
  for (;;) {
    let step: IteratorResult<Document.Parsed>;
    try {
      step = docs.next();
    } catch (e) {
      // The composer recurses per nesting level; a RangeError here is nesting the depth scan
      // above could not see (block indentation). Report it instead of failing the request.
      yield numbered(syntaxError(1, `the text cannot be parsed: ${messageOf(e)}`));
      return;
    }
    if (step.done === true) return;
    yield* documentsOf(step.value, counter, numbered);
  }
}

function messageOf(e: unknown): string {
  return e instanceof RangeError ? "it nests too deeply" : e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
}

function* documentsOf(doc: Document.Parsed, counter: LineCounter, numbered: (d: RawDocument) => RawDocument): Generator<RawDocument, void, undefined> {
  const docLine = lineOf(doc.contents, counter, doc.range[0] === 0 ? 1 : counter.linePos(doc.range[0]).line);
  if (doc.errors.length > 0) {
    yield numbered({
      index: -1,
      line: docLine,
      value: undefined,
      errors: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? counter.linePos(e.pos[0]);
        return { path: "", message: `YAML syntax error at line ${pos.line}, column ${pos.col}: ${e.message.split("\n")[0] ?? e.message}` };
      }),
    });
    return;
  }
  if (doc.contents === null) return; // an empty document (e.g. a trailing `---`)
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    // toJS throws a ReferenceError for excessive alias expansion, a RangeError for deep nesting.
    const why = e instanceof ReferenceError ? `aliases expand more than ${MAX_YAML_ALIASES} times (alias bomb?)` : messageOf(e);
    yield numbered(syntaxError(docLine, `YAML document at line ${docLine} cannot be decoded: ${why}`));
    return;
  }
  if (value === null || value === undefined) return;
  const contents = doc.contents;
  if (Array.isArray(value) && isSeq(contents)) {
    for (const [i, v] of value.entries()) yield numbered({ index: -1, line: lineOf(contents.items[i], counter, docLine), value: v, errors: [] });
  } else if (isListKind(value) && isMap(contents)) {
    const itemsNode = contents.get("items", true);
    for (const [i, v] of value.items.entries()) yield numbered({ index: -1, line: lineOf(isSeq(itemsNode) ? itemsNode.items[i] : undefined, counter, docLine), value: v, errors: [] });
  } else {
    yield numbered({ index: -1, line: docLine, value, errors: [] });
  }
}

/** Splits text into raw documents; YAML syntax errors become document errors with line and column. Never throws. */
export function parseRawDocuments(text: string): RawDocument[] {
  return Array.from(iterateRawDocuments(text));
}
