"use client";
import { useLogout, useSession } from "@/lib/hooks/use-session";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { describeScopeShort } from "@/lib/auth/scope-input";

/** The signed-in user, the session's expiry and log out. */
export function AccountPanel() {
  const session = useSession();
  const logout = useLogout();
  return (
    <section className="card" aria-labelledby="settings-account">
      <div className="card-header">
        <h2 id="settings-account">Account</h2>
      </div>
      <div className="card-body stack">
        {session.isPending ? (
          <div className="loading" role="status">
            Loading…
          </div>
        ) : session.error !== null ? (
          <ProblemNotice error={session.error} />
        ) : (
          <dl className="kv">
            <dt>Signed in as</dt>
            <dd>
              <strong>{session.data.user.username}</strong>
            </dd>
            <dt>Role</dt>
            <dd>
              <span className="badge">{session.data.user.role}</span>
            </dd>
            {session.data.scope !== undefined ? (
              <>
                <dt>Tiers</dt>
                <dd>{describeScopeShort(session.data.scope.tiers)}</dd>
                <dt>Namespaces</dt>
                <dd>{describeScopeShort(session.data.scope.namespaces)}</dd>
              </>
            ) : null}
            <dt>Session ends</dt>
            <dd>
              {session.data.expiresAt !== undefined ? (
                <>
                  <time dateTime={session.data.expiresAt}>{new Date(session.data.expiresAt).toLocaleString()}</time> unless used again
                </>
              ) : (
                "—"
              )}
            </dd>
          </dl>
        )}
        <div>
          <button
            type="button"
            className="btn"
            onClick={() => logout.mutate(undefined, { onSettled: () => window.location.assign("/login") })}
            disabled={logout.isPending}
          >
            Log out
          </button>
        </div>
        <p className="small muted" style={{ margin: 0 }}>
          Scripts can call the API with <code>Authorization: Bearer &lt;token&gt;</code> using an API token.
        </p>
      </div>
    </section>
  );
}
