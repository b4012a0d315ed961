/**
 * Splitting a shipper's body into the text of its records without parsing the whole body at
 * once: newline-delimited JSON (felix `flows.log`, Fluent Bit `json_lines`) gives one item per
 * non-blank line; a JSON array gives one item per top-level element, found by a linear scan that
 * only tracks strings and bracket depth (each element is then parsed on its own by
 * `parseFlowLogRecord`, which is what checks it is JSON). A lazy generator, so a caller can stop
 * at a record cap and yield to the event loop between items. Pure; never throws.
 */

/** One record's text and its 1-based line (for an array: its position), or a body-level error. */
export type FlowBodyItem = { readonly line: number; readonly text: string } | { readonly line: number; readonly error: string };

const QUOTE = 34;
const BACKSLASH = 92;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function skipSpace(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && isSpace(text.charCodeAt(p))) p++;
  return p;
}

/** The index after the string starting at `pos` (a quote), or -1 when it never ends. */
function stringEnd(text: string, pos: number): number {
  let p = pos + 1;
  for (;;) {
    const q = text.indexOf('"', p);
    if (q < 0) return -1;
    let slashes = 0;
    for (let b = q - 1; text.charCodeAt(b) === BACKSLASH; b--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    p = q + 1;
  }
}

/** The index after the JSON value starting at `pos`, or -1 when the text ends inside it. */
function valueEnd(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  if (first === QUOTE) return stringEnd(text, pos);
  if (first !== 123 && first !== 91) {
    // A scalar (or garbage): up to the next separator; the element's own parse judges it.
    let p = pos;
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c === 44 || c === 93 || c === 125 || isSpace(c)) break;
      p++;
    }
    return p;
  }
  let depth = 0;
  let p = pos;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === QUOTE) {
      p = stringEnd(text, p);
      if (p < 0) return -1;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return p + 1;
    }
    p++;
  }
  return -1;
}

function* lineItems(text: string): Generator<FlowBodyItem> {
  let start = 0;
  let line = 1;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    const lineText = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    if (lineText.trim() !== "") yield { line, text: lineText };
    line++;
    start = end + 1;
  }
}

function* arrayItems(text: string, open: number): Generator<FlowBodyItem> {
  let pos = skipSpace(text, open + 1);
  let index = 0;
  if (text.charCodeAt(pos) === 93) {
    if (skipSpace(text, pos + 1) < text.length) yield { line: 1, error: "the body is not valid JSON: unexpected text after the array" };
    return;
  }
  for (;;) {
    if (pos >= text.length) {
      yield { line: index + 1, error: "the body is not valid JSON: the array is not closed" };
      return;
    }
    const end = valueEnd(text, pos);
    if (end < 0) {
      yield { line: index + 1, error: "the body is not valid JSON: the array is not closed" };
      return;
    }
    index++;
    yield { line: index, text: text.slice(pos, end) };
    pos = skipSpace(text, end);
    const c = text.charCodeAt(pos);
    if (c === 44) {
      pos = skipSpace(text, pos + 1);
      continue;
    }
    if (c === 93) {
      if (skipSpace(text, pos + 1) < text.length) yield { line: index, error: "the body is not valid JSON: unexpected text after the array" };
      return;
    }
    yield { line: index, error: `the body is not valid JSON: expected "," or "]" after element ${index}` };
    return;
  }
}

/**
 * The records of a body, lazily: a body whose first non-blank character is `[` is one JSON array
 * (items are its elements, numbered from 1), anything else is JSON lines (items are the
 * non-blank lines, with their line numbers). A structural error of the array (not closed, text
 * after it) is one error item, after which nothing more is yielded.
 */
export function iterateFlowBodyItems(text: string): Generator<FlowBodyItem> {
  const first = skipSpace(text, 0);
  return text.charCodeAt(first) === 91 ? arrayItems(text, first) : lineItems(text);
}
