import { describe, expect, it } from "vitest";
import { ADDRESS_CAP_MS, FREE_FAILURES, USERNAME_CAP_MS, delayAfter } from "@/lib/auth/throttle";

describe("login throttle delays", () => {
  it("lets the first failures through, then doubles the wait", () => {
    for (let n = 0; n <= FREE_FAILURES; n += 1) expect(delayAfter(n, "user")).toBe(0);
    expect(delayAfter(FREE_FAILURES + 1, "user")).toBe(1_000);
    expect(delayAfter(FREE_FAILURES + 2, "user")).toBe(2_000);
    expect(delayAfter(FREE_FAILURES + 3, "addr")).toBe(4_000);
  });

  it("is bounded: a username (the admin's included) is never locked out for longer than the cap", () => {
    expect(delayAfter(1_000_000, "user")).toBe(USERNAME_CAP_MS);
    expect(delayAfter(1_000_000, "addr")).toBe(ADDRESS_CAP_MS);
    expect(USERNAME_CAP_MS).toBeLessThan(ADDRESS_CAP_MS);
  });
});
