import { describe, expect, it } from "vitest";
import { diffLines, diffSequences } from "@/lib/board/line-diff";
import { diffFields, diffObjects, formatFieldChange, revisionYaml } from "@/lib/board/object-diff";
import type { NetworkPolicy } from "@/lib/calico/types";
import { mulberry32 } from "@/lib/random";

/** Rebuilds both sides from an edit script, to check it is a valid script. */
function replay(a: string[], b: string[]): { left: string[]; right: string[] } {
  const ops = diffSequences(a, b);
  return {
    left: ops.flatMap((o) => (o.op === "add" ? [] : [a[o.a] ?? ""])),
    right: ops.flatMap((o) => (o.op === "del" ? [] : [b[o.b] ?? ""])),
  };
}

describe("diffSequences", () => {
  const cases: [string[], string[], number][] = [
    [[], [], 0],
    [["a"], [], 1],
    [[], ["a"], 1],
    [["a", "b", "c"], ["a", "b", "c"], 0],
    ["abcabba".split(""), "cbabac".split(""), 5],
    [["x", "a", "b"], ["a", "b", "y"], 2],
  ];
  it.each(cases)("%j → %j is a shortest valid script", (a, b, d) => {
    const ops = diffSequences(a, b);
    expect(ops.filter((o) => o.op !== "same")).toHaveLength(d);
    expect(replay(a, b)).toEqual({ left: a, right: b });
  });

  it("handles random inputs", () => {
    const rnd = mulberry32(7);
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: Math.floor(rnd() * 12) }, () => "abc"[Math.floor(rnd() * 3)] ?? "a");
      const b = Array.from({ length: Math.floor(rnd() * 12) }, () => "abc"[Math.floor(rnd() * 3)] ?? "a");
      expect(replay(a, b)).toEqual({ left: a, right: b });
    }
  });
});

describe("diffLines", () => {
  it("pairs replaced lines as changes and numbers each side", () => {
    expect(diffLines(["a", "b", "c"], ["a", "B", "c", "d"])).toEqual([
      { op: "same", left: { no: 1, text: "a" }, right: { no: 1, text: "a" } },
      { op: "change", left: { no: 2, text: "b" }, right: { no: 2, text: "B" } },
      { op: "same", left: { no: 3, text: "c" }, right: { no: 3, text: "c" } },
      { op: "add", right: { no: 4, text: "d" } },
    ]);
  });
});

const v1: NetworkPolicy = {
  kind: "NetworkPolicy",
  metadata: { name: "p", namespace: "dev", resourceVersion: "1", uid: "u", generation: 1, creationTimestamp: "t", labels: { b: "2", a: "1" } },
  spec: { order: 100, selector: "all()", ingress: [{ action: "Allow" }] },
};
const v2: NetworkPolicy = {
  ...v1,
  metadata: { ...v1.metadata, resourceVersion: "2", generation: 2, labels: { a: "1", b: "2" } },
  spec: { order: 150, selector: "all()", ingress: [{ action: "Allow" }, { action: "Deny" }] },
};

describe("diffObjects", () => {
  it("serialises as v3 YAML without server bookkeeping, labels sorted", () => {
    const yaml = revisionYaml(v1);
    expect(yaml.startsWith("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n")).toBe(true);
    expect(yaml).not.toMatch(/resourceVersion|uid|generation|creationTimestamp/);
    expect(yaml.indexOf("a: \"1\"")).toBeLessThan(yaml.indexOf("b: \"2\""));
  });

  it("shows only the real changes", () => {
    const rows = diffObjects(v1, v2).filter((r) => r.op !== "same");
    expect(rows).toEqual([
      { op: "change", left: { no: 10, text: "  order: 100" }, right: { no: 10, text: "  order: 150" } },
      { op: "add", right: { no: 14, text: "    - action: Deny" } },
    ]);
  });

  it("shows a creation as all additions and a deletion as all deletions", () => {
    expect(diffObjects(undefined, v1).every((r) => r.op === "add")).toBe(true);
    expect(diffObjects(v1, undefined).every((r) => r.op === "del")).toBe(true);
  });

  it("sorts keys of plain (non-model) objects so key order does not matter", () => {
    expect(diffObjects({ b: 1, a: 2 }, { a: 2, b: 1 }).every((r) => r.op === "same")).toBe(true);
  });
});

describe("diffFields", () => {
  it("summarises leaf changes", () => {
    const changes = diffFields(v1, v2);
    expect(changes).toEqual([
      { path: "spec.order", before: 100, after: 150 },
      { path: "spec.ingress[1].action", after: "Deny" },
    ]);
    expect(changes.map(formatFieldChange)).toEqual(["spec.order: 100 → 150", "spec.ingress[1].action: (none) → Deny"]);
  });

  it("quotes label keys that are not identifiers and reports removals", () => {
    const a = { metadata: { labels: { "app.kubernetes.io/name": "x" } } };
    expect(diffFields(a, { metadata: {} })).toEqual([{ path: 'metadata.labels["app.kubernetes.io/name"]', before: "x" }, { path: "metadata", after: {} }]);
  });
});
