"use client";
import { useState } from "react";
import type { FormEvent } from "react";
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from "@/lib/contracts/users";
import { describeScopeShort } from "@/lib/auth/scope-input";
import { useApiTokens, useIssueApiToken, useRevokeApiToken } from "@/lib/hooks/use-api-tokens";
import { ProblemNotice } from "@/components/ui/problem-notice";

/**
 * API tokens: issue a bearer token acting as you (never with more rights than you have) for
 * kubectl against /k8s or scripts against /api/v1, with an expiry; list and revoke your tokens
 * (an admin sees and revokes everyone's). The secret is shown once.
 */
export function ApiTokensCard() {
  const issue = useIssueApiToken();
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState("");
  const [days, setDays] = useState(String(DEFAULT_TOKEN_DAYS));
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    issue.mutate({ name: name.trim(), expiresInDays: Number(days) }, { onSuccess: () => setName("") });
  };
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <section className="card" aria-labelledby="settings-api-tokens">
      <div className="card-header">
        <h2 id="settings-api-tokens">API tokens</h2>
      </div>
      <div className="card-body stack">
        <form onSubmit={onSubmit} className="row">
          <label htmlFor="api-token-name" className="field-label">Token name</label>
          <input id="api-token-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="kubectl on my laptop" required maxLength={100} />
          <label htmlFor="api-token-days" className="field-label">Expires in (days)</label>
          <input id="api-token-days" className="input" type="number" min={1} max={MAX_TOKEN_DAYS} value={days} onChange={(e) => setDays(e.target.value)} style={{ width: "6rem" }} />
          <button type="submit" className="btn" disabled={issue.isPending || name.trim() === ""}>
            Issue token
          </button>
        </form>
        {issue.error !== null ? <ProblemNotice error={issue.error} /> : null}
        {issue.data !== undefined ? (
          <div role="status">
            <p>
              Token “{issue.data.name}” — copy it now, it is not shown again (expires {new Date(issue.data.expiresAt).toLocaleDateString()}):
            </p>
            <pre data-testid="issued-api-token">{issue.data.token}</pre>
            <p>Use it with kubectl:</p>
            <pre>{`kubectl --server ${origin}/k8s --token <token> get globalnetworkpolicies`}</pre>
          </div>
        ) : null}
        {tokens.error !== null ? <ProblemNotice error={tokens.error} /> : null}
        {revoke.error !== null ? <ProblemNotice error={revoke.error} /> : null}
        {tokens.data !== undefined && tokens.data.items.length > 0 ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="API tokens">
            <table className="table" aria-label="API tokens">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">User</th>
                  <th scope="col">Role</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((t) => (
                  <tr key={t.id} data-testid={`api-token-${t.name}`}>
                    <td>{t.name}</td>
                    <td>{t.user ?? "—"}</td>
                    <td>{t.role}</td>
                    <td className="small">
                      tiers {describeScopeShort(t.tiers)}; namespaces {describeScopeShort(t.namespaces)}
                    </td>
                    <td>{new Date(t.expiresAt).toLocaleDateString()}</td>
                    <td>{t.lastUsedAt !== null ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
                    <td>
                      <button type="button" className="btn btn-sm btn-danger" disabled={revoke.isPending} onClick={() => revoke.mutate(t.id)}>
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : tokens.data !== undefined ? (
          <p className="small muted">No API tokens.</p>
        ) : null}
      </div>
    </section>
  );
}
