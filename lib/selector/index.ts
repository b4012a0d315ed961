/**
 * Public API of the Calico selector module: tokenizer, parser, AST, canonical printer, compiled
 * matcher, and the Kubernetes label-selector bridges. Import from "@/lib/selector" only; other
 * files in this folder are internal. See DESIGN.md for the semantics and the canonical form.
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
export {
  SelectorSyntaxDomainError,
  isSelectorSyntaxDomainError,
  MAX_SELECTOR_DEPTH,
  MAX_LABEL_KEY_LENGTH,
} from "@/lib/selector/syntax-error";
export type { Selector } from "@/lib/selector/selector";
export { parseSelector, selectorOrThrow, buildSelector } from "@/lib/selector/selector";
export { toCanonical } from "@/lib/selector/canonical";
export type { LabelMatcher } from "@/lib/selector/matcher";
export { compileMatcher } from "@/lib/selector/matcher";
export { isValidLabelKey } from "@/lib/selector/tokenizer";
export type { K8sOperator, K8sRequirement } from "@/lib/selector/k8s-requirement";
export {
  k8sLabelSelectorToCalico,
  matchesK8sLabelSelector,
  toK8sRequirements,
  MATCH_NOTHING_SELECTOR,
} from "@/lib/selector/k8s-label-selector";
export type { K8sSelectorString } from "@/lib/selector/k8s-selector-string";
export { parseK8sSelectorString } from "@/lib/selector/k8s-selector-string";
export type { SelectorSyntaxExplanation } from "@/lib/selector/explain";
export { explainSelectorSyntax } from "@/lib/selector/explain";
