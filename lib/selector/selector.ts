/**
 * Entry points: parse text into a Selector (AST + canonical text + compiled matcher).
 * Parsed selectors are immutable, so recent ones are memoised by their exact text.
 */
import type { Labels, SelectorNode } from "@/lib/selector/ast";
import { toCanonical } from "@/lib/selector/canonical";
import { compileMatcher } from "@/lib/selector/matcher";
import { parseSelectorNode } from "@/lib/selector/parser";
import type { SelectorSyntaxError } from "@/lib/selector/syntax-error";
import { SelectorSyntaxDomainError } from "@/lib/selector/syntax-error";
import type { Result } from "@/lib/result";
import { ok } from "@/lib/result";

/** A parsed Calico selector. Frozen; safe to share and cache. */
export interface Selector {
  /** The AST (frozen). */
  readonly ast: SelectorNode;
  /** Calico's canonical text (`String()`), e.g. `(app == "nginx" && has(tier))`. */
  readonly canonical: string;
  /** True when the labels satisfy the selector. Never throws. */
  matches(labels: Labels): boolean;
}

const CACHE_LIMIT = 1024;
const CACHEABLE_LENGTH = 4096;
const cache = new Map<string, Selector>();

/** Builds a Selector from an AST: computes the canonical text and compiles the matcher. Never throws. */
export function buildSelector(ast: SelectorNode): Selector {
  const matcher = compileMatcher(ast);
  return Object.freeze({ ast, canonical: toCanonical(ast), matches: matcher });
}

/**
 * Parses Calico selector text. "" and whitespace-only text parse as `all()`, as in Calico.
 * On bad input returns `{ ok: false, error }` with the offset of the first problem and what was
 * expected there. Never throws, and takes time linear in the input for any input.
 */
export function parseSelector(text: string): Result<Selector, SelectorSyntaxError> {
  const cached = cache.get(text);
  if (cached !== undefined) return ok(cached);
  const parsed = parseSelectorNode(text);
  if (!parsed.ok) return parsed;
  const selector = buildSelector(parsed.value);
  if (text.length <= CACHEABLE_LENGTH) {
    // Map iterates in insertion order, so the first key is the oldest entry.
    if (cache.size >= CACHE_LIMIT) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(text, selector);
  }
  return ok(selector);
}

/**
 * Like parseSelector but throws a SelectorSyntaxDomainError (code "selector.syntax", carrying
 * offset and expected) on bad input. For selectors that were validated earlier, e.g. when
 * reading back stored policies.
 */
export function selectorOrThrow(text: string): Selector {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new SelectorSyntaxDomainError(text, parsed.error);
  return parsed.value;
}
