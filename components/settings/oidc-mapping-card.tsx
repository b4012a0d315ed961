"use client";
import { useEffect, useState } from "react";
import { formatScopeInput, parseScopeInput } from "@/lib/auth/scope-input";
import { useSession } from "@/lib/hooks/use-session";
import { useOidcSettings, useSaveOidcSettings } from "@/lib/hooks/use-users";
import { ProblemNotice } from "@/components/ui/problem-notice";

const ROLES = ["viewer", "editor", "admin"] as const;
type Role = (typeof ROLES)[number];

interface Row {
  readonly key: number;
  group: string;
  role: Role;
  tiers: string;
  namespaces: string;
}

function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

/**
 * OIDC sign-in (admins): whether it is configured (issuer and client come from the environment)
 * and the group → role / scope mapping. A user in no mapped group cannot sign in with OIDC.
 */
export function OidcMappingCard() {
  // Admins only: the card is part of every Settings page (the page test checks each card is
  // there) and hides itself for others; the API refuses non-admins whatever the UI shows.
  const session = useSession();
  return session.data?.user.role === "admin" ? <OidcMappingForm /> : null;
}

function OidcMappingForm() {
  const settings = useOidcSettings();
  const save = useSaveOidcSettings();
  const [rows, setRows] = useState<Row[]>([]);
  const [nextKey, setNextKey] = useState(0);
  useEffect(() => {
    if (settings.data === undefined) return;
    setRows(settings.data.mappings.map((m, i) => ({ key: i, group: m.group, role: m.role, tiers: formatScopeInput(m.tiers ?? null), namespaces: formatScopeInput(m.namespaces ?? null) })));
    setNextKey(settings.data.mappings.length);
  }, [settings.data]);
  const change = (key: number, patch: Partial<Omit<Row, "key">>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const onSave = () =>
    save.mutate({ mappings: rows.map((r) => ({ group: r.group.trim(), role: r.role, tiers: parseScopeInput(r.tiers), namespaces: parseScopeInput(r.namespaces) })) });
  return (
    <section className="card" aria-labelledby="settings-oidc">
      <div className="card-header">
        <h2 id="settings-oidc">OIDC sign-in</h2>
      </div>
      <div className="card-body stack">
        {settings.error !== null ? <ProblemNotice error={settings.error} /> : null}
        {settings.data !== undefined ? (
          <p className="small muted" style={{ margin: 0 }}>
            {settings.data.enabled ? (
              <>
                Signing in with <code>{settings.data.issuer}</code>; groups are read from the <code>{settings.data.groupsClaim}</code> claim.
              </>
            ) : (
              <>
                Off: set <code>PALISADE_OIDC_ISSUER</code>, <code>PALISADE_OIDC_CLIENT_ID</code> and <code>PALISADE_OIDC_CLIENT_SECRET</code> to turn it on.
              </>
            )}{" "}
            Users get the highest role of their mapped groups and all their tiers and namespaces (empty = all).
          </p>
        ) : null}
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Group mappings">
          <table className="table" aria-label="OIDC group mapping">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Role</th>
                <th scope="col">Tiers</th>
                <th scope="col">Namespaces</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.key}>
                  <td>
                    <input aria-label={`Group ${i + 1}`} className="input" value={r.group} onChange={(e) => change(r.key, { group: e.target.value })} />
                  </td>
                  <td>
                    <select aria-label={`Role of group ${i + 1}`} className="select" value={r.role} onChange={(e) => isRole(e.target.value) && change(r.key, { role: e.target.value })}>
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input aria-label={`Tiers of group ${i + 1}`} className="input" value={r.tiers} placeholder="all" onChange={(e) => change(r.key, { tiers: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label={`Namespaces of group ${i + 1}`} className="input" value={r.namespaces} placeholder="all" onChange={(e) => change(r.key, { namespaces: e.target.value })} />
                  </td>
                  <td>
                    <button type="button" className="btn btn-sm btn-ghost" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {save.error !== null ? <ProblemNotice error={save.error} /> : null}
        {save.isSuccess ? (
          <div role="status" className="small muted">
            Saved.
          </div>
        ) : null}
        <div className="row">
          <button
            type="button"
            className="btn"
            onClick={() => {
              setRows((rs) => [...rs, { key: nextKey, group: "", role: "viewer", tiers: "", namespaces: "" }]);
              setNextKey((k) => k + 1);
            }}
          >
            Add group
          </button>
          <button type="button" className="btn btn-primary" onClick={onSave} disabled={save.isPending}>
            Save mapping
          </button>
        </div>
      </div>
    </section>
  );
}
