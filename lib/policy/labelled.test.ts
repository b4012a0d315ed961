import { describe, expect, it } from "vitest";
import { parseSelector } from "@/lib/selector";
import type { Labelled, SelectorContext } from "@/lib/policy/labelled";
import { allOf, compileInContext, toLabelMaps } from "@/lib/policy/labelled";

function thing(labels: Record<string, string>, namespace?: string, nsLabels: Record<string, string> = {}, saLabels: Record<string, string> = {}): Labelled {
  return { labels, namespace, nsLabels, saLabels, maps: toLabelMaps(labels, nsLabels, saLabels) };
}

function check(selector: string, ctx: SelectorContext, x: Labelled): boolean {
  const p = parseSelector(selector);
  if (!p.ok) throw new Error(p.error.message);
  return compileInContext(p.value.ast, ctx)(x);
}

const pod = thing({ app: "web-frontend", "projectcalico.org/serviceaccount": "sa1" }, "prod", { env: "prod" }, { team: "core" });
const host = thing({ role: "node" });

describe("selector evaluation in policy contexts", () => {
  it.each([
    ["has(app)", true],
    ["!has(app)", false],
    ["app == 'web-frontend'", true],
    ["app != 'x'", true],
    ["missing != 'x'", true],
    ["app contains 'front'", true],
    ["app starts with 'web'", true],
    ["app ends with 'end'", true],
    ["missing contains 'a'", false],
    ["app in {'a', 'web-frontend'}", true],
    ["app not in {'web-frontend'}", false],
    ["missing not in {'a'}", true],
    ["app == 'x' || has(app)", true],
    ["app == 'x' || app == 'y'", false],
    ["has(app) && has(projectcalico.org/serviceaccount) && app != 'z'", true],
    ["all()", true],
    ["global()", true],
  ])("self: %s → %s", (sel, expected) => {
    expect(check(sel, "self", pod)).toBe(expected);
  });

  it("namespace context reads namespace labels; all() = namespaced; global() = not namespaced", () => {
    expect(check("env == 'prod'", "namespace", pod)).toBe(true);
    expect(check("all()", "namespace", pod)).toBe(true);
    expect(check("all()", "namespace", host)).toBe(false);
    expect(check("global()", "namespace", host)).toBe(true);
    expect(check("global()", "namespace", pod)).toBe(false);
    expect(check("env != 'prod'", "namespace", host)).toBe(true);
  });

  it("service-account contexts", () => {
    expect(check("team == 'core'", "serviceAccount", pod)).toBe(true);
    expect(check("all()", "serviceAccount", host)).toBe(true);
    expect(check("all()", "serviceAccountHasSaAll", host)).toBe(false);
    expect(check("all()", "serviceAccountHasSaAll", pod)).toBe(true);
    expect(check("all()", "selfHasSaAll", pod)).toBe(true);
    expect(check("all()", "selfNamespacedAll", host)).toBe(false);
  });

  it("allOf of none matches everything; of several requires all", () => {
    expect(allOf([])(host)).toBe(true);
    const a = (x: Labelled) => x.namespace !== undefined;
    const b = (x: Labelled) => x.maps.self.has("app");
    const c = (x: Labelled) => x.maps.ns.has("env");
    expect(allOf([a, undefined, b, c])(pod)).toBe(true);
    expect(allOf([a, b, c])(host)).toBe(false);
  });
});
