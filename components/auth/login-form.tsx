"use client";
import { useState } from "react";
import type { FormEvent } from "react";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useLogin } from "@/lib/hooks/use-session";
import { Icon } from "@/components/ui/icon";

/**
 * Username/password form; on success loads `next` with the new session cookie. With `ssoHref`,
 * a "Sign in with SSO" link starts OIDC sign-in; `ssoError` is why the last one failed.
 */
export function LoginForm({ next, ssoHref, ssoError }: { readonly next: string; readonly ssoHref?: string; readonly ssoError?: string }) {
  const login = useLogin();
  const [username, setUsername] = useState("admin");
  const [password, setPassword] = useState("");

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    login.mutate({ username, password }, { onSuccess: () => window.location.assign(next) });
  };

  const failed = login.error !== null;
  const throttled = isApiProblem(login.error) && login.error.problem.detail?.startsWith("too many failed sign-ins") === true;
  const message = isApiProblem(login.error) && login.error.status === 401 && !throttled ? "Invalid username or password." : isApiProblem(login.error) ? login.error.problem.detail : login.error?.message;

  return (
    <div className="login-card">
      <div className="login-brand">
        <Icon name="logo" size={28} />
        Palisade
      </div>
      <div className="muted small">Kubernetes network security console</div>
      <form onSubmit={onSubmit} aria-label="Log in" noValidate>
        <div className="field">
          <label htmlFor="login-username">Username</label>
          <input
            id="login-username"
            className="input"
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={failed}
            aria-describedby={failed ? "login-error" : undefined}
            required
            autoFocus
          />
        </div>
        {failed ? (
          <div id="login-error" className="notice notice-error" role="alert">
            {message}
          </div>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={login.isPending || password === "" || username.trim() === ""}>
          {login.isPending ? "Logging in…" : "Log in"}
        </button>
      </form>
      {ssoError !== undefined ? (
        <div className="notice notice-error" role="alert" data-testid="sso-error">
          {ssoError}
        </div>
      ) : null}
      {ssoHref !== undefined ? (
        <a className="btn" href={ssoHref} data-testid="sso-login">
          Sign in with SSO
        </a>
      ) : null}
      <p className="login-help">
        The admin password is set with <code>PALISADE_ADMIN_PASSWORD</code>, or generated at first start and saved in{" "}
        <code>admin-password.txt</code> in the data folder.
      </p>
    </div>
  );
}
