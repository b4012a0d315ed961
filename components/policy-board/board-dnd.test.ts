import { describe, expect, it } from "vitest";
import { targetIndexFor } from "@/components/policy-board/board-dnd";

describe("targetIndexFor", () => {
  it("keeps the gap index for cards from another lane", () => {
    expect(targetIndexFor(0, undefined)).toBe(0);
    expect(targetIndexFor(3, undefined)).toBe(3);
  });
  it("accounts for the card's own slot when it moves down its lane", () => {
    expect(targetIndexFor(3, 0)).toBe(2);
    expect(targetIndexFor(1, 0)).toBe(0);
  });
  it("keeps the gap index when it moves up", () => {
    expect(targetIndexFor(0, 2)).toBe(0);
    expect(targetIndexFor(2, 2)).toBe(2);
  });
});
