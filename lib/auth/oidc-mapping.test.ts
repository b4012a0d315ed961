import { describe, expect, it } from "vitest";
import { groupsFromClaim, mapGroups, usernameFromClaims } from "@/lib/auth/oidc-mapping";

describe("OIDC group mapping", () => {
  const rules = [
    { group: "secops", role: "editor" as const, tiers: ["security"] },
    { group: "devs", role: "viewer" as const, namespaces: ["dev"] },
    { group: "platform", role: "admin" as const },
  ];

  it("refuses a user in no mapped group", () => {
    expect(mapGroups(["nobody"], rules)).toBeUndefined();
    expect(mapGroups([], rules)).toBeUndefined();
  });

  it("takes the highest role and the union of scopes (absent scope = all)", () => {
    expect(mapGroups(["secops"], rules)).toEqual({ role: "editor", tiers: ["security"], namespaces: null, matched: ["secops"] });
    expect(mapGroups(["devs", "secops"], rules)).toEqual({ role: "editor", tiers: null, namespaces: null, matched: ["secops", "devs"] });
    expect(mapGroups(["devs"], [...rules, { group: "devs", role: "viewer", namespaces: ["default"] }])).toEqual({ role: "viewer", tiers: null, namespaces: ["default", "dev"], matched: ["devs"] });
    expect(mapGroups(["platform", "devs"], rules)?.role).toBe("admin");
  });

  it("reads groups and usernames from claims", () => {
    expect(groupsFromClaim(["a", 1, "b"])).toEqual(["a", "b"]);
    expect(groupsFromClaim("solo")).toEqual(["solo"]);
    expect(groupsFromClaim(undefined)).toEqual([]);
    expect(usernameFromClaims({ sub: "123", email: "a@b.c" })).toBe("a@b.c");
    expect(usernameFromClaims({ sub: "123", preferred_username: "carol" })).toBe("carol");
    expect(usernameFromClaims({})).toBeUndefined();
  });
});
