/**
 * Kubernetes set-based selector strings, as accepted by `kubectl -l` and
 * ListOptions.labelSelector, parsed like k8s.io/apimachinery/pkg/labels.Parse:
 *
 *   selector    := "" | requirement ("," requirement)*
 *   requirement := ["!"] KEY [ ("in" | "notin") "(" values ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 *
 * Whitespace is space, tab, CR and LF; identifiers run until whitespace or one of `=!(),<>`;
 * `in` / `notin` are keywords only in operator position; values may be empty (`a=`, `a in (,b)`);
 * keys and values are validated as label keys and values. Requirements are ANDed and sorted by key.
 */
import type { Labels, SelectorNode } from "@/lib/selector/ast";
import { compareCodePoints } from "@/lib/selector/ast";
import { toCanonical } from "@/lib/selector/canonical";
import type { LabelMatcher } from "@/lib/selector/matcher";
import { compileMatcher } from "@/lib/selector/matcher";
import type { K8sOperator, K8sRequirement } from "@/lib/selector/k8s-requirement";
import {
  k8sLabelKeyProblem,
  k8sRequirementProblem,
  k8sRequirementToNode,
  k8sRequirementToString,
  matchesK8sRequirement,
} from "@/lib/selector/k8s-requirement";
import type { SelectorSyntaxError } from "@/lib/selector/syntax-error";
import { SelectorSyntaxDomainError, buildSyntaxError } from "@/lib/selector/syntax-error";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

/** A parsed Kubernetes selector string. */
export interface K8sSelectorString {
  /** The requirements, sorted by key as Kubernetes does; all must hold. */
  readonly requirements: readonly K8sRequirement[];
  /** Kubernetes' own String() form, e.g. `environment in (production,qa),tier!=frontend`. */
  readonly canonical: string;
  /** False when a `>` or `<` requirement has no Calico equivalent; toCalico() then throws. */
  readonly calicoExpressible: boolean;
  /** Kubernetes matching semantics (NotIn and != match when the key is absent). Never throws. */
  matches(labels: Labels): boolean;
  /**
   * The equivalent Calico selector in canonical form (`all()` for the empty selector).
   * Throws SelectorSyntaxDomainError when `calicoExpressible` is false.
   */
  toCalico(): string;
}

type TokKind = "eos" | "id" | "in" | "notin" | "(" | ")" | "," | "!" | "=" | "==" | "!=" | ">" | "<";

interface Tok {
  readonly kind: TokKind;
  readonly text: string;
  readonly start: number;
}

const SPECIALS = "=!(),<>";
const BINARY_OPERATORS = ["in", "notin", "=", "==", "!=", "gt", "lt"];

function isWhitespace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
}

/**
 * Scans the whole input like the apimachinery Lexer. A NUL character where a token would start
 * ends the input, and inside an identifier it ends the identifier (Go's lexer uses 0 as "end").
 */
function scan(s: string): Tok[] {
  const toks: Tok[] = [];
  let p = 0;
  for (;;) {
    while (p < s.length && isWhitespace(s.charAt(p))) p++;
    if (p >= s.length || s.charAt(p) === "\0") {
      toks.push({ kind: "eos", text: "", start: p });
      return toks;
    }
    const start = p;
    const ch = s.charAt(p);
    if (SPECIALS.includes(ch)) {
      const two = s.slice(p, p + 2);
      const text = two === "==" || two === "!=" ? two : ch;
      p += text.length;
      // The cast is safe: `text` is one of the special symbols or "==" / "!=", all TokKinds.
      toks.push({ kind: text as TokKind, text, start });
      continue;
    }
    while (p < s.length) {
      const c = s.charAt(p);
      if (c === "\0") {
        p++;
        break;
      }
      if (isWhitespace(c) || SPECIALS.includes(c)) break;
      p++;
    }
    const text = s.slice(start, p).replace("\0", "");
    toks.push({ kind: text === "in" || text === "notin" ? text : "id", text, start });
  }
}

class K8sParser {
  private pos = 0;
  constructor(private readonly toks: readonly Tok[]) {}

  /** The current token; `in` / `notin` read as identifiers unless `asOperator`. */
  private peek(asOperator = false): Tok {
    const t = this.toks[Math.min(this.pos, this.toks.length - 1)] ?? { kind: "eos", text: "", start: 0 };
    return !asOperator && (t.kind === "in" || t.kind === "notin") ? { ...t, kind: "id" } : t;
  }

  private take(asOperator = false): Tok {
    const t = this.peek(asOperator);
    this.pos++;
    return t;
  }

  parse(): Result<K8sRequirement[], SelectorSyntaxError> {
    const reqs: K8sRequirement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === "eos") return ok(reqs);
      if (t.kind !== "id" && t.kind !== "!") return fail(t, "expected !, identifier or end of string", ["!", "label key", "end of input"]);
      const r = this.parseRequirement();
      if (!r.ok) return r;
      reqs.push(r.value);
      const sep = this.take();
      if (sep.kind === "eos") return ok(reqs);
      if (sep.kind !== ",") return fail(sep, "expected ',' or end of string", [",", "end of input"]);
      const next = this.peek();
      if (next.kind !== "id" && next.kind !== "!") return fail(next, "expected identifier after ','", ["!", "label key"]);
    }
  }

  private parseRequirement(): Result<K8sRequirement, SelectorSyntaxError> {
    let first = this.take();
    const negated = first.kind === "!";
    if (negated) first = this.take();
    if (first.kind !== "id") return fail(first, "expected identifier", ["label key"]);
    const keyProblem = k8sLabelKeyProblem(first.text);
    if (keyProblem !== null) return err(buildSyntaxError(`invalid label key ${JSON.stringify(first.text)}: ${keyProblem}`, first.start, ["label key"]));
    const after = this.peek();
    if (negated || after.kind === "eos" || after.kind === ",") {
      return ok({ key: first.text, operator: negated ? "!" : "exists", values: [] });
    }
    const opTok = this.take(true);
    const operator = toOperator(opTok.kind);
    if (operator === null) return fail(opTok, `expected one of ${BINARY_OPERATORS.join(", ")}`, BINARY_OPERATORS);
    const values = operator === "in" || operator === "notin" ? this.parseValues() : this.parseExactValue();
    if (!values.ok) return values;
    const req: K8sRequirement = { key: first.text, operator, values: values.value };
    const problem = k8sRequirementProblem(req);
    if (problem !== null) return err(buildSyntaxError(problem, opTok.start, []));
    return ok(req);
  }

  /** `(a,b)`; `()` is {""}, and empty items between commas are "" (as apimachinery). */
  private parseValues(): Result<string[], SelectorSyntaxError> {
    const open = this.take();
    if (open.kind !== "(") return fail(open, "expected '('", ["("]);
    const values = new Set<string>();
    const first = this.peek();
    if (first.kind === ")") {
      this.take();
      return ok([""]);
    }
    if (first.kind !== "id" && first.kind !== ",") return fail(first, "expected ',', ')' or identifier", [",", ")", "value"]);
    for (;;) {
      const t = this.take();
      if (t.kind === "id") {
        values.add(t.text);
        const next = this.peek();
        if (next.kind === ")") break;
        if (next.kind !== ",") return fail(next, "expected ',' or ')'", [",", ")"]);
      } else if (t.kind === ",") {
        if (values.size === 0) values.add("");
        const next = this.peek();
        if (next.kind === ")") {
          values.add("");
          break;
        }
        if (next.kind === ",") values.add("");
      } else {
        return fail(t, "expected ',' or identifier", [",", "value"]);
      }
    }
    this.take();
    return ok([...values].sort(compareCodePoints));
  }

  private parseExactValue(): Result<string[], SelectorSyntaxError> {
    const t = this.peek();
    if (t.kind === "eos" || t.kind === ",") return ok([""]);
    this.take();
    if (t.kind === "id") return ok([t.text]);
    return fail(t, "expected identifier", ["value"]);
  }
}

function toOperator(kind: TokKind): K8sOperator | null {
  switch (kind) {
    case "in":
    case "notin":
    case "=":
    case "==":
    case "!=":
      return kind;
    case ">":
      return "gt";
    case "<":
      return "lt";
    default:
      return null;
  }
}

function fail(t: Tok, what: string, expected: readonly string[]): Result<never, SelectorSyntaxError> {
  const found = t.kind === "eos" ? "end of string" : `'${t.text}'`;
  return err(buildSyntaxError(`found ${found}, ${what}`, t.start, expected));
}

/**
 * Parses a Kubernetes label selector string ("environment in (production, qa),tier!=frontend,
 * !partition,app"). "" is the empty selector and matches everything. Errors carry the offset of
 * the offending token. Never throws.
 */
export function parseK8sSelectorString(text: string): Result<K8sSelectorString, SelectorSyntaxError> {
  const parsed = new K8sParser(scan(text)).parse();
  if (!parsed.ok) return parsed;
  const requirements = Object.freeze([...parsed.value].sort((a, b) => compareCodePoints(a.key, b.key)));
  const nodes = requirements.map(k8sRequirementToNode);
  const calicoExpressible = nodes.every((n) => n !== null);
  const canonical = requirements.map(k8sRequirementToString).join(",");
  const matches = compileRequirements(requirements, nodes);
  return ok(
    Object.freeze({
      requirements,
      canonical,
      calicoExpressible,
      matches,
      toCalico: () => {
        const present = nodes.filter((n): n is SelectorNode => n !== null);
        if (present.length !== nodes.length) {
          throw new SelectorSyntaxDomainError(text, buildSyntaxError("Calico selectors have no numeric '>' or '<' comparison", 0, []));
        }
        return toCanonical(combineAnd(present));
      },
    }),
  );
}

/**
 * The matcher of the requirements. Every requirement but Gt/Lt has a Calico node with the same
 * semantics (`=`, `in` need the label present; `!=`, `notin` also match it absent; `exists` is
 * has(), `!` is !has()), so those go through the compiled closures of Calico selectors (no
 * operator dispatch per call); Gt/Lt keep matchesK8sRequirement. Never throws.
 */
function compileRequirements(requirements: readonly K8sRequirement[], nodes: readonly (SelectorNode | null)[]): LabelMatcher {
  const present = nodes.filter((n): n is SelectorNode => n !== null);
  if (present.length === nodes.length) return compileMatcher(combineAnd(present));
  const testers: LabelMatcher[] = requirements.map((r, i) => {
    const node = nodes[i];
    return node !== undefined && node !== null ? compileMatcher(node) : (labels: Labels) => matchesK8sRequirement(r, labels);
  });
  return (labels) => {
    for (let i = 0; i < testers.length; i++) if (!(testers[i] as LabelMatcher)(labels)) return false; // i < length: defined
    return true;
  };
}

/** ANDs nodes the way the Calico parser would build `a && b && c`. */
export function combineAnd(nodes: readonly SelectorNode[]): SelectorNode {
  const [only] = nodes;
  if (nodes.length === 0) return { kind: "all" };
  if (only !== undefined && nodes.length === 1) return only;
  return { kind: "and", operands: nodes };
}
