import { describe, expect, it } from "vitest";
import { parseGoDuration } from "@/lib/calico/k8s-names";

describe("durations", () => {
  it.each([["15s", 15], ["1m", 60], ["1h30m", 5400], ["0", 0], ["1.5h", 5400]])("%s = %d s", (text, seconds) => {
    expect(parseGoDuration(text)).toBe(seconds);
  });
  it.each(["15", "1 m", "m", "1d"])("rejects duration %s", (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
