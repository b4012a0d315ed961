import { describe, expect, it } from "vitest";
import type { GlobalThreatFeed } from "@/lib/calico/types";
import type { FeedFormat } from "@/lib/threat-feeds";
import { buildFeedSet, feedSpecKey, compileJsonPath, extractFeedEntries, feedOfSet, isFeedDue, isSameFeedSet, normaliseEntries, parseFeedFormat, pullPeriodSeconds, splitCsvRecord } from "@/lib/threat-feeds";

function feed(spec: GlobalThreatFeed["spec"], meta: Partial<GlobalThreatFeed["metadata"]> = {}): GlobalThreatFeed {
  return { kind: "GlobalThreatFeed", metadata: { name: "global.threatfeed.ipfeodo", uid: "u1", generation: 1, ...meta }, spec };
}

function format(raw: unknown): FeedFormat {
  const r = parseFeedFormat(raw);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function entries(body: string, raw: unknown): readonly string[] {
  const r = extractFeedEntries(body, format(raw));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe("parseFeedFormat", () => {
  it("defaults to newline-delimited", () => expect(format(undefined)).toEqual({ kind: "newlineDelimited" }));
  it.each([
    [{ json: {} }, "spec.pull.http.format.json.path"],
    [{ json: { path: "$[?(@.a)]" } }, "spec.pull.http.format.json.path"],
    [{ csv: { fieldNum: -1 } }, "spec.pull.http.format.csv.fieldNum"],
    [{ csv: { columnDelimiter: ";;" } }, "spec.pull.http.format.csv.columnDelimiter"],
    [{ csv: { fieldNum: 1, fieldName: "ip" } }, "spec.pull.http.format.csv"],
    [{ xml: {} }, "spec.pull.http.format.xml"],
    [{ json: { path: "$" }, csv: {} }, "spec.pull.http.format"],
    ["text", "spec.pull.http.format"],
  ])("refuses %j at %s", (raw, path) => {
    const r = parseFeedFormat(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.path).toBe(path);
  });
});

describe("extractFeedEntries", () => {
  it("reads newline-delimited lists with comments and blank lines", () => {
    const body = "# Feodo blocklist\n\n1.2.3.4\r\n5.6.7.0/24  # a network\n   \n# end\n";
    expect(entries(body, { newlineDelimited: {} })).toEqual(["1.2.3.4", "5.6.7.0/24"]);
  });
  it("follows a JSON path", () => {
    const body = JSON.stringify({ data: [{ ip: "1.1.1.1" }, { ip: "2.2.2.2" }, { other: "x" }], meta: { ip: "9.9.9.9" } });
    expect(entries(body, { json: { path: "$.data[*].ip" } })).toEqual(["1.1.1.1", "2.2.2.2"]);
    expect(entries(body, { json: { path: "$..ip" } })).toEqual(["1.1.1.1", "2.2.2.2", "9.9.9.9"]);
    expect(entries(body, { json: { path: "$['data'][1]['ip']" } })).toEqual(["2.2.2.2"]);
    expect(entries(JSON.stringify(["a.example", "b.example"]), { json: { path: "$" } })).toEqual(["a.example", "b.example"]);
  });
  it("says when the body is not JSON", () => {
    const r = extractFeedEntries("1.2.3.4", format({ json: { path: "$" } }));
    expect(r).toEqual({ ok: false, error: "the feed is not valid JSON" });
  });
  it("reads a CSV column by number or by header name, with quotes and comments", () => {
    const body = '# generated\nfirst_seen,dst_ip,port\n2024-01-01,"10.0.0.1",443\n2024-01-02,10.0.0.2,"80"\n';
    expect(entries(body, { csv: { fieldNum: 1, header: true } })).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(entries(body, { csv: { fieldName: "dst_ip" } })).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(entries("a;1.1.1.1\nb;2.2.2.2", { csv: { fieldNum: 1, columnDelimiter: ";" } })).toEqual(["1.1.1.1", "2.2.2.2"]);
    const missing = extractFeedEntries(body, format({ csv: { fieldName: "ip" } }));
    expect(missing.ok).toBe(false);
  });
  it("splits quoted CSV fields", () => {
    expect(splitCsvRecord('a,"b, c","d ""e"""', ",")).toEqual(["a", "b, c", 'd "e"']);
  });
});

describe("compileJsonPath", () => {
  it("refuses paths not starting with $", () => expect(compileJsonPath("data[*]").ok).toBe(false));
});

describe("normaliseEntries", () => {
  it("writes addresses as /32 or /128, keeps CIDRs, dedupes and counts bad entries", () => {
    const n = normaliseEntries(["1.2.3.4", "2001:db8::1", "10.1.2.0/24", "10.1.2.7/24", "1.2.3.4", "not-an-ip", "999.1.1.1"], "IPSet");
    expect(n.entries).toEqual(["1.2.3.4/32", "10.1.2.0/24", "2001:db8::1/128"]);
    expect(n.skipped).toBe(2);
    expect(n.skippedExamples).toEqual(["not-an-ip", "999.1.1.1"]);
  });
  it("lower-cases domains and drops the trailing dot", () => {
    const n = normaliseEntries(["Evil.Example.", "bad domain", "c2.example"], "DomainNameSet");
    expect(n.entries).toEqual(["c2.example", "evil.example"]);
    expect(n.skipped).toBe(1);
  });
});

describe("scheduling", () => {
  const f = feed({ pull: { period: "1h", http: { url: "http://127.0.0.1/list" } }, globalNetworkSet: { labels: { feed: "feodo" } } });
  const hour = 3600_000;
  it("pulls a new feed at once", () => expect(isFeedDue(f, undefined, 0)).toBe(true));
  it("waits a period after an attempt", () => {
    const m = { feedUid: "u1", specKey: feedSpecKey(f), lastAttemptAt: 0, syncRequestedAt: undefined };
    expect(isFeedDue(f, m, hour - 1)).toBe(false);
    expect(isFeedDue(f, m, hour)).toBe(true);
  });
  it("pulls at once after a spec change, a new uid, or a sync request", () => {
    const m = { feedUid: "u1", specKey: feedSpecKey(f), lastAttemptAt: 10, syncRequestedAt: undefined };
    expect(isFeedDue(feed({ ...f.spec, pull: { period: "2h", http: { url: "http://127.0.0.1/list" } } }), m, 11)).toBe(true);
    // Same spec written in another key order, and a new generation alone: not a change.
    expect(isFeedDue(feed({ globalNetworkSet: { labels: { feed: "feodo" } }, pull: { http: { url: "http://127.0.0.1/list" }, period: "1h" } }, { generation: 7 }), m, 11)).toBe(false);
    expect(isFeedDue(feed(f.spec, { uid: "u2" }), m, 11)).toBe(true);
    expect(isFeedDue(f, { ...m, syncRequestedAt: 11 }, 12)).toBe(true);
    expect(isFeedDue(f, { ...m, syncRequestedAt: 9 }, 12)).toBe(false);
  });
  it("never pulls disabled or push feeds", () => {
    expect(isFeedDue(feed({ ...f.spec, mode: "Disabled" }), undefined, 0)).toBe(false);
    expect(isFeedDue(feed({ globalNetworkSet: {} }), undefined, 0)).toBe(false);
  });
  it("defaults the period to 24h and never goes below a minute", () => {
    expect(pullPeriodSeconds(feed({ pull: { http: { url: "http://x" } } }))).toBe(86400);
    expect(pullPeriodSeconds(feed({ pull: { period: "1s", http: { url: "http://x" } } }))).toBe(60);
    expect(pullPeriodSeconds(feed({ pull: { period: "nonsense", http: { url: "http://x" } } }))).toBe(86400);
  });
});

describe("buildFeedSet", () => {
  it("names the set threatfeed.<feed>, labels it and marks its owner", () => {
    const f = feed({ pull: { http: { url: "http://x" } }, globalNetworkSet: { labels: { feed: "feodo" } } });
    const set = buildFeedSet(f, ["1.2.3.4/32"]);
    expect(set.metadata.name).toBe("threatfeed.global.threatfeed.ipfeodo");
    expect(set.metadata.labels).toEqual({ feed: "feodo" });
    expect(set.spec).toEqual({ nets: ["1.2.3.4/32"] });
    expect(feedOfSet(set)).toBe("global.threatfeed.ipfeodo");
    expect(isSameFeedSet(set, buildFeedSet(f, ["1.2.3.4/32"]))).toBe(true);
    expect(isSameFeedSet(set, buildFeedSet(f, ["1.2.3.5/32"]))).toBe(false);
  });
  it("fills allowedEgressDomains for a domain feed", () => {
    const f = feed({ content: "DomainNameSet", pull: { http: { url: "http://x" } }, globalNetworkSet: { labels: { feed: "dns" } } });
    expect(buildFeedSet(f, ["evil.example"]).spec).toEqual({ allowedEgressDomains: ["evil.example"] });
  });
});
