/**
 * Public API of the Calico selector module: tokenizer, parser, AST, canonical printer, compiled
 * matcher, and the Kubernetes label-selector bridges. Everything else in this folder is internal.
 * See DESIGN.md for the semantics and the canonical form.
 */
export type {
  Labels,
  SelectorNode,
  SelectorNodeKind,
  AllNode,
  GlobalNode,
  HasNode,
  LabelEqNode,
  LabelNeNode,
  LabelContainsNode,
  LabelStartsWithNode,
  LabelEndsWithNode,
  LabelInNode,
  LabelNotInNode,
  NotNode,
  AndNode,
  OrNode,
} from "@/lib/selector/ast";
export type { SelectorSyntaxError } from "@/lib/selector/syntax-error";
export { SelectorSyntaxDomainError, isSelectorSyntaxDomainError, MAX_SELECTOR_DEPTH, MAX_SELECTOR_LENGTH } from "@/lib/selector/syntax-error";
export type { Selector } from "@/lib/selector/selector";
export { parseSelector, selectorOrThrow } from "@/lib/selector/selector";
export { toCanonical } from "@/lib/selector/canonical";
export { compileMatcher } from "@/lib/selector/matcher";
export { isValidLabelKey } from "@/lib/selector/tokenizer";
export { k8sLabelSelectorToCalico, matchesK8sLabelSelector } from "@/lib/selector/k8s-label-selector";
export type { K8sSelectorString } from "@/lib/selector/k8s-selector-string";
export { parseK8sSelectorString } from "@/lib/selector/k8s-selector-string";
export type { SelectorSyntaxExplanation } from "@/lib/selector/explain";
export { explainSelectorSyntax } from "@/lib/selector/explain";
