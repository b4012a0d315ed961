import { describe, expect, it } from "vitest";
import type { FlowRowView } from "@/lib/contracts/flows";
import { byNewest, newestRowId, uniqueRows } from "@/components/flows/use-flows-view";

const row = (id: string, startTime: number): FlowRowView => ({ id, startTime }) as unknown as FlowRowView; // only id and startTime are read here

describe("live rows helpers", () => {
  it("finds the newest row id numerically, not as text", () => {
    expect(newestRowId([row("9", 1), row("10", 1), row("2", 1)])).toBe("10");
    expect(newestRowId([])).toBeUndefined();
  });

  it("keeps the first of repeated ids", () => {
    const a = row("1", 5);
    expect(uniqueRows([a, row("2", 4), row("1", 3)]).map((r) => r.id)).toEqual(["1", "2"]);
    expect(uniqueRows([a, row("1", 3)])[0]).toBe(a);
  });

  it("sorts newest first by start time, then by row id", () => {
    const sorted = [row("1", 10), row("3", 12), row("2", 12), row("12", 10)].sort(byNewest);
    expect(sorted.map((r) => r.id)).toEqual(["3", "2", "12", "1"]);
  });
});
