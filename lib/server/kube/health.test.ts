import { describe, expect, it } from "vitest";
import { readHealth, recordHealth } from "@/lib/server/kube/health";

describe("recordHealth", () => {
  it("keeps `since` while the state holds and moves it on a change", () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const t1 = new Date("2026-01-01T00:01:00Z");
    const t2 = new Date("2026-01-01T00:02:00Z");
    expect(recordHealth("h1", { state: "ok" }, t0)).toEqual({ state: "ok", since: t0.toISOString() });
    expect(recordHealth("h1", { state: "ok" }, t1).since).toBe(t0.toISOString());
    expect(recordHealth("h1", { state: "stale", reason: "watch: aborted" }, t1)).toEqual({ state: "stale", since: t1.toISOString(), reason: "watch: aborted" });
    // Same state without a reason keeps the reason; a new reason replaces it, not the time.
    expect(recordHealth("h1", { state: "stale" }, t2)).toEqual({ state: "stale", since: t1.toISOString(), reason: "watch: aborted" });
    expect(recordHealth("h1", { state: "stale", reason: "refused" }, t2)).toEqual({ state: "stale", since: t1.toISOString(), reason: "refused" });
    // Back to ok: a new since, no reason.
    expect(recordHealth("h1", { state: "ok", reason: "ignored" }, t2)).toEqual({ state: "ok", since: t2.toISOString() });
    expect(readHealth("h1")).toEqual({ state: "ok", since: t2.toISOString() });
    expect(readHealth("nobody")).toBeUndefined();
  });
});
