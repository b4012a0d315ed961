/**
 * Recursive-descent parser for Calico selectors with the grammar and precedence of
 * libcalico-go/lib/selector/parser/parser.go:
 *
 *   selector  := <empty> | or EOF
 *   or        := and ("||" and)*
 *   and       := operation ("&&" operation)*
 *   operation := "!"* ( has(k) | all() | global() | "(" or ")" | label op value )
 *
 * `&&` binds tighter than `||`; chains become one n-ary node (not a binary tree), a single
 * operand stays unwrapped, and a run of `!` collapses to zero or one NotNode. Recursion happens
 * only at "(", and is capped at MAX_SELECTOR_DEPTH, so the JS stack is safe on any input.
 * Work is linear in the input length (set literals add a sort).
 */
import type { SelectorNode } from "@/lib/selector/ast";
import { toSortedUniqueValues } from "@/lib/selector/ast";
import type { SelectorSyntaxError } from "@/lib/selector/syntax-error";
import { MAX_SELECTOR_DEPTH, buildSyntaxError } from "@/lib/selector/syntax-error";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { Token } from "@/lib/selector/tokenizer";
import { LABEL_OPERATORS, SelectorLexer } from "@/lib/selector/tokenizer";

const OPERATION_START: readonly string[] = ["label", "has(", "all()", "global()", "(", "!"];
const STRING: readonly string[] = ["quoted string"];

function afterOperation(depth: number): readonly string[] {
  return depth > 0 ? ["&&", "||", ")"] : ["&&", "||", "end of input"];
}

function describe(tok: Token): string {
  switch (tok.kind) {
    case "label":
      return `label ${JSON.stringify(tok.value)}`;
    case "string":
      return `string ${JSON.stringify(tok.value)}`;
    case "eof":
      return "end of input";
    default:
      return `"${TOKEN_TEXT[tok.kind]}"`;
  }
}

const TOKEN_TEXT: Readonly<Record<Exclude<Token["kind"], "label" | "string" | "eof">, string>> = {
  lbrace: "{",
  rbrace: "}",
  comma: ",",
  eq: "==",
  ne: "!=",
  in: "in",
  not: "!",
  notIn: "not in",
  contains: "contains",
  startsWith: "starts with",
  endsWith: "ends with",
  all: "all()",
  has: "has()",
  global: "global()",
  lparen: "(",
  rparen: ")",
  and: "&&",
  or: "||",
};

/** Parses selector text into a frozen AST. Never throws. */
export function parseSelectorNode(text: string): Result<SelectorNode, SelectorSyntaxError> {
  const parser = new Parser(text);
  const node = parser.parseRoot();
  if (node === null) {
    // parseRoot returns null only after recording a failure.
    return err(parser.failure ?? buildSyntaxError("invalid selector", 0, []));
  }
  return ok(node);
}

class Parser {
  failure: SelectorSyntaxError | null = null;
  private readonly lexer: SelectorLexer;
  private current: Token | null = null;

  constructor(text: string) {
    this.lexer = new SelectorLexer(text);
  }

  parseRoot(): SelectorNode | null {
    const first = this.peek(OPERATION_START);
    if (first === null) return null;
    if (first.kind === "eof") return Object.freeze({ kind: "all" });
    const node = this.parseOr(0);
    if (node === null) return null;
    const end = this.peek(afterOperation(0));
    if (end === null) return null;
    if (end.kind !== "eof") return this.fail(`unexpected ${describe(end)}`, end.start, afterOperation(0));
    return node;
  }

  /** The current token without consuming it; null (with `failure` set) on a tokenizer error. */
  private peek(expected: readonly string[]): Token | null {
    if (this.current !== null) return this.current;
    const next = this.lexer.next();
    if (next.kind === "error") {
      this.failure = buildSyntaxError(next.message, next.offset, next.expected ?? expected);
      return null;
    }
    this.current = next;
    return next;
  }

  private advance(): void {
    this.current = null;
  }

  private fail(what: string, offset: number, expected: readonly string[]): null {
    this.failure = buildSyntaxError(what, offset, expected);
    return null;
  }

  private parseOr(depth: number): SelectorNode | null {
    const first = this.parseAnd(depth);
    if (first === null) return null;
    const operands: SelectorNode[] = [first];
    for (;;) {
      const tok = this.peek(afterOperation(depth));
      if (tok === null) return null;
      if (tok.kind !== "or") break;
      this.advance();
      const next = this.parseAnd(depth);
      if (next === null) return null;
      operands.push(next);
    }
    return operands.length === 1 ? first : Object.freeze({ kind: "or", operands: Object.freeze(operands) });
  }

  private parseAnd(depth: number): SelectorNode | null {
    const first = this.parseOperation(depth);
    if (first === null) return null;
    const operands: SelectorNode[] = [first];
    for (;;) {
      const tok = this.peek(afterOperation(depth));
      if (tok === null) return null;
      if (tok.kind !== "and") break;
      this.advance();
      const next = this.parseOperation(depth);
      if (next === null) return null;
      operands.push(next);
    }
    return operands.length === 1 ? first : Object.freeze({ kind: "and", operands: Object.freeze(operands) });
  }

  private parseOperation(depth: number): SelectorNode | null {
    let negated = false;
    let tok = this.peek(OPERATION_START);
    while (tok !== null && tok.kind === "not") {
      negated = !negated;
      this.advance();
      tok = this.peek(OPERATION_START);
    }
    if (tok === null) return null;
    let node: SelectorNode | null;
    switch (tok.kind) {
      case "has":
        this.advance();
        node = Object.freeze({ kind: "has", key: tok.value });
        break;
      case "all":
      case "global":
        this.advance();
        node = Object.freeze({ kind: tok.kind });
        break;
      case "label":
        node = this.parseLabelOperation(tok);
        break;
      case "lparen":
        node = this.parseParenthesized(tok, depth);
        break;
      default:
        return this.fail(`unexpected ${describe(tok)}`, tok.start, OPERATION_START);
    }
    if (node === null) return null;
    return negated ? Object.freeze({ kind: "not", operand: node }) : node;
  }

  private parseParenthesized(open: Token, depth: number): SelectorNode | null {
    if (depth >= MAX_SELECTOR_DEPTH) {
      return this.fail(`parentheses nested deeper than ${MAX_SELECTOR_DEPTH} levels`, open.start, []);
    }
    this.advance();
    const inner = this.parseOr(depth + 1);
    if (inner === null) return null;
    const close = this.peek(afterOperation(depth + 1));
    if (close === null) return null;
    if (close.kind !== "rparen") return this.fail(`unexpected ${describe(close)}`, close.start, afterOperation(depth + 1));
    this.advance();
    return inner;
  }

  private parseLabelOperation(label: Token): SelectorNode | null {
    this.advance();
    const key = label.value;
    const op = this.peek(LABEL_OPERATORS);
    if (op === null) return null;
    switch (op.kind) {
      case "eq":
      case "ne":
      case "contains":
      case "startsWith":
      case "endsWith": {
        this.advance();
        const value = this.peek(STRING);
        if (value === null) return null;
        if (value.kind !== "string") return this.fail(`unexpected ${describe(value)}`, value.start, STRING);
        this.advance();
        return Object.freeze({ kind: op.kind, key, value: value.value });
      }
      case "in":
      case "notIn": {
        this.advance();
        const values = this.parseSetLiteral();
        if (values === null) return null;
        return Object.freeze({ kind: op.kind, key, values });
      }
      default:
        return this.fail(`expected an operator after label ${JSON.stringify(key)}, found ${describe(op)}`, op.start, LABEL_OPERATORS);
    }
  }

  /** `{ "a", 'b', }`: zero or more strings, commas between, one trailing comma allowed (as Calico). */
  private parseSetLiteral(): readonly string[] | null {
    const open = this.peek(["{"]);
    if (open === null) return null;
    if (open.kind !== "lbrace") return this.fail(`expected a set literal, found ${describe(open)}`, open.start, ["{"]);
    this.advance();
    const values: string[] = [];
    let expected: readonly string[] = ["quoted string", "}"];
    for (;;) {
      const tok = this.peek(expected);
      if (tok === null) return null;
      if (tok.kind !== "string") break;
      this.advance();
      values.push(tok.value);
      expected = [",", "}"];
      const sep = this.peek(expected);
      if (sep === null) return null;
      if (sep.kind !== "comma") break;
      this.advance();
      expected = ["quoted string", "}"];
    }
    const close = this.peek(expected);
    if (close === null) return null;
    if (close.kind !== "rbrace") return this.fail(`unexpected ${describe(close)} in set literal`, close.start, expected);
    this.advance();
    return Object.freeze(toSortedUniqueValues(values));
  }
}
