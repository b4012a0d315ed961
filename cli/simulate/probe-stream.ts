/**
 * Reads a PROBES file piece by piece, so any number of probes fits in bounded memory: splits a
 * JSON array (`[{...}, {...}]`) into the text of each element, which the caller parses on its
 * own. Only the element being read is held, never the file. (A file that is not an array is an
 * error; it is read whole only to name what it holds, as before.)
 *
 * The splitter tracks strings (with escapes) and nesting so commas and brackets inside a probe do
 * not cut it; everything else (the element's own syntax) is left to JSON.parse, whose error then
 * names the probe.
 */

/** One element of the file: its index (`probes[index]`) and its JSON text. */
export interface ProbeText {
  readonly index: number;
  readonly text: string;
}

/** The file is not a JSON array of elements; the message (after `probes: `) says why. */
export class ProbeFileSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProbeFileSyntaxError";
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

import { describe } from "@/cli/simulate/field-checks";

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

/** Splits the pieces of a probes file into element texts, in file order. Throws ProbeFileSyntaxError. */
export async function* probeTexts(pieces: AsyncIterable<string>): AsyncGenerator<ProbeText> {
  let mode: "start" | "array" | "other" | "done" = "start";
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** The current element's text carried over from earlier pieces. */
  let carry = "";
  /** Whether an element has started (non-space seen since the last separator). */
  let started = false;
  /** After a comma in array mode an element must follow. */
  let expectElement = false;
  let index = 0;

  for await (const piece of pieces) {
    if (mode === "other") {
      carry += piece;
      continue;
    }
    let from = 0; // start of the current element's text inside `piece`
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (mode === "start") {
        if (isSpace(c)) continue;
        if (c === OPEN_BRACKET) {
          mode = "array";
          from = i + 1;
          continue;
        }
        mode = "other";
        carry = piece.slice(i);
        break;
      }
      if (mode === "done") {
        if (!isSpace(c)) throw new ProbeFileSyntaxError(`not valid JSON: unexpected text after the closing "]" of the array`);
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (!started) {
        if (isSpace(c)) {
          from = i + 1;
          continue;
        }
        if (mode === "array" && c === CLOSE_BRACKET && depth === 0) {
          if (expectElement) throw new ProbeFileSyntaxError(`not valid JSON: probes[${index}] is missing after the last ","`);
          mode = "done";
          continue;
        }
        if (c === COMMA) throw new ProbeFileSyntaxError(`not valid JSON: probes[${index}] is missing before ","`);
        started = true;
        expectElement = false;
        from = i;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || (c === CLOSE_BRACKET && depth > 0)) depth--;
      else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
        const text = (carry + piece.slice(from, i)).trim();
        carry = "";
        started = false;
        from = i + 1;
        yield { index: index++, text };
        expectElement = c === COMMA;
        if (c === CLOSE_BRACKET) mode = "done";
      }
    }
    if (started) carry += piece.slice(from);
  }
  if (mode === "array") throw new ProbeFileSyntaxError(`not valid JSON: ${inString ? `probes[${index}] has an unterminated string` : `the array is not closed with "]"`}`);
  if (mode === "start") throw new ProbeFileSyntaxError("not valid JSON: the file is empty (expected a JSON array of probes)");
  if (mode === "other") throw new ProbeFileSyntaxError(notAnArray(carry));
}

/** Why a file that does not start with "[" is refused (the earlier whole-file wording). */
function notAnArray(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  return `must be a JSON array of probes, got ${describe(value)}`;
}

/** Yields `text` as one piece (for callers that already hold the whole file). */
export async function* onePiece(text: string): AsyncGenerator<string> {
  yield text;
}
