/**
 * Tokenizer of Calico Enterprise's GlobalAlert query language (docs "Global Alert" → Query):
 * selectors `key <comparator> value`, the boolean words AND / OR / NOT, the set words IN / NOTIN
 * with `{a, b}` literals, `${name}` substitution references and parentheses.
 *
 * Keys and values are identifiers, quoted strings or numbers. The docs define identifiers as
 * alphanumerics and underscores; we also accept any run of characters that cannot start another
 * token (dots, dashes, slashes, colons, `*`, `?`) as a bare word, so `10.0.0.1`,
 * `servers.ip` or `kube-system` need no quotes. Keywords are case-insensitive (the docs' own
 * example writes `rtype = A or rtype = AAAA`). Pure; never throws.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

export type TokenKind = "word" | "string" | "op" | "lparen" | "rparen" | "lbrace" | "rbrace" | "comma" | "and" | "or" | "not" | "in" | "notin" | "var" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** The word, the unquoted string, the operator, or the variable name. */
  readonly text: string;
  /** Offset of the token's first character in the query. */
  readonly offset: number;
}

/** A syntax error with the offset it was found at. */
export interface QuerySyntaxError {
  readonly message: string;
  readonly offset: number;
}

const KEYWORDS: Readonly<Record<string, TokenKind>> = { and: "and", or: "or", not: "not", in: "in", notin: "notin" };
const SINGLE: Readonly<Record<string, TokenKind>> = { "(": "lparen", ")": "rparen", "{": "lbrace", "}": "rbrace", ",": "comma" };
/** Characters that end a bare word. */
const WORD_END = /[\s()={}<>!,"'$]/;

function readQuoted(text: string, start: number): Result<{ value: string; end: number }, QuerySyntaxError> {
  const quote = text[start];
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === quote) return ok({ value, end: i + 1 });
    value += c;
    i++;
  }
  return err({ message: "unterminated string", offset: start });
}

/** Splits a query into tokens (ending with `eof`), or the first lexical error. */
export function tokenizeQuery(text: string): Result<readonly Token[], QuerySyntaxError> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const single = SINGLE[c];
    if (single !== undefined) {
      tokens.push({ kind: single, text: c, offset: i });
      i++;
      continue;
    }
    if (c === "=" || c === "<" || c === ">" || c === "!") {
      const two = text.slice(i, i + 2);
      const op = two === "!=" || two === "<=" || two === ">=" ? two : c === "!" ? undefined : c;
      if (op === undefined) return err({ message: 'unexpected "!" (did you mean "!=" or NOT?)', offset: i });
      tokens.push({ kind: "op", text: op, offset: i });
      i += op.length;
      continue;
    }
    if (c === '"' || c === "'") {
      const q = readQuoted(text, i);
      if (!q.ok) return q;
      tokens.push({ kind: "string", text: q.value.value, offset: i });
      i = q.value.end;
      continue;
    }
    if (c === "$") {
      const m = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/.exec(text.slice(i));
      if (m === null) return err({ message: 'a variable is written "${name}"', offset: i });
      tokens.push({ kind: "var", text: m[1] ?? "", offset: i });
      i += m[0].length;
      continue;
    }
    let j = i;
    while (j < text.length && !WORD_END.test(text[j] ?? " ")) j++;
    const word = text.slice(i, j);
    tokens.push({ kind: KEYWORDS[word.toLowerCase()] ?? "word", text: word, offset: i });
    i = j;
  }
  tokens.push({ kind: "eof", text: "", offset: text.length });
  return ok(tokens);
}
