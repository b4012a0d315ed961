"use client";
import { useState } from "react";
import { validateResource } from "@/lib/calico";
import type { IPPool } from "@/lib/calico/types";
import type { IpPoolView } from "@/lib/contracts/ip-pools";
import { resourceTypeForKind } from "@/lib/contracts/resources";
import type { IpPoolForm } from "@/lib/ip-pools";
import { emptyIpPoolForm, toIpPoolForm } from "@/lib/ip-pools";
import { useIpPools } from "@/lib/hooks/use-ip-pools";
import { useObjectList } from "@/lib/hooks/use-objects";
import { useDeleteResource } from "@/lib/hooks/use-policies";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { IpPoolEditor } from "@/components/ip-pools/ip-pool-editor";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";

const POOL_TYPE = resourceTypeForKind("IPPool");
const MAX_LISTED = 50;

type Editing = { readonly form: IpPoolForm; readonly isNew: boolean; readonly key: number };

function percent(u: number): string {
  const p = u * 100;
  return p === 0 ? "0%" : p < 0.1 ? "<0.1%" : `${p.toFixed(p < 10 ? 1 : 0)}%`;
}

function Users({ pool }: { readonly pool: IpPoolView }) {
  const byNamespace = new Map<string, number>();
  for (const w of pool.workloads) byNamespace.set(w.namespace, (byNamespace.get(w.namespace) ?? 0) + 1);
  return (
    <div className="stack small">
      {pool.namespaces.length > 0 ? (
        <div data-testid="pool-namespaces">
          <span className="cell-muted">annotated namespaces:</span> <span className="mono">{pool.namespaces.join(", ")}</span>
        </div>
      ) : null}
      {pool.annotatedPods.length > 0 ? (
        <div>
          <span className="cell-muted">pods naming it:</span> <span className="mono">{pool.annotatedPods.join(", ")}</span>
        </div>
      ) : null}
      {pool.workloads.length > 0 ? (
        <details data-testid="pool-workloads">
          <summary>
            {pool.workloads.length} workload{pool.workloads.length === 1 ? "" : "s"} in{" "}
            {[...byNamespace].map(([ns, n]) => (n > 1 ? `${ns} (${n})` : ns)).join(", ")}
          </summary>
          <ul className="mono">
            {pool.workloads.slice(0, MAX_LISTED).map((w) => (
              <li key={`${w.namespace}/${w.name}/${w.ip}`}>
                {w.namespace}/{w.name} {w.ip}
              </li>
            ))}
            {pool.workloads.length > MAX_LISTED ? <li className="cell-muted">and {pool.workloads.length - MAX_LISTED} more</li> : null}
          </ul>
        </details>
      ) : (
        <span className="cell-muted">no workload has an address in it</span>
      )}
    </div>
  );
}

/** IPPools of the cluster with who uses them (namespace annotations, workload addresses) and utilisation; create, edit (form or YAML), delete. */
export function IpPoolsView() {
  const { clusterId } = useCurrentCluster();
  const pools = useIpPools(clusterId);
  const objects = useObjectList(clusterId, POOL_TYPE);
  const del = useDeleteResource(clusterId);
  const [editing, setEditing] = useState<Editing | undefined>(undefined);
  const [deleting, setDeleting] = useState<IpPoolView | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const edit = (name: string) => {
    const item = objects.data?.items.find((o) => o.metadata.name === name);
    const model = item === undefined ? undefined : validateResource(item).resource;
    if (model?.kind !== "IPPool") return;
    setNotice(undefined);
    setEditing({ form: toIpPoolForm(model), isNew: false, key: Date.now() });
  };
  const items = pools.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="IP pools"
        description="Address ranges Calico IPAM gives pods from. A namespace (or pod) names its pools in the cni.projectcalico.org/ipv4pools annotation; otherwise pools are chosen by node selector."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing({ form: emptyIpPoolForm(), isNew: true, key: Date.now() })}>
            New IP pool
          </button>
        }
      />
      {notice !== undefined ? (
        <div className="notice notice-ok" role="status">
          {notice}
        </div>
      ) : null}
      {editing !== undefined ? (
        <IpPoolEditor
          key={editing.key}
          cluster={clusterId}
          initial={editing.form}
          isNew={editing.isNew}
          onDone={(saved?: IPPool) => {
            setEditing(undefined);
            if (saved !== undefined) setNotice(`Saved IPPool ${saved.metadata.name}.`);
          }}
        />
      ) : null}
      <section className="card" aria-label="IP pool list">
        {pools.error !== null ? (
          <div className="card-body">
            <ProblemNotice error={pools.error} />
          </div>
        ) : null}
        {pools.isPending ? (
          <div className="loading" role="status">
            Loading…
          </div>
        ) : items.length === 0 ? (
          <div className="empty">No IP pools.</div>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="IP pools">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">CIDR</th>
                  <th scope="col">Encapsulation</th>
                  <th scope="col">NAT out</th>
                  <th scope="col" className="num">
                    Block
                  </th>
                  <th scope="col">Node selector</th>
                  <th scope="col">Used by</th>
                  <th scope="col" className="num">
                    Utilisation
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.name} data-testid={`ip-pool-${p.name}`}>
                    <td className="cell-name mono">
                      {p.name}
                      {p.disabled ? <span className="badge"> disabled</span> : null}
                    </td>
                    <td className="mono">{p.cidr}</td>
                    <td className="small">
                      <div className="nowrap">IPIP {p.ipipMode}</div>
                      <div className="nowrap">VXLAN {p.vxlanMode}</div>
                    </td>
                    <td>{p.natOutgoing ? "yes" : "no"}</td>
                    <td className="num">{p.blockSize ?? (p.cidr.includes(":") ? 122 : 26)}</td>
                    <td className="mono small">{p.nodeSelector}</td>
                    <td className="cell-wrap">
                      <Users pool={p} />
                    </td>
                    <td className="num" title={`${p.used} of ${p.size} addresses`}>
                      {percent(p.utilisation)}
                      <div className="cell-muted small">
                        {p.used} / {p.size}
                      </div>
                    </td>
                    <td>
                      <button type="button" className="btn btn-sm" aria-label={`Edit ${p.name}`} onClick={() => edit(p.name)}>
                        Edit
                      </button>{" "}
                      <button type="button" className="btn btn-sm btn-danger" aria-label={`Delete ${p.name}`} onClick={() => setDeleting(p)}>
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
        title={`Delete IPPool ${deleting?.name ?? ""}?`}
        confirmLabel="Delete"
        danger
        busy={del.isPending}
        onConfirm={() => {
          if (deleting === undefined) return;
          const target = deleting;
          del.mutate(
            { kind: "IPPool", name: target.name, ...(target.resourceVersion !== "" ? { resourceVersion: target.resourceVersion } : {}) },
            {
              onSuccess: () => {
                setDeleting(undefined);
                setNotice(`Deleted IPPool ${target.name}.`);
              },
            },
          );
        }}
        onCancel={() => {
          del.reset();
          setDeleting(undefined);
        }}
      >
        <p>Pods keep their addresses, but no new address is given from this range.</p>
        {del.error !== null ? <ProblemNotice error={del.error} /> : null}
      </ConfirmDialog>
    </>
  );
}
