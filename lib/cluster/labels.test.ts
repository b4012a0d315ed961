import { describe, expect, it } from "vitest";
import { applyLabelChange, checkLabelChange, diffLabels, toLabelMergePatch } from "@/lib/cluster/labels";

describe("label changes", () => {
  it("quarantines a pod: adds one label, keeps the others", () => {
    expect(applyLabelChange({ app: "frontend", "pod-template-hash": "abc" }, { set: { quarantine: "true" }, remove: [] })).toEqual({ app: "frontend", "pod-template-hash": "abc", quarantine: "true" });
  });
  it("changes and removes", () => {
    expect(applyLabelChange({ zone: "dmz", a: "1" }, { set: { zone: "trusted" }, remove: ["a", "missing"] })).toEqual({ zone: "trusted" });
  });
  it("writes a merge patch with only the labels and the precondition", () => {
    expect(toLabelMergePatch({ set: { quarantine: "true" }, remove: ["old"] }, "42")).toEqual({ metadata: { labels: { old: null, quarantine: "true" }, resourceVersion: "42" } });
    expect(toLabelMergePatch({ set: { a: "b" }, remove: [] })).toEqual({ metadata: { labels: { a: "b" } } });
  });
  it("names the key of each problem", () => {
    expect(checkLabelChange("Pod", { set: { "bad key": "v", ok: "bad value!" }, remove: [] }).map((e) => e.path)).toEqual(["metadata.labels.bad key", "metadata.labels.ok"]);
    expect(checkLabelChange("Namespace", { set: {}, remove: ["kubernetes.io/metadata.name"] })[0]?.message).toContain("set by the API server");
    expect(checkLabelChange("Pod", { set: { a: "1" }, remove: ["a"] })[0]?.message).toContain("set and removed");
    expect(checkLabelChange("Pod", { set: {}, remove: [] })[0]?.message).toContain("nothing to change");
    expect(checkLabelChange("Namespace", { set: { zone: "dmz" }, remove: [] })).toEqual([]);
  });
  it("diffs two label maps", () => {
    expect(diffLabels({ a: "1", b: "2", c: "3" }, { a: "1", b: "x", d: "4" })).toEqual({ set: { b: "x", d: "4" }, remove: ["c"] });
  });
});
