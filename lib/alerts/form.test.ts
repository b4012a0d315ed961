import { describe, expect, it } from "vitest";
import type { GlobalAlert } from "@/lib/calico/types";
import { emptyGlobalAlertForm, fromGlobalAlertForm, toGlobalAlertForm } from "@/lib/alerts";

const blockedIps: GlobalAlert = {
  kind: "GlobalAlert",
  metadata: { name: "blocked-ips", resourceVersion: "12" },
  spec: {
    description: "A connection attempt from a blocked ip address just happened.",
    summary: "[blocked-ip] ${source_ip} from ${source_name_aggr}",
    severity: 100,
    dataSet: "flows",
    period: "1m",
    lookback: "1m",
    query: '(source_name = "ip-address-list")',
    aggregateBy: ["source_name_aggr", "source_ip"],
    field: "num_flows",
    metric: "sum",
    condition: "gt",
    threshold: 0,
  },
};

describe("GlobalAlert form", () => {
  it("round-trips seed 000's blocked-ips alert", () => {
    const form = toGlobalAlertForm(blockedIps);
    expect(form).toMatchObject({ name: "blocked-ips", aggregateBy: "source_name_aggr, source_ip", metric: "sum", threshold: "0", resourceVersion: "12" });
    const back = fromGlobalAlertForm(form);
    expect(back.ok && back.value).toEqual(blockedIps);
  });

  it("drops field/condition/threshold without a metric and field with count", () => {
    const base = { ...emptyGlobalAlertForm(), name: "any", description: "d", query: "action = deny", field: "num_flows" };
    const none = fromGlobalAlertForm(base);
    expect(none.ok && none.value.spec).toEqual({ description: "d", severity: 100, dataSet: "flows", period: "5m", lookback: "10m", query: "action = deny" });
    const count = fromGlobalAlertForm({ ...base, metric: "count" });
    expect(count.ok && count.value.spec).toMatchObject({ metric: "count", condition: "gt", threshold: 0 });
    expect(count.ok && count.value.spec.field).toBeUndefined();
  });

  it("reports query errors with their position, bad numbers and validation errors", () => {
    const bad = fromGlobalAlertForm({ ...emptyGlobalAlertForm(), name: "q", description: "d", query: "action = deny AND" });
    expect(bad.ok ? [] : bad.error).toEqual([{ path: "spec.query", message: "unexpected end of query: expected a field name (at character 18)" }]);
    const sev = fromGlobalAlertForm({ ...emptyGlobalAlertForm(), name: "s", description: "d", severity: "high", metric: "sum", threshold: "x" });
    expect(sev.ok ? [] : sev.error.map((e) => e.path)).toEqual(["spec.severity", "spec.threshold"]);
    const noDesc = fromGlobalAlertForm({ ...emptyGlobalAlertForm(), name: "n" });
    expect(noDesc.ok ? [] : noDesc.error.map((e) => e.path)).toContain("spec.description");
  });
});
