import { describe, expect, it } from "vitest";
import { sameSelector, selectorRowsToText, textToSelectorRows } from "@/lib/board/selector-rows";
import type { SelectorRow } from "@/lib/board/selector-rows";
import { parseSelector } from "@/lib/selector";

describe("selectorRowsToText", () => {
  it("joins every operator with &&", () => {
    const rows: SelectorRow[] = [
      { key: "app", operator: "==", value: "web" },
      { key: "env", operator: "!=", value: "dev" },
      { key: "tier", operator: "in", value: "a, b" },
      { key: "zone", operator: "not in", value: "x" },
      { key: "pci", operator: "has", value: "" },
      { key: "quarantine", operator: "!has", value: "" },
      { key: "name", operator: "contains", value: "ng" },
      { key: "name", operator: "starts with", value: "ng" },
      { key: "name", operator: "ends with", value: "nx" },
    ];
    const text = selectorRowsToText(rows);
    expect(text).toBe(
      'app == "web" && env != "dev" && tier in {"a", "b"} && zone not in {"x"} && has(pci) && !has(quarantine) && name contains "ng" && name starts with "ng" && name ends with "nx"',
    );
    expect(parseSelector(text).ok).toBe(true);
  });

  it("skips blank rows and single-quotes values with double quotes", () => {
    expect(selectorRowsToText([{ key: "", operator: "==", value: "" }, { key: "a", operator: "==", value: 'say "hi"' }])).toBe(`a == 'say "hi"'`);
    expect(selectorRowsToText([])).toBe("");
  });

  it("builds the W2 namespace selector", () => {
    expect(selectorRowsToText([{ key: "kubernetes.io/metadata.name", operator: "==", value: "catfacts" }])).toBe('kubernetes.io/metadata.name == "catfacts"');
  });
});

describe("textToSelectorRows", () => {
  it("reads conjunctions of simple terms, flattening nested ands", () => {
    expect(textToSelectorRows("(app == 'web' && (has(x) && !has(y))) && k in {'b', 'a'}")).toEqual([
      { key: "app", operator: "==", value: "web" },
      { key: "x", operator: "has", value: "" },
      { key: "y", operator: "!has", value: "" },
      { key: "k", operator: "in", value: "a, b" },
    ]);
  });

  it("gives no rows for empty and all()", () => {
    expect(textToSelectorRows("")).toEqual([]);
    expect(textToSelectorRows("all()")).toEqual([]);
  });

  it("returns null for what rows cannot express", () => {
    for (const text of ["a == 'x' || b == 'y'", "!(a == 'x')", "global()", "k in {'a,b'}", "k in {}", "k in {' a'}", "a == "]) {
      expect(textToSelectorRows(text), text).toBeNull();
    }
  });

  it("round-trips to an equivalent selector", () => {
    for (const text of ["app == 'web'", "a != 'b' && has(c)", "x not in {'1', '2'} && y starts with 'p'"]) {
      const rows = textToSelectorRows(text);
      expect(rows).not.toBeNull();
      expect(sameSelector(text, selectorRowsToText(rows ?? []))).toBe(true);
    }
  });
});
