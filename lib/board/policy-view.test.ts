import { describe, expect, it } from "vitest";
import type { PolicyResource } from "@/lib/board/types";
import { scopeTextOf, toPolicyView } from "@/lib/board/policy-view";

const staged = (spec: Record<string, unknown>): PolicyResource =>
  // A StagedGlobalNetworkPolicy in model form; the spec fields used here are all optional.
  ({ kind: "StagedGlobalNetworkPolicy", metadata: { name: "default-deny" }, spec: { tier: "default", order: 2000, ...spec } }) as PolicyResource;

describe("scopeTextOf", () => {
  it("shows the namespaceSelector, not all(), for a policy scoped only by it", () => {
    const view = toPolicyView(staged({ namespaceSelector: "kubernetes.io/metadata.name == 'catfacts'" }));
    expect(view.selector).toBe("all()");
    expect(scopeTextOf(view)).toBe("namespaceSelector: kubernetes.io/metadata.name == 'catfacts'");
  });

  it("shows both when both are set", () => {
    expect(scopeTextOf(toPolicyView(staged({ selector: "app == 'db'", namespaceSelector: "zone == 'dmz'" })))).toBe("app == 'db' · namespaceSelector: zone == 'dmz'");
  });

  it("shows the selector alone without a namespaceSelector (blank counts as none)", () => {
    expect(scopeTextOf(toPolicyView(staged({ selector: "app == 'db'", namespaceSelector: "  " })))).toBe("app == 'db'");
    expect(scopeTextOf(toPolicyView(staged({})))).toBe("all()");
  });
});
