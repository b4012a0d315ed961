import { describe, expect, it } from "vitest";
import { buildLabelCatalog, labelKeysOf, labelValuesOf } from "@/lib/board/label-catalog";

describe("buildLabelCatalog", () => {
  const catalog = buildLabelCatalog([{ app: "nginx", tier: "web" }, { app: "centos" }, { app: "nginx", "k8s-app": "kube-dns" }, { "": "x" }]);

  it("lists every key once, sorted, and skips empty keys", () => {
    expect(labelKeysOf(catalog)).toEqual(["app", "k8s-app", "tier"]);
  });

  it("merges the values of a key, sorted and without duplicates", () => {
    expect(labelValuesOf(catalog, "app")).toEqual(["centos", "nginx"]);
    expect(labelValuesOf(catalog, " app ")).toEqual(["centos", "nginx"]);
  });

  it("has no values for an unknown key", () => {
    expect(labelValuesOf(catalog, "zone")).toEqual([]);
  });
});
