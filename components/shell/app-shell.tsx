"use client";
import type { ReactNode } from "react";
import { ClusterProvider } from "@/components/shell/cluster-context";
import { ClusterSwitcher } from "@/components/shell/cluster-switcher";
import { Providers } from "@/components/shell/providers";
import { Sidebar } from "@/components/shell/sidebar";
import { StaleBanner } from "@/components/shell/stale-banner";
import { UserMenu } from "@/components/shell/user-menu";

export interface ShellUser {
  readonly username: string;
  readonly role: string;
}

/** The console frame: sidebar, top bar (cluster switcher, user), and the page. */
export function AppShell(props: { readonly user: ShellUser; readonly initialClusterId: string; readonly version: string; readonly children: ReactNode }) {
  return (
    <Providers>
      <ClusterProvider initialClusterId={props.initialClusterId}>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <div className="shell">
          <Sidebar version={props.version} role={props.user.role} />
          <header className="topbar">
            <ClusterSwitcher />
            <div className="topbar-spacer" />
            <UserMenu username={props.user.username} role={props.user.role} />
          </header>
          <main id="main" className="main" tabIndex={-1}>
            <StaleBanner />
            {props.children}
          </main>
        </div>
      </ClusterProvider>
    </Providers>
  );
}
