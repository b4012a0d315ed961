import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { Providers } from "@/components/shell/providers";
import { getPagePrincipal, safeNextPath } from "@/lib/server/auth/page-session";
import { oidcEnabled } from "@/lib/server/auth/oidc-settings";

export const metadata: Metadata = { title: "Log in" };
export const dynamic = "force-dynamic";

/** /login — the only page reachable without a session. */
export default async function LoginPage({ searchParams }: { readonly searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : undefined);
  if ((await getPagePrincipal()) !== undefined) redirect(next);
  return (
    <div className="login-page">
      <Providers>
        <LoginForm
          next={next}
          {...(oidcEnabled() ? { ssoHref: `/api/v1/oidc/login?next=${encodeURIComponent(next)}` } : {})}
          {...(typeof params.error === "string" ? { ssoError: params.error.slice(0, 300) } : {})}
        />
      </Providers>
    </div>
  );
}
