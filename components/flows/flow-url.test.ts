import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS } from "@/components/flows/flow-filters";
import { fromFlowSearch, toFlowSearch } from "@/components/flows/flow-url";
import { presetRange } from "@/components/flows/time-range";

const NOW = 1_800_000_000;

describe("flow filters in the URL", () => {
  it("writes only what differs from the default view", () => {
    expect(toFlowSearch(EMPTY_FILTERS, presetRange("1h", NOW))).toBe("");
    expect(toFlowSearch({ ...EMPTY_FILTERS, namespace: " dev ", action: "deny" }, presetRange("15m", NOW))).toBe("namespace=dev&action=deny&range=15m");
    expect(toFlowSearch(EMPTY_FILTERS, { preset: "custom", from: 100, to: 200 })).toBe("from=100&to=200");
  });

  it("reads back what it wrote (a relative range stays relative)", () => {
    const search = toFlowSearch({ ...EMPTY_FILTERS, destName: "nginx", port: "80" }, presetRange("6h", NOW));
    const back = fromFlowSearch(new URLSearchParams(search), NOW);
    expect(back.values).toEqual({ ...EMPTY_FILTERS, destName: "nginx", port: "80" });
    expect(back.range).toEqual(presetRange("6h", NOW));
  });

  it("falls back to the last hour on an unknown range and keeps a custom one", () => {
    expect(fromFlowSearch(new URLSearchParams("range=2y"), NOW).range).toEqual(presetRange("1h", NOW));
    expect(fromFlowSearch(new URLSearchParams("from=100&to=200"), NOW).range).toEqual({ preset: "custom", from: 100, to: 200 });
  });
});
