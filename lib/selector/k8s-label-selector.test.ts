import { describe, expect, it } from "vitest";
import type { LabelSelector } from "@/lib/calico/types";
import type { Labels } from "@/lib/selector";
import { k8sLabelSelectorToCalico, matchesK8sLabelSelector, selectorOrThrow } from "@/lib/selector";

interface ConversionCase {
  readonly name: string;
  readonly sel: LabelSelector;
  readonly calico: string;
  readonly matches: readonly Labels[];
  readonly nonMatches: readonly Labels[];
}

// Expected text follows Calico's k8sSelectorToCalico: matchLabels sorted by key, then
// matchExpressions in the order given, single quotes, `{ 'a', 'b' }`, `! has(k)`, " && ".
const CASES: readonly ConversionCase[] = [
  { name: "empty selector matches everything", sel: {}, calico: "all()", matches: [{}, { a: "b" }], nonMatches: [] },
  { name: "empty lists match everything", sel: { matchLabels: {}, matchExpressions: [] }, calico: "all()", matches: [{}], nonMatches: [] },
  {
    name: "matchLabels sorted by key",
    sel: { matchLabels: { tier: "fe", app: "web" } },
    calico: "app == 'web' && tier == 'fe'",
    matches: [{ app: "web", tier: "fe" }, { app: "web", tier: "fe", x: "y" }],
    nonMatches: [{ app: "web" }, { app: "web", tier: "be" }, {}],
  },
  {
    name: "matchLabels plus matchExpressions",
    sel: {
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod", "qa"] },
        { key: "tier", operator: "NotIn", values: ["db"] },
        { key: "team", operator: "Exists" },
        { key: "legacy", operator: "DoesNotExist" },
      ],
    },
    calico: "app == 'web' && env in { 'prod', 'qa' } && tier not in { 'db' } && has(team) && ! has(legacy)",
    matches: [{ app: "web", env: "qa", team: "" }, { app: "web", env: "prod", tier: "fe", team: "t" }],
    nonMatches: [
      { app: "web", env: "dev", team: "t" },
      { app: "web", env: "qa", tier: "db", team: "t" },
      { app: "web", env: "qa" },
      { app: "web", env: "qa", team: "t", legacy: "true" },
    ],
  },
  {
    name: "NotIn matches when the key is absent",
    sel: { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] },
    calico: "env not in { 'prod' }",
    matches: [{}, { env: "dev" }, { env: "" }],
    nonMatches: [{ env: "prod" }],
  },
  {
    name: "DoesNotExist",
    sel: { matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] },
    calico: "! has(canary)",
    matches: [{}, { other: "x" }],
    nonMatches: [{ canary: "" }, { canary: "true" }],
  },
  {
    name: "In with the empty value",
    sel: { matchExpressions: [{ key: "k", operator: "In", values: ["", "x"] }] },
    calico: "k in { '', 'x' }",
    matches: [{ k: "" }, { k: "x" }],
    nonMatches: [{}, { k: "y" }],
  },
  {
    name: "prefixed keys",
    sel: { matchLabels: { "app.kubernetes.io/name": "api", "kubernetes.io/metadata.name": "default" } },
    calico: "app.kubernetes.io/name == 'api' && kubernetes.io/metadata.name == 'default'",
    matches: [{ "app.kubernetes.io/name": "api", "kubernetes.io/metadata.name": "default" }],
    nonMatches: [{ "app.kubernetes.io/name": "api" }],
  },
];

// Selectors the API server would reject. We convert them to `!all()` and match nothing.
const INVALID: readonly (readonly [string, LabelSelector])[] = [
  ["In without values", { matchExpressions: [{ key: "a", operator: "In", values: [] }] }],
  ["NotIn without values", { matchExpressions: [{ key: "a", operator: "NotIn" }] }],
  ["Exists with values", { matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }],
  ["bad key", { matchLabels: { "bad key": "x" } }],
  ["bad value", { matchLabels: { a: "x y" } }],
  ["value with a quote", { matchLabels: { a: "it's" } }],
  ["upper-case prefix", { matchLabels: { "Example.com/a": "x" } }],
  ["name too long", { matchLabels: { ["n".repeat(64)]: "x" } }],
  // The cast is deliberate: the type forbids unknown operators, but decoded YAML can carry one.
  ["unknown operator", JSON.parse('{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}') as LabelSelector],
];

describe("k8sLabelSelectorToCalico / matchesK8sLabelSelector", () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const text = k8sLabelSelectorToCalico(c.sel);
      it("converts to Calico's converter text", () => {
        expect(text).toBe(c.calico);
      });
      const calico = selectorOrThrow(text);
      for (const labels of c.matches) {
        it(`matches ${JSON.stringify(labels)} in both syntaxes`, () => {
          expect(matchesK8sLabelSelector(c.sel, labels)).toBe(true);
          expect(calico.matches(labels)).toBe(true);
        });
      }
      for (const labels of c.nonMatches) {
        it(`does not match ${JSON.stringify(labels)} in either syntax`, () => {
          expect(matchesK8sLabelSelector(c.sel, labels)).toBe(false);
          expect(calico.matches(labels)).toBe(false);
        });
      }
    });
  }

  for (const [name, sel] of INVALID) {
    it(`fails closed on an invalid selector: ${name}`, () => {
      expect(k8sLabelSelectorToCalico(sel)).toBe("!all()");
      expect(matchesK8sLabelSelector(sel, {})).toBe(false);
      expect(matchesK8sLabelSelector(sel, { a: "x" })).toBe(false);
    });
  }

  it("gives text whose canonical form is Calico's", () => {
    const text = k8sLabelSelectorToCalico({ matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "In", values: ["qa", "prod"] }] });
    expect(selectorOrThrow(text).canonical).toBe('(app == "web" && env in {"prod", "qa"})');
  });
});
