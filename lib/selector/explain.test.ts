import { describe, expect, it } from "vitest";
import { explainSelectorSyntax } from "@/lib/selector";

describe("explainSelectorSyntax", () => {
  it("recognises Calico syntax and gives the canonical form", () => {
    expect(explainSelectorSyntax('app == "web"')).toEqual({ syntax: "calico", calico: 'app == "web"', note: "Calico selector." });
    const e = explainSelectorSyntax("app=='web'&&has(x)");
    expect(e.syntax).toBe("calico");
    expect(e.calico).toBe('(app == "web" && has(x))');
    expect(e.note).toContain('(app == "web" && has(x))');
  });

  it("reports blank text as Calico all()", () => {
    expect(explainSelectorSyntax("").calico).toBe("all()");
    expect(explainSelectorSyntax("  ").syntax).toBe("calico");
  });

  it("recognises Kubernetes syntax and converts it", () => {
    const e = explainSelectorSyntax("environment in (production, qa),tier!=frontend,!partition,app");
    expect(e.syntax).toBe("kubernetes");
    expect(e.calico).toBe('(has(app) && environment in {"production", "qa"} && !has(partition) && tier != "frontend")');
    expect(e.note).toMatch(/^Kubernetes selector syntax/);
    expect(e.note).toContain("commas become &&");
    expect(explainSelectorSyntax("app=web")).toMatchObject({ syntax: "kubernetes", calico: 'app == "web"' });
    expect(explainSelectorSyntax("app")).toMatchObject({ syntax: "kubernetes", calico: "has(app)" });
  });

  it("has no Calico equivalent for numeric comparisons", () => {
    const e = explainSelectorSyntax("replicas>2");
    expect(e.syntax).toBe("kubernetes");
    expect(e.calico).toBeUndefined();
  });

  it("explains invalid text with the Calico error offset", () => {
    const e = explainSelectorSyntax('app == "web" &&');
    expect(e.syntax).toBe("invalid");
    expect(e.calico).toBeUndefined();
    expect(e.note).toContain("offset 15");
  });
});
