/**
 * `JSON.parse` of a large API answer without one long main-thread task. The service graph's
 * answer at 10,000 nodes / 50,000 edges is ~14 MB of JSON, and one `JSON.parse` of it (inside
 * `Response.json()`) was a single 60–110 ms task on this project's 2-core machine. Here a
 * top-level object's long array values are parsed a run of elements at a time, yielding to the
 * event loop between time slices; everything else is parsed as usual.
 *
 * How: one scan over the text (itself in slices) finds, for each array that is a value of the
 * top-level object, where its elements start and end, tracking strings (with escapes) and
 * nesting — the only structure needed to cut valid JSON between elements. The object is then
 * parsed with those arrays emptied, and each array from runs of its elements wrapped in `[ ]`.
 * The result equals `JSON.parse(text)` (same values, same key order). Text that is not valid
 * JSON throws a `SyntaxError`, as `JSON.parse` does (the message may differ). Answers shorter
 * than `SLICED_JSON_MIN_CHARS`, and any whose top level is not an object, are one `JSON.parse`.
 */
import { nextTask } from "@/lib/next-task";

/** Below this length (UTF-16 units) the text is one `JSON.parse`: slicing would gain nothing. */
export const SLICED_JSON_MIN_CHARS = 1_000_000;
/** A slice ends once it has run this long (ms); then the event loop runs. */
export const JSON_SLICE_BUDGET_MS = 8;
/** Characters scanned between looks at the clock. */
const SCAN_STEP = 200_000;
/** Elements parsed between looks at the clock. */
const PARSE_STEP = 200;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** A top-level array value: where its brackets are, and each element's [start, end) in the text. */
interface ArraySpan {
  readonly open: number;
  close: number;
  readonly starts: number[];
  readonly ends: number[];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let j = text.indexOf('"', open + 1);
  while (j > 0) {
    let k = j - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    // An even run of backslashes before it: the quote is not escaped.
    if ((j - 1 - k) % 2 === 0) return j;
    j = text.indexOf('"', j + 1);
  }
  return -1;
}

/** Scans the whole text in slices; the top-level object's array values, or undefined when the text is not a top-level object. */
async function scanTopLevelArrays(text: string, yieldFn: () => Promise<void>, budgetMs: number): Promise<ArraySpan[] | undefined> {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  const arrays: ArraySpan[] = [];
  let current: ArraySpan | undefined;
  let depth = 0;
  /** Inside `current`, at element level: the start of the element being read (-1 between elements). */
  let elementStart = -1;
  /** Inside `current`: a comma was read and no element after it yet (`[1,]` is not JSON). */
  let afterComma = false;
  let lastNonSpace = -1;
  let sliceStart = performance.now();
  const n = text.length;
  for (let stop = Math.min(n, i + SCAN_STEP); ; stop = Math.min(n, stop + SCAN_STEP)) {
    for (; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) continue;
      if (current !== undefined && depth === 2 && elementStart < 0 && c !== CLOSE_BRACKET && c !== COMMA) elementStart = i;
      if (c === QUOTE) {
        // A string is skipped whole: to the next quote not escaped (most of an answer's text).
        i = closingQuote(text, i);
        if (i < 0) throw new SyntaxError("JSON: a string without its closing quote");
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
        if (depth === 2 && c === OPEN_BRACKET) {
          current = { open: i, close: -1, starts: [], ends: [] };
          elementStart = -1;
          afterComma = false;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (current !== undefined && depth === 2) {
          if (afterComma && elementStart < 0) throw new SyntaxError("JSON: a comma before the end of an array");
          if (elementStart >= 0) {
            current.starts.push(elementStart);
            current.ends.push(lastNonSpace + 1);
          }
          current.close = i;
          arrays.push(current);
          current = undefined;
        }
        depth--;
      } else if (c === COMMA && current !== undefined && depth === 2) {
        // An empty element (`[1,,2]`) is not JSON: the parse of the object below refuses it.
        current.starts.push(elementStart < 0 ? i : elementStart);
        current.ends.push(elementStart < 0 ? i : lastNonSpace + 1);
        elementStart = -1;
        afterComma = true;
      }
      lastNonSpace = i;
    }
    if (i >= n) break;
    if (performance.now() - sliceStart >= budgetMs) {
      await yieldFn();
      sliceStart = performance.now();
    }
  }
  return arrays;
}

/**
 * `JSON.parse(text)`, with a large top-level object's array values parsed in time slices (see
 * the module comment). `yieldFn` is the pause between slices (tests count it).
 */
export async function parseJsonInSlices(
  text: string,
  yieldFn: () => Promise<void> = nextTask,
  budgetMs: number = JSON_SLICE_BUDGET_MS,
  minChars: number = SLICED_JSON_MIN_CHARS,
): Promise<unknown> {
  if (text.length < minChars) return JSON.parse(text);
  const arrays = await scanTopLevelArrays(text, yieldFn, budgetMs);
  if (arrays === undefined || arrays.length === 0) return JSON.parse(text);
  // The object with its array values emptied: checks the whole text's syntax outside the
  // elements (an unclosed array or string leaves none found, and the text goes to JSON.parse).
  let head = "";
  let from = 0;
  for (const a of arrays) {
    head += `${text.slice(from, a.open + 1)}]`;
    from = a.close + 1;
  }
  head += text.slice(from);
  const top = JSON.parse(head) as Record<string, unknown>;
  // The arrays in text order are the object's array values in key order (JSON.parse keeps the
  // last of duplicate keys; so do the assignments below, made in the same order).
  const arrayKeys = arrayKeysInTextOrder(head, arrays.length);
  if (arrayKeys === undefined || arrayKeys.includes("__proto__")) return JSON.parse(text);
  let sliceStart = performance.now();
  for (let a = 0; a < arrays.length; a++) {
    const span = arrays[a];
    const key = arrayKeys[a];
    // A later duplicate key that is not an array wins, as in JSON.parse.
    if (span === undefined || key === undefined || !Array.isArray(top[key])) continue;
    const values: unknown[] = [];
    for (let e = 0; e < span.starts.length; ) {
      const end = Math.min(span.starts.length, e + PARSE_STEP);
      const chunk = JSON.parse(`[${text.slice(span.starts[e] ?? 0, span.ends[end - 1] ?? 0)}]`) as unknown[];
      if (chunk.length !== end - e) throw new SyntaxError("JSON: an array element is not one value");
      for (const v of chunk) values.push(v);
      e = end;
      if (e < span.starts.length && performance.now() - sliceStart >= budgetMs) {
        await yieldFn();
        sliceStart = performance.now();
      }
    }
    top[key] = values;
  }
  return top;
}

/** The keys of the emptied arrays in `head`, in text order (each `"key": []` at depth 1), or undefined if they cannot be read. */
function arrayKeysInTextOrder(head: string, count: number): string[] | undefined {
  const keys: string[] = [];
  let depth = 0;
  let inString = false;
  let stringStart = -1;
  let lastKey: string | undefined;
  for (let i = 0; i < head.length && keys.length < count; i++) {
    const c = head.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inString = false;
        if (depth === 1) lastKey = JSON.parse(head.slice(stringStart, i + 1)) as string;
      }
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      stringStart = i;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth === 2 && c === OPEN_BRACKET) {
        if (lastKey === undefined) return undefined;
        keys.push(lastKey);
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === COMMA && depth === 1) lastKey = undefined;
  }
  return keys.length === count ? keys : undefined;
}
