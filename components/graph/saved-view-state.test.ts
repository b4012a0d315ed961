import { describe, expect, it } from "vitest";
import { GraphViewStateSchema } from "@/lib/contracts/saved-views";
import type { GraphPageState } from "@/components/graph/saved-view-state";
import { fromGraphViewState, splitNamespaces, toGraphViewState } from "@/components/graph/saved-view-state";

const NOW = 1_700_000_000;
const page: GraphPageState = {
  range: { preset: "6h", from: NOW - 6 * 3600 },
  namespace: " dev, default,,dev ",
  classes: ["denied", "staged-denied"],
  text: "  api ",
  expanded: ["dev", "default"],
  focusNodeId: "wl:dev/api-*",
  hideUnrelated: true,
  groupBy: "zone",
};

describe("saved graph view state", () => {
  it("saves a relative preset by id, names de-duplicated, search trimmed, expanded sorted", () => {
    const state = toGraphViewState(page);
    expect(state).toEqual({
      range: { kind: "preset", preset: "6h" },
      namespaces: ["dev", "default"],
      actions: ["denied", "staged-denied"],
      search: "api",
      expanded: ["default", "dev"],
      groupBy: "zone",
      focus: { nodeId: "wl:dev/api-*", hideUnrelated: true },
    });
    // What the page sends is what the API accepts.
    expect(GraphViewStateSchema.safeParse(state).success).toBe(true);
  });

  it("keeps the viewport only when given, and a custom range as absolute seconds", () => {
    const state = toGraphViewState({ ...page, range: { preset: "custom", from: 100, to: 200 } }, { zoom: 2, pan: { x: -5, y: 7 } });
    expect(state.range).toEqual({ kind: "absolute", from: 100, to: 200 });
    expect(state.viewport).toEqual({ zoom: 2, pan: { x: -5, y: 7 } });
  });

  it("reopens a preset against now and round-trips the rest", () => {
    const back = fromGraphViewState(toGraphViewState(page), NOW + 3600);
    expect(back.range.preset).toBe("6h");
    expect(back.range.from).toBe(Math.floor((NOW + 3600 - 6 * 3600) / 60) * 60);
    expect(back).toMatchObject({ namespace: "dev,default", classes: ["denied", "staged-denied"], text: "api", expanded: ["default", "dev"], focusNodeId: "wl:dev/api-*", hideUnrelated: true });
  });

  it("reopens without focus as nothing selected and hide-unrelated off", () => {
    const back = fromGraphViewState(toGraphViewState({ ...page, focusNodeId: undefined }));
    expect(back.focusNodeId).toBeUndefined();
    expect(back.hideUnrelated).toBe(false);
  });

  it("splits namespace text", () => {
    expect(splitNamespaces("")).toEqual([]);
    expect(splitNamespaces("a, b ,a")).toEqual(["a", "b"]);
  });
});
