import { describe, expect, it } from "vitest";
import type { Labels } from "@/lib/selector";
import { isSelectorSyntaxDomainError, parseSelector, selectorOrThrow, toCanonical } from "@/lib/selector";

interface MatchCase {
  readonly selector: string;
  readonly matches: readonly Labels[];
  readonly nonMatches: readonly Labels[];
}

// Behaviour of every operator, written from Calico's documented semantics and its ast.go
// evaluators. Each row is also re-checked after canonicalising (see below).
const MATCH_TABLE: readonly MatchCase[] = [
  // == needs the label present with exactly that value.
  { selector: 'role == "db"', matches: [{ role: "db" }, { role: "db", x: "y" }], nonMatches: [{}, { role: "DB" }, { role: "db " }, { other: "db" }] },
  { selector: "role == 'db'", matches: [{ role: "db" }], nonMatches: [{ role: "web" }] },
  { selector: 'role == ""', matches: [{ role: "" }], nonMatches: [{}, { role: "x" }] },
  // != matches when the label is absent (Calico LabelNeValueNode returns true for a missing key).
  { selector: 'role != "db"', matches: [{}, { role: "web" }, { other: "db" }, { role: "" }], nonMatches: [{ role: "db" }] },
  // in / not in: not in matches an absent label, in does not.
  { selector: 'tier in {"a", "b"}', matches: [{ tier: "a" }, { tier: "b" }], nonMatches: [{}, { tier: "c" }, { tier: "" }] },
  { selector: 'tier not in {"a", "b"}', matches: [{}, { tier: "c" }, { tier: "" }], nonMatches: [{ tier: "a" }, { tier: "b" }] },
  { selector: "tier in {}", matches: [], nonMatches: [{}, { tier: "" }, { tier: "a" }] },
  { selector: "tier not in {}", matches: [{}, { tier: "" }, { tier: "a" }], nonMatches: [] },
  { selector: `q in {"'", '"', "c"}`, matches: [{ q: "'" }, { q: '"' }, { q: "c" }], nonMatches: [{}, { q: "d" }] },
  { selector: 'tier in {"a",}', matches: [{ tier: "a" }], nonMatches: [{ tier: "" }] },
  { selector: 'tier notin {"a"}', matches: [{ tier: "b" }, {}], nonMatches: [{ tier: "a" }] },
  { selector: 'tier in{"a"}', matches: [{ tier: "a" }], nonMatches: [{}] },
  { selector: 'tier not\tin {"a"}', matches: [{}], nonMatches: [{ tier: "a" }] },
  { selector: 'image contains"x"', matches: [{ image: "axb" }], nonMatches: [{ image: "y" }] },
  // has / !has, with any value including "".
  { selector: "has(pci)", matches: [{ pci: "" }, { pci: "true" }], nonMatches: [{}, { PCI: "true" }] },
  { selector: "!has(pci)", matches: [{}, { PCI: "x" }], nonMatches: [{ pci: "" }] },
  { selector: "has( pci )", matches: [{ pci: "1" }], nonMatches: [{}] },
  // contains / starts with / ends with need the label present.
  { selector: 'image contains "nginx"', matches: [{ image: "nginx" }, { image: "my-nginx:1" }], nonMatches: [{}, { image: "ngin" }] },
  { selector: 'image contains ""', matches: [{ image: "" }, { image: "x" }], nonMatches: [{}] },
  { selector: 'ver starts with "v1"', matches: [{ ver: "v1" }, { ver: "v1.2" }], nonMatches: [{}, { ver: "xv1" }] },
  { selector: 'ver startswith "v1"', matches: [{ ver: "v12" }], nonMatches: [{ ver: "v2" }] },
  { selector: 'host ends with ".local"', matches: [{ host: "a.local" }, { host: ".local" }], nonMatches: [{}, { host: "a.local." }] },
  { selector: 'host endswith ".local"', matches: [{ host: "x.local" }], nonMatches: [{ host: "local" }] },
  // all() and global() match every label set (global() is special only in namespaceSelector).
  { selector: "all()", matches: [{}, { a: "b" }], nonMatches: [] },
  { selector: "all( )", matches: [{}], nonMatches: [] },
  { selector: "global()", matches: [{}, { a: "b" }], nonMatches: [] },
  { selector: "", matches: [{}, { a: "b" }], nonMatches: [] },
  { selector: " \t ", matches: [{}], nonMatches: [] },
  { selector: "!all()", matches: [], nonMatches: [{}, { a: "b" }] },
  // Negation: runs of ! collapse; ! binds to one operation.
  { selector: "!!has(a)", matches: [{ a: "x" }], nonMatches: [{}] },
  { selector: "! ! ! has(a)", matches: [{}], nonMatches: [{ a: "x" }] },
  { selector: '!a == "x"', matches: [{}, { a: "y" }], nonMatches: [{ a: "x" }] },
  { selector: '!a in {"x"}', matches: [{}, { a: "y" }], nonMatches: [{ a: "x" }] },
  { selector: '!(a == "x" || b == "y")', matches: [{}, { a: "z" }], nonMatches: [{ a: "x" }, { b: "y" }] },
  { selector: '!(!a == "x")', matches: [{ a: "x" }], nonMatches: [{}, { a: "y" }] },
  // && binds tighter than ||.
  { selector: 'a == "1" || b == "2" && c == "3"', matches: [{ a: "1" }, { b: "2", c: "3" }], nonMatches: [{ b: "2" }, { c: "3" }, {}] },
  { selector: '(a == "1" || b == "2") && c == "3"', matches: [{ a: "1", c: "3" }, { b: "2", c: "3" }], nonMatches: [{ a: "1" }, { c: "3" }] },
  { selector: 'a == "1" && b == "2" || c == "3"', matches: [{ a: "1", b: "2" }, { c: "3" }], nonMatches: [{ a: "1" }, { b: "2" }] },
  { selector: "has(a) && !has(b)", matches: [{ a: "" }], nonMatches: [{ a: "", b: "" }, {}] },
  { selector: "!(!has(a) || has(b))", matches: [{ a: "" }], nonMatches: [{ a: "", b: "" }, {}] },
  { selector: "((((has(a)))))", matches: [{ a: "1" }], nonMatches: [{}] },
  // Label keys: letters, digits, _ . / - (Calico's [a-zA-Z0-9_./-]).
  {
    selector: 'projectcalico.org/namespace == "dev" && k8s-app == "kube_dns" && A_b.c/d-e == "1"',
    matches: [{ "projectcalico.org/namespace": "dev", "k8s-app": "kube_dns", "A_b.c/d-e": "1" }],
    nonMatches: [{ "projectcalico.org/namespace": "dev", "k8s-app": "kube_dns" }],
  },
  { selector: "has(0)", matches: [{ "0": "" }], nonMatches: [{}] },
  // Keywords are only special where Calico expects them.
  { selector: 'in == "x" && not == "y" && all == "z" && has == "w"', matches: [{ in: "x", not: "y", all: "z", has: "w" }], nonMatches: [{ in: "x" }] },
  // Spacing: none needed around punctuation; tabs are whitespace.
  { selector: 'a=="x"&&b!="y"||has(c)', matches: [{ a: "x" }, { c: "" }], nonMatches: [{ a: "x", b: "y" }] },
  { selector: '\ta\t==\t"x"\t', matches: [{ a: "x" }], nonMatches: [{}] },
  // Quoted values may hold anything but their own quote character (no escapes).
  { selector: `a == '"quoted"'`, matches: [{ a: '"quoted"' }], nonMatches: [{ a: "quoted" }] },
  { selector: `a == "it's" && b == "x y\nz"`, matches: [{ a: "it's", b: "x y\nz" }], nonMatches: [{ a: "it's" }] },
  { selector: 'a == "&& || ! ( ) { } ,"', matches: [{ a: "&& || ! ( ) { } ," }], nonMatches: [{}] },
  // Inherited Object.prototype members are not labels.
  { selector: "has(constructor) || has(toString) || has(__proto__)", matches: [{ constructor: "x" }], nonMatches: [{}] },
  { selector: 'constructor != "x" && toString not in {"a"}', matches: [{}], nonMatches: [{ constructor: "x" }] },
];

function labelsText(l: Labels): string {
  return JSON.stringify(l);
}

describe("selector matching table", () => {
  for (const row of MATCH_TABLE) {
    describe(JSON.stringify(row.selector), () => {
      const parsed = parseSelector(row.selector);
      it("parses", () => {
        expect(parsed.ok, parsed.ok ? "" : parsed.error.message).toBe(true);
      });
      if (!parsed.ok) return;
      const sel = parsed.value;
      const reparsed = selectorOrThrow(sel.canonical);
      for (const labels of row.matches) {
        it(`matches ${labelsText(labels)}, also after canonicalising`, () => {
          expect(sel.matches(labels)).toBe(true);
          expect(reparsed.matches(labels)).toBe(true);
        });
      }
      for (const labels of row.nonMatches) {
        it(`does not match ${labelsText(labels)}, also after canonicalising`, () => {
          expect(sel.matches(labels)).toBe(false);
          expect(reparsed.matches(labels)).toBe(false);
        });
      }
      it("has a canonical form that round-trips", () => {
        expect(reparsed.canonical).toBe(sel.canonical);
        expect(reparsed.ast).toEqual(sel.ast);
      });
    });
  }
});

// [input, Calico's String() output]
const CANONICAL: readonly (readonly [string, string])[] = [
  ["", "all()"],
  [" all() ", "all()"],
  [" (all() )", "all()"],
  ["global( )", "global()"],
  ["has( b)", "has(b)"],
  [`! (has( b)||! has(a ))`, "!(has(b) || !has(a))"],
  [`! (a == "b"&&! c != "d")`, `!(a == "b" && !c != "d")`],
  [`a == 'b'`, `a == "b"`],
  [`a == "'"`, `a == "'"`],
  [`a == '"'`, `a == '"'`],
  [`a contains '"'`, `a contains '"'`],
  [`a startswith '"'`, `a starts with '"'`],
  [`a   starts    with "x"`, `a starts with "x"`],
  [`a endswith "'"`, `a ends with "'"`],
  [`a!='"'`, `a != '"'`],
  [`a notin {'x'}`, `a not in {"x"}`],
  [`a in {"d", "a", "b"}`, `a in {"a", "b", "d"}`],
  [`a in {"z", "z", "x", "y", "x", "a"}`, `a in {"a", "x", "y", "z"}`],
  [`a in {}`, `a in {}`],
  [`a in { 'x' , "y" , }`, `a in {"x", "y"}`],
  [`a in {"B", "a", "_", "-", "10", "9"}`, `a in {"-", "10", "9", "B", "_", "a"}`],
  [`a in {"\u{1F600}", "\uFFFD"}`, `a in {"\uFFFD", "\u{1F600}"}`],
  [`a == "1" && b == "2"`, `(a == "1" && b == "2")`],
  [`a == "1" || b == "2" || c == "3"`, `(a == "1" || b == "2" || c == "3")`],
  [`a == "1" || b == "2" && c == "3"`, `(a == "1" || (b == "2" && c == "3"))`],
  [`(a == "1" && b == "2") && c == "3"`, `((a == "1" && b == "2") && c == "3")`],
  [`(a == "1")`, `a == "1"`],
  [`!!a == "1"`, `a == "1"`],
  [`!(a == "1")`, `!a == "1"`],
  [`!(k == 'v' && has(t) || all()) && (a in {'b', 'c'})`, `(!((k == "v" && has(t)) || all()) && a in {"b", "c"})`],
  // Our one deviation: Calico would print `!!a == "1"`, which does not round-trip.
  [`!(!a == "1")`, `!(!a == "1")`],
];

describe("canonical form", () => {
  for (const [input, expected] of CANONICAL) {
    it(`prints ${JSON.stringify(input)} as ${expected} and round-trips`, () => {
      const sel = selectorOrThrow(input);
      expect(sel.canonical).toBe(expected);
      expect(toCanonical(sel.ast)).toBe(expected);
      expect(selectorOrThrow(expected).canonical).toBe(expected);
    });
  }
});

describe("selectorOrThrow", () => {
  it("throws a DomainError with code selector.syntax, the offset and what was expected", () => {
    let caught: unknown;
    try {
      selectorOrThrow('app == "web" &&');
    } catch (e) {
      caught = e;
    }
    expect(isSelectorSyntaxDomainError(caught)).toBe(true);
    if (!isSelectorSyntaxDomainError(caught)) return;
    expect(caught.code).toBe("selector.syntax");
    expect(caught.offset).toBe(15);
    expect(caught.expected).toContain("label");
    expect(caught.selector).toBe('app == "web" &&');
  });

  it("returns the same frozen selector for repeated text", () => {
    const a = selectorOrThrow("has(x)");
    expect(selectorOrThrow("has(x)")).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.ast)).toBe(true);
  });
});

describe("parse cache", () => {
  it("evicts the oldest entry once 1024 texts are cached, without changing results", () => {
    const first = selectorOrThrow("has(evict-me)");
    for (let i = 0; i < 1100; i++) selectorOrThrow(`has(filler-${i})`);
    const again = selectorOrThrow("has(evict-me)");
    expect(again).not.toBe(first);
    expect(again.canonical).toBe(first.canonical);
  });
});
