import { describe, expect, it } from "vitest";
import { parseSelector } from "@/lib/selector";
import type { Labelled, SelectorContext } from "@/lib/policy/labelled";
import { allOf, compileInContext, selfLabelRequirement, toLabelMaps } from "@/lib/policy/labelled";
import { mulberry32 } from "@/lib/random";

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

describe("selfLabelRequirement: the label a selector needs", () => {
  const needs = (selector: string) => {
    const p = parseSelector(selector);
    if (!p.ok) throw new Error(p.error.message);
    const r = selfLabelRequirement(p.value.ast);
    return r === undefined ? undefined : { key: r.key, values: [...r.values].sort() };
  };

  it.each([
    ["app == 'web'", { key: "app", values: ["web"] }],
    ["app in {'a', 'b'}", { key: "app", values: ["a", "b"] }],
    ["app in {}", { key: "app", values: [] }],
    ["has(x) && app in {'a', 'b'} && tier == 'db'", { key: "tier", values: ["db"] }],
    ["app == 'a' || app in {'b', 'c'}", { key: "app", values: ["a", "b", "c"] }],
    ["(app == 'a' && has(x)) || app == 'b'", { key: "app", values: ["a", "b"] }],
    ["app == 'a' || tier == 'b'", undefined],
    ["app == 'a' || has(app)", undefined],
    ["app != 'a'", undefined],
    ["!(app == 'a')", undefined],
    ["app not in {'a'}", undefined],
    ["has(app)", undefined],
    ["all()", undefined],
    ["global()", undefined],
    ["app contains 'a'", undefined],
  ])("%s", (selector, expected) => {
    expect(needs(selector)).toEqual(expected);
  });

  it("every thing a random selector matches carries the needed label (all three endpoint contexts)", () => {
    const rand = mulberry32(7);
    const keys = ["app", "tier"];
    const values = ["a", "b", ""];
    const pickOf = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T; // index < length
    const leaf = (): string => {
      const k = pickOf(keys);
      return pickOf([`${k} == '${pickOf(values)}'`, `${k} in {'${pickOf(values)}', '${pickOf(values)}'}`, `${k} != '${pickOf(values)}'`, `has(${k})`, "all()", `${k} not in {'a'}`]);
    };
    const expr = (d: number): string => (d === 0 || rand() < 0.3 ? leaf() : pickOf([`(${expr(d - 1)}) && (${expr(d - 1)})`, `(${expr(d - 1)}) || (${expr(d - 1)})`, `!(${expr(d - 1)})`]));
    const things: Labelled[] = [];
    for (const app of [undefined, ...values]) for (const tier of [undefined, ...values]) {
      const labels: Record<string, string> = {};
      if (app !== undefined) labels.app = app;
      if (tier !== undefined) labels.tier = tier;
      things.push(thing({ ...labels, "projectcalico.org/serviceaccount": "sa" }, "ns"), thing(labels));
    }
    let constrained = 0;
    for (let i = 0; i < 2000; i++) {
      const text = expr(3);
      const parsed = parseSelector(text);
      if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
      const need = selfLabelRequirement(parsed.value.ast);
      if (need === undefined) continue;
      constrained++;
      for (const ctx of ["self", "selfNamespacedAll", "selfHasSaAll"] as const) {
        const pred = compileInContext(parsed.value.ast, ctx);
        for (const x of things) {
          if (!pred(x)) continue;
          const v = x.maps.self.get(need.key);
          expect({ text, ctx, labels: x.labels, carries: v !== undefined && need.values.has(v) }).toEqual({ text, ctx, labels: x.labels, carries: true });
        }
      }
    }
    expect(constrained).toBeGreaterThan(200);
  });
});
