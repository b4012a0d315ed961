import { describe, expect, it } from "vitest";
import { MAX_SELECTOR_DEPTH, parseSelector, selectorOrThrow } from "@/lib/selector";

// Invalid selectors, each with the offset of the first problem (0-based, UTF-16 code units).
// The first group are the shapes Calico's own parser_test rejects; the rest pin down the
// tokenizer rules (whitespace is only space/tab, "=" alone is not an operator, word boundaries).
const INVALID: readonly (readonly [selector: string, offset: number])[] = [
  ["b == b", 5], // value must be a quoted string, not a label
  ["b contains b", 11], // label where the quoted value belongs
  ["b starts with b", 2], // Calico checks the word boundary after "with" *and* the spaces, so "with b" is no operator
  ["b ends with b", 2],
  ['b contains"x" == "y"', 14], // "contains" needs only a non-label character after it
  ["'b1' == b", 0], // literal on the left
  ["b", 1], // bare label
  ["a b", 2], // garbage after a label
  ["!", 1], // nothing to negate
  ['foo == "bar" &', 13], // single &
  ['foo == "bar" |', 13], // single |
  ["foo != ||", 7], // missing value
  ['foo in {"", ||', 12], // unterminated set
  ['foo in ""', 7], // set literal expected
  ['"FOO', 0], // unterminated string
  [`"FOO'`, 0], // quotes do not mix
  ["'FOO", 0],
  ["(", 1], // unterminated paren
  ['(a == "foo"', 11],
  [")", 0],
  ["()", 1],
  ["%", 0], // unexpected character
  ['a == "b" && %', 12],
  ['a == "b" || %', 12],
  ["a ", 2], // label must be followed by an operator
  ["has(foo) &&", 11], // && must be followed by an operation
  ['a = "b"', 2], // "=" is not Calico syntax
  ['a == "b"\n', 8], // newline is not whitespace for Calico
  ["has(a", 5],
  ["has()", 4],
  ["has (a)", 4], // "has" then "(" is a label followed by a paren
  ["all(x)", 4],
  ["global(", 7],
  ['a inx {"b"}', 2], // operators need a word boundary
  ['a containsx "b"', 2],
  ['a not "b"', 2],
  ['a in {"a" "b"}', 10], // comma needed between set items
  ['a in {,"a"}', 6],
  ['a in {"a",,}', 10],
  ['a == "b" c == "d"', 9], // && or || needed between operations
  ['a == "b")', 8],
  ['a.b@c == "x"', 3], // @ is not a label character
  ['a == "é" && é == "x"', 12], // non-ASCII is not a label character
  ['a == "1" &&& b == "2"', 11],
  ["!!", 2],
  ["a == 'x' || ", 12],
  [`${"k".repeat(513)} == "v"`, 0], // label keys are at most 512 characters
  [`has(${"k".repeat(513)})`, 4],
];

describe("invalid selectors", () => {
  for (const [selector, offset] of INVALID) {
    it(`rejects ${JSON.stringify(selector.length > 40 ? `${selector.slice(0, 37)}...` : selector)} at offset ${offset}`, () => {
      const r = parseSelector(selector);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.offset).toBe(offset);
      expect(r.error.message).toContain(`offset ${offset}`);
      expect(r.error.expected.length).toBeGreaterThan(0);
    });
  }

  it("says what was expected", () => {
    const after = parseSelector("app");
    expect(after.ok ? [] : after.error.expected).toEqual(["==", "!=", "in", "not in", "contains", "starts with", "ends with"]);
    const nested = parseSelector('(a == "1"');
    expect(nested.ok ? [] : nested.error.expected).toEqual(["&&", "||", ")"]);
    const top = parseSelector('a == "1" )');
    expect(top.ok ? [] : top.error.expected).toEqual(["&&", "||", "end of input"]);
    const set = parseSelector('a in {"x" "y"}');
    expect(set.ok ? [] : set.error.expected).toEqual([",", "}"]);
  });

  it("accepts a 512-character key", () => {
    expect(parseSelector(`has(${"k".repeat(512)})`).ok).toBe(true);
    expect(parseSelector(`${"k".repeat(512)} == "v"`).ok).toBe(true);
  });
});

function timed<T>(f: () => T): { value: T; millis: number } {
  const started = performance.now();
  const value = f();
  return { value, millis: performance.now() - started };
}

describe("pathological input", () => {
  it(`accepts ${MAX_SELECTOR_DEPTH} nested parentheses and rejects one more at its offset`, () => {
    const ok = `${"(".repeat(MAX_SELECTOR_DEPTH)}has(a)${")".repeat(MAX_SELECTOR_DEPTH)}`;
    expect(selectorOrThrow(ok).canonical).toBe("has(a)");
    const tooDeep = `${"(".repeat(MAX_SELECTOR_DEPTH + 1)}has(a)${")".repeat(MAX_SELECTOR_DEPTH + 1)}`;
    const r = parseSelector(tooDeep);
    expect(r.ok ? -1 : r.error.offset).toBe(MAX_SELECTOR_DEPTH);
  });

  it("rejects 10,000 nested parentheses quickly and without a stack overflow", () => {
    const text = `${"(".repeat(10_000)}has(a)${")".repeat(10_000)}`;
    const { value, millis } = timed(() => parseSelector(text));
    expect(value.ok).toBe(false);
    expect(millis).toBeLessThan(500);
    const negated = `${"!(".repeat(10_000)}has(a)${")".repeat(10_000)}`;
    expect(parseSelector(negated).ok).toBe(false);
  });

  it("handles deep nesting of alternating && and || up to the limit", () => {
    let text = "has(x)";
    for (let i = 0; i < MAX_SELECTOR_DEPTH; i++) text = i % 2 === 0 ? `has(a${i}) && (${text})` : `has(b${i}) || (${text})`;
    const sel = selectorOrThrow(text);
    expect(selectorOrThrow(sel.canonical).canonical).toBe(sel.canonical);
    expect(sel.matches({ b127: "" })).toBe(true);
  });

  it("parses a 4 KB expression and a 100 KB || chain in linear time", () => {
    const small = Array.from({ length: 250 }, (_, i) => `k${i} == "v${i}"`).join(" && ");
    expect(small.length).toBeGreaterThan(4000);
    const s = selectorOrThrow(small);
    expect(s.matches(Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`k${i}`, `v${i}`])))).toBe(true);

    const terms = Array.from({ length: 8000 }, (_, i) => `app == "a${i}"`);
    const big = terms.join(" || ");
    expect(big.length).toBeGreaterThan(100_000);
    const { value, millis } = timed(() => parseSelector(big));
    expect(millis).toBeLessThan(2000);
    expect(value.ok).toBe(true);
    if (!value.ok) return;
    expect(value.value.matches({ app: "a7999" })).toBe(true);
    expect(value.value.matches({ app: "b" })).toBe(false);
    expect(selectorOrThrow(value.value.canonical).canonical).toBe(value.value.canonical);
  });

  it("handles 100 KB set literals, strings and runs of ! without blowing up", () => {
    const values = Array.from({ length: 10_000 }, (_, i) => `"v${i}"`).join(", ");
    const set = selectorOrThrow(`app in {${values}}`);
    expect(set.matches({ app: "v9999" })).toBe(true);
    const longValue = "x".repeat(100_000);
    expect(selectorOrThrow(`a == "${longValue}"`).matches({ a: longValue })).toBe(true);
    expect(parseSelector(`a == "${longValue}`).ok).toBe(false);
    expect(selectorOrThrow(`${"!".repeat(100_000)}has(a)`).canonical).toBe("has(a)");
    expect(parseSelector("%".repeat(100_000)).ok).toBe(false);
    expect(parseSelector(" ".repeat(100_000)).ok).toBe(true);
  });
});
