/**
 * The console's sections, in one data-driven list. A section is shown only when `enabled`:
 * features that are not built yet stay switched off (no placeholder pages); turning one on is a
 * one-word change here once its page exists.
 */
import type { IconName } from "@/components/ui/icon";

export interface NavItem {
  readonly id: string;
  readonly label: string;
  readonly href: string;
  readonly icon: IconName;
  readonly group: NavGroup;
  readonly enabled: boolean;
  /** Shown to admins only (the server refuses everyone else anyway). */
  readonly adminOnly?: true;
}

export type NavGroup = "Observe" | "Policies" | "Threat defense" | "Manage";

export const NAV_GROUPS: readonly NavGroup[] = ["Observe", "Policies", "Threat defense", "Manage"];

export const NAV_ITEMS: readonly NavItem[] = [
  { id: "workloads", label: "Workloads", href: "/workloads", icon: "workloads", group: "Observe", enabled: true },
  { id: "service-graph", label: "Service graph", href: "/graph", icon: "graph", group: "Observe", enabled: true },
  { id: "flows", label: "Flows", href: "/flows", icon: "flows", group: "Observe", enabled: true },
  { id: "policy-board", label: "Policy board", href: "/board", icon: "board", group: "Policies", enabled: true },
  { id: "recommendations", label: "Recommendations", href: "/recommendations", icon: "recommend", group: "Policies", enabled: true },
  { id: "network-sets", label: "Network sets", href: "/network-sets", icon: "sets", group: "Policies", enabled: true },
  { id: "alerts", label: "Alerts", href: "/alerts", icon: "alerts", group: "Threat defense", enabled: true },
  { id: "threat-feeds", label: "Threat feeds", href: "/threat-feeds", icon: "feeds", group: "Threat defense", enabled: true },
  { id: "resources", label: "Resources", href: "/resources", icon: "resources", group: "Manage", enabled: true },
  { id: "ip-pools", label: "IP pools", href: "/ip-pools", icon: "pools", group: "Manage", enabled: true },
  { id: "apply-yaml", label: "Apply YAML", href: "/import", icon: "upload", group: "Manage", enabled: true },
  { id: "audit-log", label: "Audit log", href: "/audit", icon: "audit", group: "Manage", enabled: true },
  { id: "users", label: "Users", href: "/users", icon: "users", group: "Manage", enabled: true, adminOnly: true },
  { id: "settings", label: "Settings", href: "/settings", icon: "settings", group: "Manage", enabled: true },
];

/**
 * The enabled sections grouped in display order; groups with no enabled section are left out.
 * Admin-only sections are shown only when `role` is `admin`.
 */
export function visibleNavGroups(items: readonly NavItem[] = NAV_ITEMS, role?: string): readonly { readonly group: NavGroup; readonly items: readonly NavItem[] }[] {
  const shown = (i: NavItem): boolean => i.enabled && (i.adminOnly !== true || role === "admin");
  return NAV_GROUPS.map((group) => ({ group, items: items.filter((i) => shown(i) && i.group === group) })).filter((g) => g.items.length > 0);
}

/** Whether `pathname` is inside the section at `href`. */
export function isActivePath(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
