"use client";
import { useLogout } from "@/lib/hooks/use-session";
import { Icon } from "@/components/ui/icon";

/** The signed-in user and the log-out button. */
export function UserMenu({ username, role }: { readonly username: string; readonly role: string }) {
  const logout = useLogout();
  return (
    <div className="user-chip">
      <span className="avatar" aria-hidden="true">
        {username.slice(0, 1)}
      </span>
      <span>
        <span className="visually-hidden">Signed in as </span>
        <strong>{username}</strong> <span className="small">({role})</span>
      </span>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        onClick={() => logout.mutate(undefined, { onSettled: () => window.location.assign("/login") })}
        disabled={logout.isPending}
      >
        <Icon name="logout" size={14} />
        Log out
      </button>
    </div>
  );
}
