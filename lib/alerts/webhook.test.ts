import { describe, expect, it } from "vitest";
import { buildWebhookBody, MAX_DELIVERY_ATTEMPTS, nextAttemptAt, webhookUrlOf } from "@/lib/alerts/webhook";

describe("alert webhooks", () => {
  it("reads the webhook URL from the annotation", () => {
    expect(webhookUrlOf({ "alerts.palisade.dev/webhook-url": " http://127.0.0.1:9/hook " })).toBe("http://127.0.0.1:9/hook");
    expect(webhookUrlOf({ "alerts.palisade.dev/webhook-url": "  " })).toBeUndefined();
    expect(webhookUrlOf(undefined)).toBeUndefined();
  });
  it("backs off 10 s, 30 s, 2 min, 10 min, 30 min, then gives up", () => {
    expect([1, 2, 3, 4, 5].map((n) => ((nextAttemptAt(n, 0) ?? 0) / 1000))).toEqual([10, 30, 120, 600, 1800]);
    expect(nextAttemptAt(MAX_DELIVERY_ATTEMPTS, 0)).toBeUndefined();
  });
  it("builds the JSON body", () => {
    const body = JSON.parse(buildWebhookBody({ cluster: "embedded", alert: "blocked-ips", time: "2026-01-01T00:00:00.000Z", severity: 100, dataSet: "flows", summary: "s", description: "d", record: { source_ip: "198.51.100.23" }, value: 2 })) as Record<string, unknown>;
    expect(body).toEqual({ type: "global_alert", source: "palisade", cluster: "embedded", alert: "blocked-ips", time: "2026-01-01T00:00:00.000Z", severity: 100, dataset: "flows", summary: "s", description: "d", record: { source_ip: "198.51.100.23" }, value: 2 });
  });
});
