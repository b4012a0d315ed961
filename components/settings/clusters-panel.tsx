"use client";
import { useState } from "react";
import type { FormEvent } from "react";
import type { ClusterSummary } from "@/lib/contracts/clusters";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useAddCluster, useClusters, useRemoveCluster, useResetCluster } from "@/lib/hooks/use-clusters";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ProblemNotice } from "@/components/ui/problem-notice";

type Pending = { readonly action: "reset" | "remove"; readonly cluster: ClusterSummary } | undefined;

/** Clusters: list, add an embedded cluster, reset an embedded one to the demo, remove. */
export function ClustersPanel() {
  const clusters = useClusters();
  const add = useAddCluster();
  const remove = useRemoveCluster();
  const reset = useResetCluster();
  const { clusterId, setClusterId } = useCurrentCluster();
  const [name, setName] = useState("");
  const [pending, setPending] = useState<Pending>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);

  const onAdd = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setMessage(undefined);
    add.mutate(
      { name: name.trim(), kind: "embedded" },
      {
        onSuccess: (c) => {
          setName("");
          setMessage(`Cluster “${c.name}” (${c.id}) was added with the demo workloads.`);
        },
      },
    );
  };

  const confirm = () => {
    if (pending === undefined) return;
    const { action, cluster } = pending;
    const done = (text: string) => () => {
      setPending(undefined);
      setMessage(text);
    };
    if (action === "reset") {
      reset.mutate(cluster.id, { onSuccess: done(`Cluster “${cluster.name}” was reset to the demo state.`), onError: () => setPending(undefined) });
    } else {
      remove.mutate(cluster.id, {
        onSuccess: () => {
          if (cluster.id === clusterId) setClusterId("embedded");
          done(`Cluster “${cluster.name}” was removed.`)();
        },
        onError: () => setPending(undefined),
      });
    }
  };

  const addError = add.error;
  const nameError = isApiProblem(addError) ? addError.problem.errors?.find((x) => x.path === "name" || x.path === "id")?.message : undefined;

  return (
    <section className="card" aria-labelledby="settings-clusters">
      <div className="card-header">
        <div>
          <h2 id="settings-clusters">Clusters</h2>
          <p>The embedded demo cluster runs inside Palisade; add more embedded clusters to try changes side by side.</p>
        </div>
      </div>
      {message !== undefined ? (
        <div className="card-body" style={{ paddingBottom: 0 }}>
          <div className="notice notice-ok" role="status">
            {message}
          </div>
        </div>
      ) : null}
      {[remove.error, reset.error].some((x) => x !== null) ? (
        <div className="card-body" style={{ paddingBottom: 0 }}>
          <ProblemNotice error={remove.error ?? reset.error} />
        </div>
      ) : null}
      {clusters.isPending ? (
        <div className="loading" role="status">
          Loading…
        </div>
      ) : clusters.error !== null ? (
        <div className="card-body">
          <ProblemNotice error={clusters.error} />
        </div>
      ) : (
        <table className="table" aria-label="Clusters">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">ID</th>
              <th scope="col">Kind</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clusters.data.items.map((c) => (
              <tr key={c.id}>
                <td className="cell-name">
                  {c.name} {c.id === clusterId ? <span className="badge badge-ok">selected</span> : null}
                </td>
                <td className="mono nowrap">{c.id}</td>
                <td>
                  <span className="badge">{c.kind}</span>
                </td>
                <td className="nowrap">{new Date(c.createdAt).toLocaleString()}</td>
                <td>
                  <div className="row" style={{ justifyContent: "flex-end", flexWrap: "nowrap" }}>
                    {c.kind === "embedded" ? (
                      <button type="button" className="btn btn-sm" onClick={() => setPending({ action: "reset", cluster: c })} aria-label={`Reset cluster ${c.name}`}>
                        Reset…
                      </button>
                    ) : null}
                    {c.id !== "embedded" ? (
                      <button type="button" className="btn btn-sm" onClick={() => setPending({ action: "remove", cluster: c })} aria-label={`Remove cluster ${c.name}`}>
                        Remove…
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="toolbar" style={{ borderTop: "1px solid var(--border)", borderBottom: "none" }} onSubmit={onAdd} aria-label="Add an embedded cluster">
        <div className="field field-grow">
          <label htmlFor="new-cluster-name">New embedded cluster name</label>
          <input
            id="new-cluster-name"
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="staging-demo"
            aria-invalid={nameError !== undefined}
            aria-describedby={nameError !== undefined ? "new-cluster-error" : undefined}
          />
          {nameError !== undefined ? (
            <span id="new-cluster-error" className="field-error">
              {nameError}
            </span>
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={name.trim() === "" || add.isPending}>
          {add.isPending ? "Adding…" : "Add embedded cluster"}
        </button>
      </form>
      {addError !== null && nameError === undefined ? (
        <div className="card-body">
          <ProblemNotice error={addError} />
        </div>
      ) : null}
      <ConfirmDialog
        open={pending !== undefined}
        title={pending?.action === "reset" ? `Reset cluster “${pending.cluster.name}”?` : `Remove cluster “${pending?.cluster.name ?? ""}”?`}
        confirmLabel={pending?.action === "reset" ? "Reset cluster" : "Remove cluster"}
        danger
        busy={reset.isPending || remove.isPending}
        onConfirm={confirm}
        onCancel={() => setPending(undefined)}
      >
        <p>
          {pending?.action === "reset"
            ? "Every tier, policy, network set and workload change in this cluster is deleted and the demo workloads are restored. This cannot be undone."
            : "The cluster and everything stored for it are deleted. This cannot be undone."}
        </p>
      </ConfirmDialog>
    </section>
  );
}
