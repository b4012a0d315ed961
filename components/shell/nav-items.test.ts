import { describe, expect, it } from "vitest";
import { NAV_ITEMS, isActivePath, visibleNavGroups } from "@/components/shell/nav-items";
import type { NavItem } from "@/components/shell/nav-items";

describe("navigation", () => {
  it("shows only enabled sections, in group order, and hides empty groups", () => {
    const items: NavItem[] = [
      { id: "a", label: "A", href: "/a", icon: "board", group: "Manage", enabled: true },
      { id: "b", label: "B", href: "/b", icon: "board", group: "Observe", enabled: false },
      { id: "c", label: "C", href: "/c", icon: "board", group: "Observe", enabled: true },
    ];
    expect(visibleNavGroups(items).map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([
      ["Observe", ["c"]],
      ["Manage", ["a"]],
    ]);
  });

  it("ships with unbuilt sections switched off", () => {
    const enabled = NAV_ITEMS.filter((i) => i.enabled).map((i) => i.id);
    expect(enabled).toEqual(["workloads", "service-graph", "flows", "policy-board", "recommendations", "network-sets", "alerts", "threat-feeds", "resources", "ip-pools", "apply-yaml", "audit-log", "users", "settings"]);
    expect(new Set(NAV_ITEMS.map((i) => i.href)).size).toBe(NAV_ITEMS.length);
  });

  it("shows admin-only sections to admins only", () => {
    const ids = (role?: string) => visibleNavGroups(NAV_ITEMS, role).flatMap((g) => g.items.map((i) => i.id));
    expect(ids("admin")).toContain("users");
    expect(ids("editor")).not.toContain("users");
    expect(ids()).not.toContain("users");
  });

  it("marks a section active for its own path and sub-paths only", () => {
    expect(isActivePath("/resources/tiers/default", "/resources")).toBe(true);
    expect(isActivePath("/resources", "/resources")).toBe(true);
    expect(isActivePath("/resourcesx", "/resources")).toBe(false);
  });
});
