import { cookies } from "next/headers";
import type { ReactNode } from "react";
import pkg from "@/package.json";
import { AppShell } from "@/components/shell/app-shell";
import { CLUSTER_COOKIE } from "@/components/shell/cluster-cookie";
import { requirePagePrincipal } from "@/lib/server/auth/page-session";

// Every console page depends on the session cookie: never prerender.
export const dynamic = "force-dynamic";

/** The authenticated console: validates the session (else /login) and renders the shell. */
export default async function ConsoleLayout({ children }: { readonly children: ReactNode }) {
  const principal = await requirePagePrincipal();
  const jar = await cookies();
  const clusterId = jar.get(CLUSTER_COOKIE)?.value || "embedded";
  return (
    <AppShell user={{ username: principal.username, role: principal.role }} initialClusterId={clusterId} version={pkg.version}>
      {children}
    </AppShell>
  );
}
