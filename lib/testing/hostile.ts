/**
 * fast-check arbitraries of hostile input for the parser fuzz tests: random Unicode with
 * control characters and NUL, lone surrogates, deep bracket nesting, YAML anchors and alias
 * chains, huge and non-finite numbers, very long tokens, and fragments of the valid grammar so
 * that generated text gets past the first token. Used only by tests.
 */
import fc from "fast-check";

/** Bound of one parse in a fuzz test: a correctness bound (no pathological blow-up), not a speed target. */
export const PER_INPUT_LIMIT_MS = 1000;

/** Fixed seed, so a failure reproduces; fast-check prints the counterexample and its path. */
export const FUZZ_SEED = 20261204;

const nasty = fc.constantFrom(
  "\u0000",
  "\u0001",
  "\u001b[31m",
  "\u200b",
  "\u202e",
  "\ud800",
  "\udfff",
  "\ufeff",
  "\r\n",
  "\t",
  "\\",
  '"',
  "'",
  "`",
  "${",
  "%00",
  "%0A",
  "&a",
  "*a",
  "<<: *a",
  "!!binary",
  "!!js/function",
  "? ",
  "- ",
  ": ",
  "---",
  "...",
  "#",
  "|",
  ">",
  "1e309",
  "-0",
  "NaN",
  "9007199254740993",
  "0x7fffffffffffffff",
);

/** Deeply nested brackets (up to a few thousand levels), balanced or not. */
export const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom("[", "{", "(", "!("), fc.boolean())
  .map(([n, open, balanced]) => {
    const close = open === "[" ? "]" : open === "{" ? "}" : ")";
    return open.repeat(n) + (balanced ? close.repeat(n) : "");
  });

/** A YAML alias chain of `levels` levels each repeating the previous `width` times (a "billion laughs"). */
export const aliasBomb = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 2, max: 12 })).map(([levels, width]) => {
  const lines = [`a0: &a0 [${Array(width).fill('"lol"').join(", ")}]`];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(", ")}]`);
  return lines.join("\n");
});

/** Text mixing grammar fragments of the target with hostile pieces. */
export function hostileText(fragments: readonly string[], maxLength = 400): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fragments) },
    { weight: 3, arbitrary: nasty },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 64 }).map((n) => "x".repeat(n * 64)) },
  );
  return fc.array(piece, { maxLength: 60 }).map((parts) => parts.join("").slice(0, maxLength * 8));
}

/** Any of the above, for parsers of free text. */
export function anyHostile(fragments: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 6, arbitrary: hostileText(fragments) }, { weight: 1, arbitrary: deepNesting }, { weight: 1, arbitrary: aliasBomb }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) });
}

/** Runs `fn` and returns its result with the time it took. */
export function timed<T>(fn: () => T): { readonly value: T; readonly ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}
