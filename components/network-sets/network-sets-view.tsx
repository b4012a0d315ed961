"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { NetworkSetForm, NetworkSetReference, NetworkSetResource } from "@/lib/network-sets";
import { emptyNetworkSetForm, findNetworkSetReferences, toNetworkSetForm } from "@/lib/network-sets";
import { useNetworkSets } from "@/lib/hooks/use-network-sets";
import { useDeleteResource } from "@/lib/hooks/use-policies";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LabelChips } from "@/components/ui/label-chips";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { NetworkSetEditor } from "@/components/network-sets/network-set-editor";
import { ruleIndexLabel } from "@/lib/policy/rule-label";

type Editing = { readonly form: NetworkSetForm; readonly isNew: boolean; readonly key: number };

function setKey(s: NetworkSetResource): string {
  return `${s.kind}/${s.metadata.namespace ?? ""}/${s.metadata.name}`;
}

function refLabel(r: NetworkSetReference): string {
  return `${r.namespace !== undefined ? `${r.namespace}/` : ""}${r.name}`;
}

function policyHref(r: NetworkSetReference): string {
  const plural = r.kind.toLowerCase().replace(/policy$/, "policies");
  return `/resources/${plural}/${encodeURIComponent(r.name)}${r.namespace !== undefined ? `?namespace=${encodeURIComponent(r.namespace)}` : ""}`;
}

/** Network sets of the cluster: list with references, create / edit (form + YAML), delete. */
export function NetworkSetsView() {
  const { clusterId } = useCurrentCluster();
  const data = useNetworkSets(clusterId);
  const del = useDeleteResource(clusterId);
  const [editing, setEditing] = useState<Editing | undefined>(undefined);
  const [deleting, setDeleting] = useState<NetworkSetResource | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const rows = useMemo(() => data.sets.map((s) => ({ set: s, refs: findNetworkSetReferences(s, data.policies, data.namespaces) })), [data.sets, data.policies, data.namespaces]);

  const open = (form: NetworkSetForm, isNew: boolean) => {
    setNotice(undefined);
    setEditing({ form, isNew, key: Date.now() });
  };
  const confirmDelete = () => {
    if (deleting === undefined) return;
    const target = deleting;
    del.mutate(
      { kind: target.kind, name: target.metadata.name, ...(target.metadata.namespace !== undefined ? { namespace: target.metadata.namespace } : {}), ...(target.metadata.resourceVersion !== undefined ? { resourceVersion: target.metadata.resourceVersion } : {}) },
      {
        onSuccess: () => {
          setDeleting(undefined);
          setNotice(`Deleted ${target.kind} ${target.metadata.name}.`);
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title="Network sets"
        description="Addresses and domains outside the cluster, labelled so policy rules can select them (NetworkSet per namespace, GlobalNetworkSet cluster-wide)."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => open(emptyNetworkSetForm(), true)}>
            New network set
          </button>
        }
      />
      {notice !== undefined ? (
        <div className="notice notice-ok" role="status">
          {notice}
        </div>
      ) : null}
      {editing !== undefined ? (
        <NetworkSetEditor
          key={editing.key}
          cluster={clusterId}
          initial={editing.form}
          isNew={editing.isNew}
          namespaces={data.namespaceNames}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved !== undefined) setNotice(`Saved ${saved.kind} ${saved.metadata.name}.`);
          }}
        />
      ) : null}
      <section className="card" aria-label="Network set list">
        {data.error !== null ? (
          <div className="card-body">
            <ProblemNotice error={data.error} />
          </div>
        ) : null}
        {data.isPending ? (
          <div className="loading" role="status">
            Loading…
          </div>
        ) : rows.length === 0 ? (
          <div className="empty">No network sets yet. Create one to name external addresses or domains in policy rules.</div>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Network sets">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Labels</th>
                  <th scope="col" className="num">Nets</th>
                  <th scope="col" className="num">Domains</th>
                  <th scope="col">Referenced by</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ set, refs }) => (
                  <tr key={setKey(set)} data-testid={`network-set-${set.metadata.name}`}>
                    <td className="cell-name mono">{set.metadata.name}</td>
                    <td>{set.kind === "GlobalNetworkSet" ? <span className="badge badge-set">global</span> : <span>namespace {set.metadata.namespace}</span>}</td>
                    <td>
                      <LabelChips labels={set.metadata.labels} max={4} empty="none" />
                    </td>
                    <td className="num">{set.spec.nets?.length ?? 0}</td>
                    <td className="num">{set.spec.allowedEgressDomains?.length ?? 0}</td>
                    <td className="cell-wrap">
                      {refs.length === 0 ? (
                        <span className="cell-muted">no policy rule selects it</span>
                      ) : (
                        <ul className="stack small" aria-label={`Policies referencing ${set.metadata.name}`}>
                          {refs.map((r, i) => (
                            <li key={`${r.kind}-${refLabel(r)}-${r.direction}-${r.ruleIndex}-${r.side}-${i}`}>
                              <Link href={policyHref(r)} prefetch={false} className="mono">
                                {refLabel(r)}
                              </Link>{" "}
                              <span className="cell-muted">
                                {ruleIndexLabel(r.ruleIndex, r.direction)} {r.side} · {r.action}
                              </span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="nowrap">
                      <button type="button" className="btn btn-sm" aria-label={`Edit ${set.metadata.name}`} onClick={() => open(toNetworkSetForm(set), false)}>
                        Edit
                      </button>{" "}
                      <button type="button" className="btn btn-sm btn-danger" aria-label={`Delete ${set.metadata.name}`} onClick={() => setDeleting(set)}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.kind ?? ""} ${deleting?.metadata.name ?? ""}?`}
        confirmLabel="Delete"
        danger
        busy={del.isPending}
        onConfirm={confirmDelete}
        onCancel={() => {
          del.reset();
          setDeleting(undefined);
        }}
      >
        <p>Policy rules that select it stop matching its addresses and domains at once.</p>
        {del.error !== null ? <ProblemNotice error={del.error} title={isApiProblem(del.error) && del.error.status === 409 ? "It changed since the list was loaded: nothing was deleted. Cancel to reload." : undefined} /> : null}
      </ConfirmDialog>
    </>
  );
}
