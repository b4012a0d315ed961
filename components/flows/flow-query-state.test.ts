import { describe, expect, it } from "vitest";
import { activeFilterCount, cleared, parseFlowState, toApiQuery, toFlowSearch, withChip, withChoice, withoutChip, withRange } from "@/components/flows/flow-query-state";

const NOW = 1_800_000_000; // a fixed "now" (UNIX seconds) so preset ranges are deterministic

describe("flow filter state ⇄ URL", () => {
  it("round-trips every field through the URL", () => {
    let s = parseFlowState(new URLSearchParams(""), NOW);
    s = withChip(s, "namespace", "dev");
    s = withChip(s, "namespace", "default");
    s = withChip(s, "sourceName", "centos");
    s = withChip(s, "port", "8080");
    s = withChip(s, "protocol", "TCP");
    s = withChoice(s, "action", "deny");
    s = withRange(s, "24h", NOW);
    const search = toFlowSearch(s);
    expect(search).toBe("range=24h&namespace=dev%2Cdefault&sourceName=centos&port=8080&protocol=tcp&action=deny");
    const back = parseFlowState(new URLSearchParams(search), NOW);
    expect(back).toEqual(s);
  });

  it("defaults to the last hour and leaves defaults out of the URL", () => {
    const s = parseFlowState(new URLSearchParams(""), NOW);
    expect(s.range.preset).toBe("1h");
    expect(s.range.from).toBeLessThanOrEqual(NOW - 3600);
    expect(toFlowSearch(s)).toBe("");
  });

  it("keeps a custom range from a link (from/to)", () => {
    const s = parseFlowState(new URLSearchParams("from=1000&to=2000"), NOW);
    expect(s.range).toEqual({ preset: "custom", from: 1000, to: 2000 });
    expect(toFlowSearch(s)).toBe("from=1000&to=2000");
  });

  it("drops malformed values instead of failing", () => {
    const s = parseFlowState(new URLSearchParams("port=80,http,99999&action=maybe&reporter=dst&range=3y"), NOW);
    expect(s.chips.port).toEqual(["80"]);
    expect(s.choices.action).toBe("");
    expect(s.choices.reporter).toBe("dst");
    expect(s.range.preset).toBe("1h");
  });

  it("ignores duplicate and invalid chips, removes chips, clears filters but not the range", () => {
    let s = parseFlowState(new URLSearchParams("range=6h"), NOW);
    s = withChip(s, "destName", "nginx");
    expect(withChip(s, "destName", "nginx")).toBe(s);
    expect(withChip(s, "port", "eighty")).toBe(s);
    expect(withChip(s, "destName", "a,b")).toBe(s);
    s = withChoice(s, "pendingAction", "deny");
    expect(activeFilterCount(s)).toBe(2);
    expect(withoutChip(s, "destName", "nginx").chips.destName).toEqual([]);
    const c = cleared(s);
    expect(activeFilterCount(c)).toBe(0);
    expect(c.range.preset).toBe("6h");
  });
});

describe("the API query of a state and its drafts", () => {
  const base = withChip(withChip(parseFlowState(new URLSearchParams("from=100&to=200"), NOW), "namespace", "dev"), "destName", "nginx");

  it("sends chips as lists and the range as from/to", () => {
    expect(toApiQuery(base)).toMatchObject({ from: 100, to: 200, namespace: "dev", destName: "nginx", namespaceMatch: undefined });
  });

  it("sends a namespace draft as a substring match, not as an exact value", () => {
    const q = toApiQuery(base, { namespace: "cat", sourceNamespace: " " });
    expect(q.namespace).toBe("dev");
    expect(q.namespaceMatch).toBe("cat");
    expect(q.sourceNamespaceMatch).toBeUndefined();
  });

  it("adds name and policy drafts to that field's substrings", () => {
    const q = toApiQuery(base, { destName: "svc", policy: "default-deny" });
    expect(q.destName).toBe("nginx,svc");
    expect(q.policy).toBe("default-deny");
  });

  it("counts a port draft only once it is a whole port number", () => {
    expect(toApiQuery(base, { port: "80" }).port).toBe("80");
    expect(toApiQuery(base, { port: "8a" }).port).toBeUndefined();
  });
});
