import { describe, expect, it } from "vitest";
import { formatTime } from "@/components/flows/time-range";

describe("formatTime", () => {
  it("writes exactly what toLocaleTimeString / toLocaleString with hour12 false write", () => {
    const now = Math.floor(Date.now() / 1000);
    // Today (several times of day, midnight included), yesterday, long ago, a leap day.
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const times = [now, now - 61, Math.floor(midnight.getTime() / 1000), now - 86_400, now - 400 * 86_400, Date.UTC(2024, 1, 29, 23, 59, 59) / 1000, 0];
    for (const s of times) {
      const d = new Date(s * 1000);
      const today = new Date().toDateString() === d.toDateString();
      const expected = today ? d.toLocaleTimeString([], { hour12: false }) : d.toLocaleString([], { hour12: false });
      expect(formatTime(s)).toBe(expected);
    }
  });

  it("shows the date only for times of another day", () => {
    const now = Math.floor(Date.now() / 1000);
    expect(formatTime(now)).not.toMatch(/\d{4}/);
    expect(formatTime(now - 400 * 86_400)).toMatch(/\d{4}/);
  });
});
