/**
 * Parser of the GlobalAlert query language into an AST. Precedence, loosest first: OR, AND, NOT
 * (NOT binds to the following term), then bracketed subexpressions and selectors. An empty query
 * selects every record (the docs: `query` is optional). `${name}` refers to the alert's
 * `substitutions`: in a set position it stands for all of that substitution's values; in a value
 * position its substitution must have exactly one value. Pure; never throws.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { QuerySyntaxError, Token } from "@/lib/alerts/query-tokens";
import { tokenizeQuery } from "@/lib/alerts/query-tokens";

export type Comparator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** A literal: unquoted numbers are numbers, everything else is text. */
export interface QueryValue {
  readonly type: "string" | "number";
  readonly text: string;
}

export type QueryNode =
  | { readonly kind: "all" }
  | { readonly kind: "compare"; readonly key: string; readonly op: Comparator; readonly value: QueryValue }
  /** `key IN {…}` / `key NOTIN {…}`; values may hold `*` and `?` wildcards. */
  | { readonly kind: "set"; readonly key: string; readonly negated: boolean; readonly values: readonly string[] }
  | { readonly kind: "not"; readonly operand: QueryNode }
  | { readonly kind: "and"; readonly operands: readonly QueryNode[] }
  | { readonly kind: "or"; readonly operands: readonly QueryNode[] };

export interface ParseQueryOptions {
  /** Values of `${name}` references (GlobalAlert `substitutions`). */
  readonly substitutions?: ReadonlyMap<string, readonly string[]>;
  /** When given, keys outside it are errors ("Keys must be indexed fields in their data set"). */
  readonly knownKeys?: ReadonlySet<string>;
}

/**
 * Deepest nesting of parentheses and NOTs accepted. The parser and the evaluator recurse per
 * level; without a bound, a query of a few thousand "(" overflows the stack (found by fuzzing).
 */
export const MAX_QUERY_DEPTH = 64;

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly options: ParseQueryOptions,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? { kind: "eof", text: "", offset: 0 };
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.pos++;
    return t;
  }

  private fail(message: string, at: Token = this.peek()): never {
    throw new ParseFailure({ message, offset: at.offset });
  }

  parseAll(): QueryNode {
    if (this.peek().kind === "eof") return { kind: "all" };
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== "eof") this.fail(`unexpected ${describe(t)}: expected AND, OR or the end of the query`);
    return node;
  }

  private parseOr(): QueryNode {
    const operands = [this.parseAnd()];
    while (this.peek().kind === "or") {
      this.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? (operands[0] as QueryNode) : { kind: "or", operands }; // length checked
  }

  private parseAnd(): QueryNode {
    const operands = [this.parseUnary()];
    while (this.peek().kind === "and") {
      this.next();
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? (operands[0] as QueryNode) : { kind: "and", operands }; // length checked
  }

  private parseUnary(): QueryNode {
    const t = this.peek();
    if (t.kind !== "not" && t.kind !== "lparen") return this.parseSelector();
    if (this.depth >= MAX_QUERY_DEPTH) this.fail(`the query nests parentheses or NOT deeper than ${MAX_QUERY_DEPTH} levels`);
    this.depth++;
    this.next();
    let node: QueryNode;
    if (t.kind === "not") {
      node = { kind: "not", operand: this.parseUnary() };
    } else {
      node = this.parseOr();
      if (this.peek().kind !== "rparen") this.fail(`unexpected ${describe(this.peek())}: expected ")"`);
      this.next();
    }
    this.depth--;
    return node;
  }

  private parseSelector(): QueryNode {
    const keyTok = this.next();
    if (keyTok.kind !== "word" && keyTok.kind !== "string") this.fail(`unexpected ${describe(keyTok)}: expected a field name`, keyTok);
    const key = keyTok.text;
    if (this.options.knownKeys !== undefined && !this.options.knownKeys.has(key)) this.fail(`unknown field "${key}"`, keyTok);
    const t = this.next();
    if (t.kind === "op") return { kind: "compare", key, op: t.text as Comparator, value: this.parseValue() }; // the tokenizer emits only the six comparators
    if (t.kind === "in" || t.kind === "notin") return { kind: "set", key, negated: t.kind === "notin", values: this.parseSet() };
    if (t.kind === "not" && this.peek().kind === "in") {
      this.next();
      return { kind: "set", key, negated: true, values: this.parseSet() };
    }
    return this.fail(`unexpected ${describe(t)} after "${key}": expected =, !=, <, <=, >, >=, IN or NOTIN`, t);
  }

  private substitution(t: Token): readonly string[] {
    const values = this.options.substitutions?.get(t.text);
    if (values === undefined) this.fail(`unknown substitution "\${${t.text}}"`, t);
    return values;
  }

  private parseValue(): QueryValue {
    const t = this.next();
    if (t.kind === "string") return { type: "string", text: t.text };
    if (t.kind === "word") return { type: NUMBER.test(t.text) ? "number" : "string", text: t.text };
    if (t.kind === "var") {
      const values = this.substitution(t);
      if (values.length !== 1) this.fail(`substitution "\${${t.text}}" has ${values.length} values: use it with IN or NOTIN`, t);
      return { type: "string", text: values[0] ?? "" };
    }
    return this.fail(`unexpected ${describe(t)}: expected a value`, t);
  }

  private parseSet(): readonly string[] {
    const t = this.next();
    if (t.kind === "var") return this.substitution(t);
    if (t.kind !== "lbrace") this.fail(`unexpected ${describe(t)}: expected "{" or a "\${substitution}"`, t);
    const values: string[] = [];
    if (this.peek().kind === "rbrace") {
      this.next();
      return values;
    }
    for (;;) {
      const v = this.next();
      if (v.kind === "string" || v.kind === "word") values.push(v.text);
      else if (v.kind === "var") values.push(...this.substitution(v));
      else this.fail(`unexpected ${describe(v)}: expected a value`, v);
      const sep = this.next();
      if (sep.kind === "rbrace") return values;
      if (sep.kind !== "comma") this.fail(`unexpected ${describe(sep)}: expected "," or "}"`, sep);
    }
  }
}

class ParseFailure extends Error {
  constructor(readonly detail: QuerySyntaxError) {
    super(detail.message);
  }
}

function describe(t: Token): string {
  return t.kind === "eof" ? "end of query" : t.kind === "string" ? `"${t.text}"` : `"${t.text}"`;
}

/**
 * Parses a GlobalAlert query. Returns the AST, or the first syntax error with its offset
 * (unknown fields and substitutions are syntax errors too). Never throws.
 */
export function parseAlertQuery(text: string, options: ParseQueryOptions = {}): Result<QueryNode, QuerySyntaxError> {
  const tokens = tokenizeQuery(text);
  if (!tokens.ok) return tokens;
  try {
    return ok(new Parser(tokens.value, options).parseAll());
  } catch (e) {
    if (e instanceof ParseFailure) return err(e.detail);
    throw e;
  }
}
