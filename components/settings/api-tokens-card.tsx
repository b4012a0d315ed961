"use client";
import { useState } from "react";
import type { FormEvent } from "react";
import { useIssueApiToken } from "@/lib/hooks/use-api-tokens";
import { ProblemNotice } from "@/components/ui/problem-notice";

/**
 * API tokens: issue a bearer token (admins) for kubectl against /k8s or scripts against
 * /api/v1. The secret is shown once, with the kubectl flags to use it.
 */
export function ApiTokensCard() {
  const issue = useIssueApiToken();
  const [name, setName] = useState("");
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    issue.mutate({ name: name.trim() }, { onSuccess: () => setName("") });
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
          <button type="submit" className="btn" disabled={issue.isPending || name.trim() === ""}>
            Issue token
          </button>
        </form>
        {issue.error !== null ? <ProblemNotice error={issue.error} /> : null}
        {issue.data !== undefined ? (
          <div role="status">
            <p>
              Token “{issue.data.name}” — copy it now, it is not shown again:
            </p>
            <pre data-testid="issued-api-token">{issue.data.token}</pre>
            <p>Use it with kubectl:</p>
            <pre>{`kubectl --server ${origin}/k8s --token <token> get globalnetworkpolicies`}</pre>
          </div>
        ) : null}
      </div>
    </section>
  );
}
