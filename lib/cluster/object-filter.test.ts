import { describe, expect, it } from "vitest";
import type { ClusterObject, PodObject } from "@/lib/cluster/backend";
import { buildObjectFilter, filteredWatchEvent, matchesFilter } from "@/lib/cluster/object-filter";
import { BadRequestError } from "@/lib/errors";

const pod = (ns: string, labels: Record<string, string>): PodObject => ({ kind: "Pod", metadata: { name: "p", namespace: ns, labels }, spec: { containers: [] } });
const policy = (tier?: string): ClusterObject => ({ kind: "NetworkPolicy", metadata: { name: "x", namespace: "a" }, spec: tier === undefined ? {} : { tier } });

describe("buildObjectFilter", () => {
  it("keeps only the options that apply to the kind", () => {
    expect(buildObjectFilter("Tier", { namespace: "a", tier: "t" })).toEqual({ kind: "Tier" });
    expect(buildObjectFilter("Pod", { namespace: "a", tier: "t", labelSelector: " " })).toEqual({ kind: "Pod", namespace: "a" });
    expect(buildObjectFilter("NetworkPolicy", { tier: "t" })).toEqual({ kind: "NetworkPolicy", tier: "t" });
  });

  it("throws BadRequestError on a malformed selector", () => {
    expect(() => buildObjectFilter("Pod", { labelSelector: "a in (" })).toThrow(BadRequestError);
  });
});

describe("matchesFilter", () => {
  it("matches kind, namespace and labels with Kubernetes semantics", () => {
    const f = buildObjectFilter("Pod", { namespace: "a", labelSelector: "app=web,tier notin (db)" });
    expect(matchesFilter(pod("a", { app: "web" }), f)).toBe(true);
    expect(matchesFilter(pod("a", { app: "web", tier: "db" }), f)).toBe(false);
    expect(matchesFilter(pod("b", { app: "web" }), f)).toBe(false);
    expect(matchesFilter(policy(), buildObjectFilter("Pod"))).toBe(false);
  });

  it("treats a policy without spec.tier as in the default tier", () => {
    const f = buildObjectFilter("NetworkPolicy", { tier: "default" });
    expect(matchesFilter(policy(), f)).toBe(true);
    expect(matchesFilter(policy(""), f)).toBe(true);
    expect(matchesFilter(policy("security"), f)).toBe(false);
  });
});

describe("filteredWatchEvent", () => {
  const f = buildObjectFilter("Pod", { labelSelector: "app=web" });
  const web = pod("a", { app: "web" });
  const db = pod("a", { app: "db" });
  it("maps writes to the events a filtered watch sees", () => {
    expect(filteredWatchEvent(null, web, f)).toEqual({ type: "ADDED", object: web });
    expect(filteredWatchEvent(web, web, f)).toEqual({ type: "MODIFIED", object: web });
    expect(filteredWatchEvent(db, web, f)).toEqual({ type: "ADDED", object: web });
    expect(filteredWatchEvent(web, db, f)).toEqual({ type: "DELETED", object: db });
    expect(filteredWatchEvent(web, null, f)).toEqual({ type: "DELETED", object: web });
    expect(filteredWatchEvent(db, db, f)).toBeNull();
    expect(filteredWatchEvent(null, db, f)).toBeNull();
  });
});
