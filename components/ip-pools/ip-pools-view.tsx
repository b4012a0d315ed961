"use client";
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
import { PageHeader } from "@/components/ui/page-header";
import { DeleteDialog, ResourceList, RowEditDelete, SavedNotice } from "@/components/ui/resource-list";
import { useResourceListPage } from "@/components/ui/use-resource-list-page";

const POOL_TYPE = resourceTypeForKind("IPPool");
const MAX_LISTED = 50;

const COLUMNS = [
  { label: "Name" },
  { label: "CIDR" },
  { label: "Encapsulation" },
  { label: "NAT out" },
  { label: "Block", numeric: true },
  { label: "Node selector" },
  { label: "Used by" },
  { label: "Utilisation", numeric: true },
] as const;

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
  const { editing, openEditor, closeEditor, deleting, setDeleting, deleted, cancelDelete, notice } = useResourceListPage<IpPoolForm, IpPoolView>();

  const edit = (name: string) => {
    const item = objects.data?.items.find((o) => o.metadata.name === name);
    const model = item === undefined ? undefined : validateResource(item).resource;
    if (model?.kind === "IPPool") openEditor(toIpPoolForm(model), false);
  };
  const items = pools.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="IP pools"
        description="Address ranges Calico IPAM gives pods from. A namespace (or pod) names its pools in the cni.projectcalico.org/ipv4pools annotation; otherwise pools are chosen by node selector."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => openEditor(emptyIpPoolForm(), true)}>
            New IP pool
          </button>
        }
      />
      <SavedNotice notice={notice} />
      {editing !== undefined ? (
        <IpPoolEditor
          key={editing.key}
          cluster={clusterId}
          initial={editing.form}
          isNew={editing.isNew}
          onDone={(saved?: IPPool) => closeEditor(saved !== undefined ? `Saved IPPool ${saved.metadata.name}.` : undefined)}
        />
      ) : null}
      <ResourceList label="IP pool list" tableLabel="IP pools" columns={COLUMNS} error={pools.error} isPending={pools.isPending} isEmpty={items.length === 0} emptyText="No IP pools.">
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
              <RowEditDelete name={p.name} onEdit={() => edit(p.name)} onDelete={() => setDeleting(p)} />
            </td>
          </tr>
        ))}
      </ResourceList>
      <DeleteDialog
        open={deleting !== undefined}
        title={`Delete IPPool ${deleting?.name ?? ""}?`}
        busy={del.isPending}
        error={del.error}
        onConfirm={() => {
          if (deleting === undefined) return;
          const target = deleting;
          del.mutate({ kind: "IPPool", name: target.name, ...(target.resourceVersion !== "" ? { resourceVersion: target.resourceVersion } : {}) }, { onSuccess: () => deleted(`Deleted IPPool ${target.name}.`) });
        }}
        onCancel={() => cancelDelete(del.reset)}
      >
        <p>Pods keep their addresses, but no new address is given from this range.</p>
      </DeleteDialog>
    </>
  );
}
