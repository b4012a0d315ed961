"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Icon } from "@/components/ui/icon";
import { isActivePath, visibleNavGroups } from "@/components/shell/nav-items";

/** The left navigation: product name and the enabled sections. */
export function Sidebar({ version, role }: { readonly version: string; readonly role: string }) {
  const pathname = usePathname();
  return (
    <aside className="sidebar">
      <Link href="/workloads" className="brand" aria-label="Palisade home">
        <span className="brand-mark">
          <Icon name="logo" size={24} />
        </span>
        <span>
          Palisade
          <span className="brand-sub">Network security</span>
        </span>
      </Link>
      <nav className="nav" aria-label="Main">
        {visibleNavGroups(undefined, role).map(({ group, items }) => (
          <div className="nav-group" key={group}>
            <div className="nav-group-title" id={`nav-${group.replace(/\s+/g, "-").toLowerCase()}`}>
              {group}
            </div>
            <ul aria-labelledby={`nav-${group.replace(/\s+/g, "-").toLowerCase()}`}>
              {items.map((item) => (
                <li key={item.id}>
                  <Link href={item.href} className="nav-link" aria-current={isActivePath(pathname, item.href) ? "page" : undefined}>
                    <Icon name={item.icon} />
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="sidebar-footer">Palisade {version}</div>
    </aside>
  );
}
