import { DomainError } from "@/lib/errors";

/**
 * Why a selector did not parse. `offset` is a 0-based index into the input string in UTF-16
 * code units (what a textarea's selectionStart uses); `expected` lists what would have been
 * accepted at that point, in display form (`"=="`, `"label"`, `"end of input"`).
 */
export interface SelectorSyntaxError {
  readonly message: string;
  readonly offset: number;
  readonly expected: readonly string[];
}

/**
 * Deepest parenthesis nesting the parser accepts. Calico itself has no limit (Go stacks grow);
 * we stop at 128 so that hostile input cannot exhaust the JS stack. Real selectors nest a
 * handful of levels.
 */
export const MAX_SELECTOR_DEPTH = 128;

/** Calico's maximum label-key length (tokenizer.MaxLabelLength), in characters. */
export const MAX_LABEL_KEY_LENGTH = 512;

/** Thrown by `selectorOrThrow` (and nothing else in this module) when the text does not parse. */
export class SelectorSyntaxDomainError extends DomainError {
  readonly offset: number;
  readonly expected: readonly string[];
  readonly selector: string;

  constructor(selector: string, error: SelectorSyntaxError) {
    super("selector.syntax", error.message);
    this.offset = error.offset;
    this.expected = error.expected;
    this.selector = selector;
  }
}

/** Guard for SelectorSyntaxDomainError. */
export function isSelectorSyntaxDomainError(e: unknown): e is SelectorSyntaxDomainError {
  return e instanceof SelectorSyntaxDomainError;
}

/** Builds a SelectorSyntaxError whose message names the offset and the expected tokens. */
export function buildSyntaxError(what: string, offset: number, expected: readonly string[]): SelectorSyntaxError {
  const tail = expected.length > 0 ? `; expected ${formatExpected(expected)}` : "";
  return { message: `${what} at offset ${offset}${tail}`, offset, expected };
}

function formatExpected(expected: readonly string[]): string {
  if (expected.length === 1) return expected[0] ?? "";
  return `${expected.slice(0, -1).join(", ")} or ${expected[expected.length - 1] ?? ""}`;
}
