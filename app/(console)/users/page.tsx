import type { Metadata } from "next";
import { UsersView } from "@/components/users/users-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePrincipal } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Users" };

/** /users — local users, their roles and tier / namespace scopes, and the sign-in audit (admins only). */
export default async function UsersPage() {
  const principal = await requirePagePrincipal();
  if (principal.role !== "admin") {
    return (
      <>
        <PageHeader title="Users" />
        <div className="notice notice-error" role="alert">
          <div className="notice-title">Forbidden</div>
          <div>Managing users needs the admin role; you have {principal.role}.</div>
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Users" description="Who may sign in, with which role, and which tiers and namespaces they may see and change." />
      <UsersView self={principal.username} />
    </>
  );
}
