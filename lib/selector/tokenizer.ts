/**
 * Calico selector tokenizer, following libcalico-go/lib/selector/tokenizer: whitespace is only
 * space and tab; after a label the only words accepted are the operators; `has(`, `all(` and
 * `global(` are recognised before labels; quoted strings have no escapes and end at the next
 * quote of the same kind. Tokens are produced lazily so the parser reports the first error by
 * position (Calico tokenizes everything first; the set of accepted inputs is the same).
 */
import { MAX_LABEL_KEY_LENGTH } from "@/lib/selector/syntax-error";

export type TokenKind =
  | "label"
  | "string"
  | "lbrace"
  | "rbrace"
  | "comma"
  | "eq"
  | "ne"
  | "in"
  | "not"
  | "notIn"
  | "contains"
  | "startsWith"
  | "endsWith"
  | "all"
  | "has"
  | "global"
  | "lparen"
  | "rparen"
  | "and"
  | "or"
  | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Label key, string contents or has() key; "" for other kinds. */
  readonly value: string;
  /** Offset of the token's first character. */
  readonly start: number;
}

/** A tokenizer failure. `expected: null` means "whatever the parser wanted here". */
export interface LexError {
  readonly kind: "error";
  readonly message: string;
  readonly offset: number;
  readonly expected: readonly string[] | null;
}

/** Operators that may follow a label, in display form. */
export const LABEL_OPERATORS: readonly string[] = ["==", "!=", "in", "not in", "contains", "starts with", "ends with"];

const SPACE = 32;
const TAB = 9;

/** True for the characters Calico allows in a label key: `[a-zA-Z0-9_./-]`. */
export function isLabelKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 47 || c === 45
  );
}

/**
 * Whether `key` can be written unquoted in a Calico selector: 1–512 characters from
 * `[a-zA-Z0-9_./-]`. Never throws.
 */
export function isValidLabelKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_LABEL_KEY_LENGTH) return false;
  for (let i = 0; i < key.length; i++) if (!isLabelKeyChar(key.charCodeAt(i))) return false;
  return true;
}

function skipWhitespace(s: string, p: number): number {
  while (p < s.length) {
    const c = s.charCodeAt(p);
    if (c !== SPACE && c !== TAB) break;
    p++;
  }
  return p;
}

function scanKey(s: string, p: number): number {
  while (p < s.length && isLabelKeyChar(s.charCodeAt(p))) p++;
  return p;
}

/** `rest` starts a new word (end of input or a character that cannot continue a label). */
function atWordBoundary(s: string, p: number): boolean {
  return p >= s.length || !isLabelKeyChar(s.charCodeAt(p));
}

/**
 * Matches an operator word (or words) at `p`; returns the end or -1. As in Calico, a one-word
 * operator must be followed directly by a word boundary, while for a multi-word operator
 * whitespace is skipped after every word (so "startswith" and "not  in" are accepted) and the
 * boundary is checked after that whitespace.
 */
function matchWords(s: string, p: number, words: readonly string[]): number {
  let q = p;
  for (const w of words) {
    if (!s.startsWith(w, q)) return -1;
    q += w.length;
    if (words.length > 1) q = skipWhitespace(s, q);
  }
  return atWordBoundary(s, q) ? q : -1;
}

const OPERATOR_WORDS: readonly (readonly [TokenKind, readonly string[]])[] = [
  ["contains", ["contains"]],
  ["startsWith", ["starts", "with"]],
  ["endsWith", ["ends", "with"]],
  ["notIn", ["not", "in"]],
];

/** Lazy tokenizer over one selector string. Create one per parse; it is stateful. */
export class SelectorLexer {
  private pos = 0;
  private lastKind: TokenKind | null = null;

  constructor(private readonly text: string) {}

  /** The next token, or a LexError (after which the lexer must not be used again). */
  next(): Token | LexError {
    const result = this.scan();
    if (result.kind !== "error") this.lastKind = result.kind;
    return result;
  }

  private token(kind: TokenKind, start: number, end: number, value = ""): Token {
    this.pos = end;
    return { kind, value, start };
  }

  private scan(): Token | LexError {
    const s = this.text;
    const p = skipWhitespace(s, this.pos);
    if (p >= s.length) return this.token("eof", p, p);
    const ch = s[p];
    switch (ch) {
      case "(":
        return this.token("lparen", p, p + 1);
      case ")":
        return this.token("rparen", p, p + 1);
      case "{":
        return this.token("lbrace", p, p + 1);
      case "}":
        return this.token("rbrace", p, p + 1);
      case ",":
        return this.token("comma", p, p + 1);
      case '"':
      case "'": {
        const close = s.indexOf(ch, p + 1);
        if (close < 0) return lexError("unterminated string", p, [`closing ${ch}`]);
        return this.token("string", p, close + 1, s.slice(p + 1, close));
      }
      case "=":
        if (s.startsWith("==", p)) return this.token("eq", p, p + 2);
        return lexError('"=" is not an operator', p, ["=="]);
      case "!":
        if (s.startsWith("!=", p)) return this.token("ne", p, p + 2);
        return this.token("not", p, p + 1);
      case "&":
        if (s.startsWith("&&", p)) return this.token("and", p, p + 2);
        return lexError('single "&"', p, ["&&"]);
      case "|":
        if (s.startsWith("||", p)) return this.token("or", p, p + 2);
        return lexError('single "|"', p, ["||"]);
      default:
        return this.lastKind === "label" ? this.scanOperator(p) : this.scanWord(p);
    }
  }

  private scanOperator(p: number): Token | LexError {
    const s = this.text;
    for (const [kind, words] of OPERATOR_WORDS) {
      const end = matchWords(s, p, words);
      if (end >= 0) return this.token(kind, p, end);
    }
    if (s.startsWith("in", p) && atWordBoundary(s, p + 2)) return this.token("in", p, p + 2);
    return lexError("expected an operator after a label", p, LABEL_OPERATORS);
  }

  private scanWord(p: number): Token | LexError {
    const s = this.text;
    if (s.startsWith("has(", p)) {
      const keyStart = skipWhitespace(s, p + 4);
      const keyEnd = scanKey(s, keyStart);
      if (keyEnd === keyStart) return lexError("missing label key in has()", keyStart, ["label key"]);
      if (keyEnd - keyStart > MAX_LABEL_KEY_LENGTH) return keyTooLong(keyStart);
      const close = skipWhitespace(s, keyEnd);
      if (s[close] !== ")") return lexError('no closing ")" after has(', close, [")"]);
      return this.token("has", p, close + 1, s.slice(keyStart, keyEnd));
    }
    for (const [kind, word] of [["all", "all("], ["global", "global("]] as const) {
      if (!s.startsWith(word, p)) continue;
      const close = skipWhitespace(s, p + word.length);
      if (s[close] !== ")") return lexError(`no closing ")" after ${word}`, close, [")"]);
      return this.token(kind, p, close + 1);
    }
    const end = scanKey(s, p);
    if (end === p) return lexError(`unexpected character ${JSON.stringify(s[p])}`, p, null);
    if (end - p > MAX_LABEL_KEY_LENGTH) return keyTooLong(p);
    return this.token("label", p, end, s.slice(p, end));
  }
}

function lexError(message: string, offset: number, expected: readonly string[] | null): LexError {
  return { kind: "error", message, offset, expected };
}

function keyTooLong(offset: number): LexError {
  return lexError(`label key longer than ${MAX_LABEL_KEY_LENGTH} characters`, offset, ["shorter label key"]);
}
