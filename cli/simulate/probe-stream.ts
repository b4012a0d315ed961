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
const COMMA = 0x2c;

import { describe } from "@/cli/simulate/field-checks";

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

/**
 * Splits the pieces of a probes file into element texts, in file order, one batch per piece (so
 * the caller pays one await per piece, not per probe). Throws ProbeFileSyntaxError.
 */
export async function* probeTexts(pieces: AsyncIterable<string>): AsyncGenerator<ProbeText[]> {
  let mode: "start" | "array" | "other" | "done" = "start";
  let depth = 0;
  let inString = false;
  /** The current element's text carried over from earlier pieces. */
  let carry = "";
  /** Whether an element has started (non-space seen since the last separator). */
  let started = false;
  /** After a comma an element must follow. */
  let expectElement = false;
  /** The previous piece ended inside a string right after a backslash. */
  let escapePending = false;
  let index = 0;

  for await (const piece of pieces) {
    if (mode === "other") {
      carry += piece;
      continue;
    }
    const batch: ProbeText[] = [];
    let from = 0; // start of the current element's text inside `piece`
    let i = 0;
    if (escapePending) {
      i = 1; // the escaped character
      escapePending = false;
    }
    // Inside strings the splitter jumps with indexOf (to the next quote, or backslash before it).
    let nextBackslash = -1;
    while (i < piece.length) {
      if (inString) {
        const quote = piece.indexOf('"', i);
        if (nextBackslash !== Infinity && nextBackslash < i) {
          const at = piece.indexOf("\\", i);
          nextBackslash = at === -1 ? Infinity : at;
        }
        if (nextBackslash < (quote === -1 ? Infinity : quote)) {
          if (nextBackslash + 1 >= piece.length) escapePending = true;
          i = nextBackslash + 2;
          continue;
        }
        if (quote === -1) {
          i = piece.length;
          break;
        }
        inString = false;
        i = quote + 1;
        continue;
      }
      const c = piece.charCodeAt(i);
      if (mode === "done") {
        if (!isSpace(c)) throw new ProbeFileSyntaxError(`not valid JSON: unexpected text after the closing "]" of the array`);
        i++;
        continue;
      }
      if (mode === "start") {
        if (isSpace(c)) {
          i++;
          continue;
        }
        if (c !== OPEN_BRACKET) {
          mode = "other";
          carry = piece.slice(i);
          break;
        }
        mode = "array";
        i++;
        from = i;
        continue;
      }
      if (!started) {
        if (isSpace(c)) {
          i++;
          from = i;
          continue;
        }
        if (c === CLOSE_BRACKET && depth === 0) {
          if (expectElement) throw new ProbeFileSyntaxError(`not valid JSON: probes[${index}] is missing after the last ","`);
          mode = "done";
          i++;
          continue;
        }
        if (c === COMMA) throw new ProbeFileSyntaxError(`not valid JSON: probes[${index}] is missing before ","`);
        started = true;
        expectElement = false;
        from = i;
      }
      i++;
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || (c === CLOSE_BRACKET && depth > 0)) depth--;
      else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
        // A comma or the closing bracket at the top level ends the element.
        batch.push({ index: index++, text: (carry + piece.slice(from, i - 1)).trim() });
        carry = "";
        started = false;
        from = i;
        expectElement = c === COMMA;
        if (c === CLOSE_BRACKET) mode = "done";
      }
    }
    if (started) carry += piece.slice(from);
    if (batch.length > 0) yield batch;
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
