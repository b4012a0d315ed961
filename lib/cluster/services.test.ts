import { describe, expect, it } from "vitest";
import { isServiceBackend, selectorMapMatches } from "@/lib/cluster/services";

describe("service backends", () => {
  it("selects pods whose labels include every selector pair", () => {
    expect(selectorMapMatches({ app: "web" }, { app: "web", tier: "front" })).toBe(true);
    expect(selectorMapMatches({ app: "web", tier: "back" }, { app: "web", tier: "front" })).toBe(false);
    expect(selectorMapMatches({ app: "web" }, {})).toBe(false);
  });
  it("an empty selector selects nothing (no controller-managed endpoints)", () => {
    expect(selectorMapMatches({}, { app: "web" })).toBe(false);
  });
  it("only pods of the service's namespace back it", () => {
    const svc = { namespace: "dev", selector: { app: "web" } };
    expect(isServiceBackend(svc, { namespace: "dev", labels: { app: "web" } })).toBe(true);
    expect(isServiceBackend(svc, { namespace: "prod", labels: { app: "web" } })).toBe(false);
  });
});
