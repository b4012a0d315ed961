import { describe, expect, it } from "vitest";
import type { Labels } from "@/lib/selector";
import { isSelectorSyntaxDomainError, parseK8sSelectorString, selectorOrThrow } from "@/lib/selector";
import { matchesK8sRequirement } from "@/lib/selector/k8s-requirement";
import { mulberry32 } from "@/lib/random";

interface StringCase {
  readonly selector: string;
  /** Kubernetes' String() of the parsed selector. */
  readonly canonical: string;
  /** Canonical Calico equivalent, or null when there is none. */
  readonly calico: string | null;
  readonly matches: readonly Labels[];
  readonly nonMatches: readonly Labels[];
}

const CASES: readonly StringCase[] = [
  { selector: "", canonical: "", calico: "all()", matches: [{}, { a: "b" }], nonMatches: [] },
  { selector: " \n\t", canonical: "", calico: "all()", matches: [{}], nonMatches: [] },
  {
    selector: "environment in (production, qa),tier!=frontend,!partition,app",
    canonical: "app,environment in (production,qa),!partition,tier!=frontend",
    calico: '(has(app) && environment in {"production", "qa"} && !has(partition) && tier != "frontend")',
    matches: [{ app: "x", environment: "qa" }, { app: "", environment: "production", tier: "backend" }],
    nonMatches: [{ environment: "qa" }, { app: "x", environment: "dev" }, { app: "x", environment: "qa", partition: "" }, { app: "x", environment: "qa", tier: "frontend" }],
  },
  { selector: "a=b", canonical: "a=b", calico: 'a == "b"', matches: [{ a: "b" }], nonMatches: [{}, { a: "c" }] },
  { selector: "a==b", canonical: "a==b", calico: 'a == "b"', matches: [{ a: "b" }], nonMatches: [{}] },
  { selector: "a!=b", canonical: "a!=b", calico: 'a != "b"', matches: [{}, { a: "c" }], nonMatches: [{ a: "b" }] },
  { selector: "a=", canonical: "a=", calico: 'a == ""', matches: [{ a: "" }], nonMatches: [{}, { a: "x" }] },
  { selector: "x notin (a,b)", canonical: "x notin (a,b)", calico: 'x not in {"a", "b"}', matches: [{}, { x: "c" }], nonMatches: [{ x: "a" }] },
  { selector: "x in (b,a,a)", canonical: "x in (a,b)", calico: 'x in {"a", "b"}', matches: [{ x: "a" }], nonMatches: [{}, { x: "" }] },
  { selector: "x in ()", canonical: "x in ()", calico: 'x in {""}', matches: [{ x: "" }], nonMatches: [{}, { x: "a" }] },
  { selector: "x in (a,,b)", canonical: "x in (,a,b)", calico: 'x in {"", "a", "b"}', matches: [{ x: "" }, { x: "b" }], nonMatches: [{}] },
  { selector: "x in (,a)", canonical: "x in (,a)", calico: 'x in {"", "a"}', matches: [{ x: "" }], nonMatches: [{ x: "b" }] },
  { selector: "in in (in, notin)", canonical: "in in (in,notin)", calico: 'in in {"in", "notin"}', matches: [{ in: "notin" }], nonMatches: [{ in: "x" }] },
  { selector: "!a,b", canonical: "!a,b", calico: "(!has(a) && has(b))", matches: [{ b: "" }], nonMatches: [{ a: "", b: "" }, {}] },
  { selector: "app.kubernetes.io/name=api", canonical: "app.kubernetes.io/name=api", calico: 'app.kubernetes.io/name == "api"', matches: [{ "app.kubernetes.io/name": "api" }], nonMatches: [{}] },
  { selector: "b=2,a=1", canonical: "a=1,b=2", calico: '(a == "1" && b == "2")', matches: [{ a: "1", b: "2" }], nonMatches: [{ a: "1" }] },
  // Numeric comparisons exist only in Kubernetes: absent or non-integer values never match.
  { selector: "replicas>2", canonical: "replicas>2", calico: null, matches: [{ replicas: "3" }, { replicas: "+10" }], nonMatches: [{}, { replicas: "2" }, { replicas: "x" }, { replicas: "1.5" }] },
  { selector: "replicas<2", canonical: "replicas<2", calico: null, matches: [{ replicas: "-1" }, { replicas: "1" }], nonMatches: [{}, { replicas: "2" }, { replicas: "99999999999999999999" }] },
];

// [input, offset of the reported problem]
const INVALID: readonly (readonly [string, number])[] = [
  ["a,", 2], // trailing comma needs an identifier after it
  [",a", 0],
  ["a b", 2], // operator expected
  ["!a=b", 2], // ! takes a bare key only
  ["a in b", 5], // "(" expected
  ["a in (b", 7], // ")" expected
  ["a in (b c)", 8],
  ["a=b=c", 3],
  ["a=(", 2],
  ["bad key=x", 4],
  ["-a=b", 0], // key must start alphanumeric
  ["a=-b", 1], // value must start alphanumeric
  ['a="b"', 1], // quotes are not allowed in values
  ["a>", 1], // "" is not an integer
  ["a>-1", 1], // "-1" is not a valid label value
  ["a in (x)y", 8],
  ["Example.com/a=b", 0], // prefix must be lowercase
];

describe("parseK8sSelectorString", () => {
  for (const c of CASES) {
    describe(JSON.stringify(c.selector), () => {
      const parsed = parseK8sSelectorString(c.selector);
      it("parses to Kubernetes' canonical string", () => {
        expect(parsed.ok, parsed.ok ? "" : parsed.error.message).toBe(true);
        if (parsed.ok) expect(parsed.value.canonical).toBe(c.canonical);
      });
      if (!parsed.ok) return;
      const sel = parsed.value;
      it("converts to Calico, or says it cannot", () => {
        expect(sel.calicoExpressible).toBe(c.calico !== null);
        if (c.calico === null) {
          expect(() => sel.toCalico()).toThrow();
          return;
        }
        expect(sel.toCalico()).toBe(c.calico);
        const calico = selectorOrThrow(sel.toCalico());
        for (const l of c.matches) expect(calico.matches(l)).toBe(true);
        for (const l of c.nonMatches) expect(calico.matches(l)).toBe(false);
      });
      for (const l of c.matches) it(`matches ${JSON.stringify(l)}`, () => expect(sel.matches(l)).toBe(true));
      for (const l of c.nonMatches) it(`does not match ${JSON.stringify(l)}`, () => expect(sel.matches(l)).toBe(false));
    });
  }

  for (const [text, offset] of INVALID) {
    it(`rejects ${JSON.stringify(text)} at offset ${offset}`, () => {
      const r = parseK8sSelectorString(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.offset).toBe(offset);
    });
  }

  it("accepts a== as the empty value, like a=", () => {
    const r = parseK8sSelectorString("a==");
    expect(r.ok && r.value.matches({ a: "" })).toBe(true);
  });

  it("throws a selector.syntax DomainError from toCalico for > and <", () => {
    const r = parseK8sSelectorString("a>1");
    if (!r.ok) throw new Error("expected a>1 to parse");
    let caught: unknown;
    try {
      r.value.toCalico();
    } catch (e) {
      caught = e;
    }
    expect(isSelectorSyntaxDomainError(caught)).toBe(true);
  });

  it("treats NUL as the end of input where a token starts and as a separator inside one, as the Go lexer does", () => {
    const r = parseK8sSelectorString("a=b,c \0ignored");
    expect(r.ok ? r.value.canonical : "").toBe("a=b,c");
    expect(parseK8sSelectorString("a=b,c\0ignored").ok).toBe(false);
  });

  it("matches exactly as Requirement.Matches over random selectors and labels (the compiled matcher)", () => {
    const rand = mulberry32(7);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T; // index < length: defined
    // Prototype members as keys too: a label called constructor is absent unless set.
    const keys = ["a", "b", "tier", "constructor", "toString"];
    const values = ["", "x", "y", "1", "10", "03"];
    const forms = [
      (k: string) => `${k}=${pick(values)}`,
      (k: string) => `${k}==${pick(values)}`,
      (k: string) => `${k}!=${pick(values)}`,
      (k: string) => `${k} in (${pick(values)},${pick(values)})`,
      (k: string) => `${k} notin (${pick(values)})`,
      (k: string) => k,
      (k: string) => `!${k}`,
      (k: string) => `${k}>${pick(["1", "05", "9"])}`,
      (k: string) => `${k}<${pick(["1", "05", "9"])}`,
    ];
    let checked = 0;
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(forms)(pick(keys))).join(",");
      const parsed = parseK8sSelectorString(text);
      if (!parsed.ok) throw new Error(`${text} should parse`);
      for (let l = 0; l < 20; l++) {
        const labels: Record<string, string> = {};
        for (const k of keys) if (rand() < 0.5) labels[k] = pick(values);
        const expected = parsed.value.requirements.every((r) => matchesK8sRequirement(r, labels));
        expect(parsed.value.matches(labels), `${text} on ${JSON.stringify(labels)}`).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBe(10_000);
  });
});
