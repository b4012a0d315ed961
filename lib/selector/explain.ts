/**
 * Syntax detection for the selector editor: users paste Kubernetes selectors
 * (`app=web,tier in (a,b)`) where Calico syntax is required (`app == "web" && tier in {"a", "b"}`).
 * The two grammars barely overlap: Calico requires quoted values and uses `&&`, Kubernetes forbids
 * quotes and uses commas. Only blank text is valid in both, and it is reported as Calico.
 */
import { parseK8sSelectorString } from "@/lib/selector/k8s-selector-string";
import type { K8sSelectorString } from "@/lib/selector/k8s-selector-string";
import { parseSelector } from "@/lib/selector/selector";

/** Result of explainSelectorSyntax. `calico` is canonical Calico text when one exists. */
export interface SelectorSyntaxExplanation {
  readonly syntax: "calico" | "kubernetes" | "invalid";
  readonly calico?: string;
  readonly note: string;
}

/**
 * Detects whether `text` is a Calico selector, a Kubernetes selector string, or neither. For
 * Calico, `calico` is the canonical form; for Kubernetes, the Calico equivalent (absent when it
 * uses `>` / `<`, which Calico cannot express); for invalid input, `note` carries the Calico parse
 * error with its offset. Never throws.
 */
export function explainSelectorSyntax(text: string): SelectorSyntaxExplanation {
  const calico = parseSelector(text);
  if (calico.ok) {
    const canonical = calico.value.canonical;
    const note = canonical === text.trim() ? "Calico selector." : `Calico selector; canonical form: ${canonical}`;
    return { syntax: "calico", calico: canonical, note };
  }
  const k8s = parseK8sSelectorString(text);
  if (k8s.ok) {
    if (!k8s.value.calicoExpressible) {
      return {
        syntax: "kubernetes",
        note: "Kubernetes selector syntax; its numeric '>' / '<' comparisons have no Calico equivalent.",
      };
    }
    return { syntax: "kubernetes", calico: k8s.value.toCalico(), note: describeK8sDifferences(k8s.value) };
  }
  return { syntax: "invalid", note: `Not a valid selector: ${calico.error.message}` };
}

function describeK8sDifferences(sel: K8sSelectorString): string {
  const parts: string[] = [];
  const ops = new Set(sel.requirements.map((r) => r.operator));
  if (ops.has("=") || ops.has("==")) parts.push('key=value becomes key == "value"');
  if (ops.has("in") || ops.has("notin")) parts.push('in (a,b) becomes in {"a", "b"} and notin becomes not in');
  if (ops.has("exists")) parts.push("a bare key becomes has(key)");
  if (ops.has("!")) parts.push("!key becomes !has(key)");
  if (sel.requirements.length > 1) parts.push("commas become &&");
  if (sel.requirements.length === 0) parts.push("an empty selector is all()");
  return `Kubernetes selector syntax; in Calico ${parts.join(", ")}.`;
}
