"use client";
import { useState } from "react";
import type { FormEvent } from "react";
import type { UserView } from "@/lib/contracts/users";
import { describeScopeShort, formatScopeInput, parseScopeInput } from "@/lib/auth/scope-input";
import { useAuthEvents, useCreateUser, useDeleteUser, useResetPassword, useUpdateUser, useUsers } from "@/lib/hooks/use-users";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ProblemNotice } from "@/components/ui/problem-notice";

const ROLES = ["viewer", "editor", "admin"] as const;
type Role = (typeof ROLES)[number];

function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

/** The Users page: create users, edit role and scopes, disable, reset passwords, delete; the sign-in audit. */
export function UsersView({ self }: { readonly self: string }) {
  const users = useUsers();
  const [editing, setEditing] = useState<string | undefined>(undefined);
  return (
    <div className="stack">
      <CreateUserCard />
      <section className="card" aria-labelledby="users-list">
        <div className="card-header">
          <h2 id="users-list">Users</h2>
        </div>
        <div className="card-body">
          {users.isPending ? (
            <div className="loading" role="status">
              Loading…
            </div>
          ) : users.error !== null ? (
            <ProblemNotice error={users.error} />
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Users">
              <table className="table" aria-label="Users">
                <thead>
                  <tr>
                    <th scope="col">User</th>
                    <th scope="col">Role</th>
                    <th scope="col">Tiers</th>
                    <th scope="col">Namespaces</th>
                    <th scope="col">State</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {users.data.items.map((u) =>
                    editing === u.username ? (
                      <EditUserRow key={u.username} user={u} onDone={() => setEditing(undefined)} />
                    ) : (
                      <UserRow key={u.username} user={u} self={u.username === self} onEdit={() => setEditing(u.username)} />
                    ),
                  )}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>
      <AuthEventsCard />
    </div>
  );
}

function CreateUserCard() {
  const create = useCreateUser();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [tiers, setTiers] = useState("");
  const [namespaces, setNamespaces] = useState("");
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    create.mutate(
      { username: username.trim(), password, role, tiers: parseScopeInput(tiers), namespaces: parseScopeInput(namespaces) },
      {
        onSuccess: () => {
          setUsername("");
          setPassword("");
          setTiers("");
          setNamespaces("");
        },
      },
    );
  };
  return (
    <section className="card" aria-labelledby="users-create">
      <div className="card-header">
        <h2 id="users-create">Add a user</h2>
        <p>Leave tiers or namespaces empty for all of them.</p>
      </div>
      <form className="card-body stack" onSubmit={onSubmit}>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="new-user-name">Username</label>
            <input id="new-user-name" className="input" value={username} onChange={(e) => setUsername(e.target.value)} required maxLength={64} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="new-user-password">Password</label>
            <input id="new-user-password" className="input" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={12} autoComplete="new-password" />
            <span className="field-hint">At least 12 characters.</span>
          </div>
          <div className="field">
            <label htmlFor="new-user-role">Role</label>
            <select id="new-user-role" className="select" value={role} onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-user-tiers">Tiers</label>
            <input id="new-user-tiers" className="input" value={tiers} onChange={(e) => setTiers(e.target.value)} placeholder="all tiers" />
          </div>
          <div className="field">
            <label htmlFor="new-user-namespaces">Namespaces</label>
            <input id="new-user-namespaces" className="input" value={namespaces} onChange={(e) => setNamespaces(e.target.value)} placeholder="all namespaces" />
          </div>
        </div>
        {create.error !== null ? <ProblemNotice error={create.error} /> : null}
        {create.isSuccess ? (
          <div role="status" className="small muted">
            Created {create.data.username}.
          </div>
        ) : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            Add user
          </button>
        </div>
      </form>
    </section>
  );
}

function UserRow({ user, self, onEdit }: { readonly user: UserView; readonly self: boolean; readonly onEdit: () => void }) {
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const reset = useResetPassword();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [newPassword, setNewPassword] = useState("");
  const error = update.error ?? remove.error ?? reset.error;
  return (
    <>
      <tr data-testid={`user-row-${user.username}`}>
        <td>
          <strong>{user.username}</strong>
          {self ? <span className="small muted"> (you)</span> : null}
          {user.source === "oidc" ? <span className="badge"> OIDC</span> : null}
        </td>
        <td>
          <span className="badge">{user.role}</span>
        </td>
        <td>{describeScopeShort(user.tiers)}</td>
        <td>{describeScopeShort(user.namespaces)}</td>
        <td>{user.disabled ? <span className="badge badge-danger">disabled</span> : <span className="badge badge-ok">active</span>}</td>
        <td>
          <div className="row">
            <button type="button" className="btn btn-sm" onClick={onEdit}>
              Edit
            </button>
            <button type="button" className="btn btn-sm" disabled={update.isPending} onClick={() => update.mutate({ username: user.username, patch: { disabled: !user.disabled } })}>
              {user.disabled ? "Enable" : "Disable"}
            </button>
            {user.source === "local" ? (
              <button type="button" className="btn btn-sm" onClick={() => setResetting((v) => !v)}>
                Reset password
              </button>
            ) : null}
            <button type="button" className="btn btn-sm btn-danger" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          </div>
          <ConfirmDialog
            open={confirmDelete}
            title={`Delete ${user.username}?`}
            confirmLabel="Delete user"
            danger
            busy={remove.isPending}
            onCancel={() => setConfirmDelete(false)}
            onConfirm={() => remove.mutate(user.username, { onSettled: () => setConfirmDelete(false) })}
          >
            <p>Their sessions and API tokens end at once. This cannot be undone.</p>
          </ConfirmDialog>
        </td>
      </tr>
      {resetting || error !== null ? (
        <tr>
          <td colSpan={6}>
            {resetting ? (
              <form
                className="row"
                onSubmit={(e) => {
                  e.preventDefault();
                  reset.mutate({ username: user.username, password: newPassword }, { onSuccess: () => { setResetting(false); setNewPassword(""); } });
                }}
              >
                <label htmlFor={`reset-${user.username}`} className="field-label">
                  New password for {user.username}
                </label>
                <input id={`reset-${user.username}`} className="input" type="password" minLength={12} required value={newPassword} onChange={(e) => setNewPassword(e.target.value)} autoComplete="new-password" />
                <button type="submit" className="btn btn-sm btn-primary" disabled={reset.isPending}>
                  Set password
                </button>
                <span className="small muted">Their sessions and tokens end.</span>
              </form>
            ) : null}
            {error !== null ? <ProblemNotice error={error} /> : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

function EditUserRow({ user, onDone }: { readonly user: UserView; readonly onDone: () => void }) {
  const update = useUpdateUser();
  const [role, setRole] = useState<Role>(user.role);
  const [tiers, setTiers] = useState(formatScopeInput(user.tiers));
  const [namespaces, setNamespaces] = useState(formatScopeInput(user.namespaces));
  const save = () => update.mutate({ username: user.username, patch: { role, tiers: parseScopeInput(tiers), namespaces: parseScopeInput(namespaces) } }, { onSuccess: onDone });
  return (
    <tr data-testid={`user-edit-${user.username}`}>
      <td>
        <strong>{user.username}</strong>
      </td>
      <td>
        <select aria-label={`Role of ${user.username}`} className="select" value={role} onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input aria-label={`Tiers of ${user.username}`} className="input" value={tiers} onChange={(e) => setTiers(e.target.value)} placeholder="all tiers" />
      </td>
      <td>
        <input aria-label={`Namespaces of ${user.username}`} className="input" value={namespaces} onChange={(e) => setNamespaces(e.target.value)} placeholder="all namespaces" />
      </td>
      <td colSpan={2}>
        <div className="row">
          <button type="button" className="btn btn-sm btn-primary" onClick={save} disabled={update.isPending}>
            Save
          </button>
          <button type="button" className="btn btn-sm" onClick={onDone}>
            Cancel
          </button>
        </div>
        {update.error !== null ? <ProblemNotice error={update.error} /> : null}
      </td>
    </tr>
  );
}

function AuthEventsCard() {
  const events = useAuthEvents(50);
  return (
    <section className="card" aria-labelledby="users-audit">
      <div className="card-header">
        <h2 id="users-audit">Sign-ins and access changes</h2>
        <p>Every sign-in (successful or not) and every change to users, permissions and tokens.</p>
      </div>
      <div className="card-body">
        {events.isPending ? (
          <div className="loading" role="status">
            Loading…
          </div>
        ) : events.error !== null ? (
          <ProblemNotice error={events.error} />
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Authentication events list">
            <table className="table" aria-label="Authentication events">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Target</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {events.data.items.map((e) => (
                  <tr key={e.id}>
                    <td>{new Date(e.at).toLocaleString()}</td>
                    <td>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>
                      <code>{e.target}</code>
                    </td>
                    <td>{e.outcome === "success" ? <span className="badge badge-ok">success</span> : <span className="badge badge-danger">failure</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
