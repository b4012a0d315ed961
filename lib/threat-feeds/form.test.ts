import { describe, expect, it } from "vitest";
import { emptyThreatFeedForm, fromThreatFeedForm, toThreatFeedForm } from "@/lib/threat-feeds";

describe("threat feed form", () => {
  it("builds the seed's feed and reads it back", () => {
    const r = fromThreatFeedForm({ ...emptyThreatFeedForm(), name: "global.threatfeed.ipfeodo", url: "https://feodotracker.abuse.ch/downloads/ipblocklist.txt", labels: [{ key: "feed", value: "feodo" }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.spec).toMatchObject({ content: "IPSet", mode: "Enabled", pull: { period: "24h", http: { url: "https://feodotracker.abuse.ch/downloads/ipblocklist.txt", format: { newlineDelimited: {} } } }, globalNetworkSet: { labels: { feed: "feodo" } } });
    const back = toThreatFeedForm(r.value);
    expect(back).toMatchObject({ name: "global.threatfeed.ipfeodo", formatKind: "newlineDelimited", labels: [{ key: "feed", value: "feodo" }] });
  });
  it("writes a CSV column by name with header, and a JSON path", () => {
    const csv = fromThreatFeedForm({ ...emptyThreatFeedForm(), name: "c", url: "http://x.example/a.csv", formatKind: "csv", csvColumn: "dst_ip" });
    expect(csv.ok && csv.value.spec.pull?.http.format).toEqual({ csv: { fieldName: "dst_ip", header: true } });
    const json = fromThreatFeedForm({ ...emptyThreatFeedForm(), name: "j", url: "http://x.example/a.json", formatKind: "json", jsonPath: "$.ips[*]" });
    expect(json.ok && json.value.spec.pull?.http.format).toEqual({ json: { path: "$.ips[*]" } });
  });
  it("names the field of each error", () => {
    const r = fromThreatFeedForm({ ...emptyThreatFeedForm(), name: "Bad_Name", url: "ftp://x", formatKind: "json", jsonPath: "ips" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((e) => e.path)).toEqual(["spec.pull.http.format.json.path"]);
    const r2 = fromThreatFeedForm({ ...emptyThreatFeedForm(), name: "Bad_Name", url: "ftp://x", labels: [{ key: "", value: "v" }, { key: "a", value: "1" }, { key: "a", value: "2" }] });
    expect(!r2.ok && r2.error.map((e) => e.path)).toEqual(["labels[0]", "labels[2]"]);
    const r3 = fromThreatFeedForm({ ...emptyThreatFeedForm(), name: "Bad_Name", url: "ftp://x" });
    expect(!r3.ok && r3.error.map((e) => e.path).sort()).toEqual(["metadata.name", "spec.pull.http.url"]);
  });
  it("keeps headers it does not show", () => {
    const r = fromThreatFeedForm({ ...emptyThreatFeedForm(), name: "h", url: "http://x.example/", kept: { metadata: {}, http: { headers: [{ name: "Authorization", value: "Bearer t" }] }, csv: {} } });
    expect(r.ok && r.value.spec.pull?.http.headers).toEqual([{ name: "Authorization", value: "Bearer t" }]);
  });
});
