"use client";
import Link from "next/link";
import { useMemo } from "react";
import type { NetworkSetForm, NetworkSetReference, NetworkSetResource } from "@/lib/network-sets";
import { emptyNetworkSetForm, findNetworkSetReferences, toNetworkSetForm } from "@/lib/network-sets";
import { useNetworkSets } from "@/lib/hooks/use-network-sets";
import { useDeleteResource } from "@/lib/hooks/use-policies";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { LabelChips } from "@/components/ui/label-chips";
import { PageHeader } from "@/components/ui/page-header";
import { DeleteDialog, ResourceList, RowEditDelete, SavedNotice } from "@/components/ui/resource-list";
import { useResourceListPage } from "@/components/ui/use-resource-list-page";
import { NetworkSetEditor } from "@/components/network-sets/network-set-editor";
import { ruleIndexLabel } from "@/lib/policy/rule-label";

const COLUMNS = [{ label: "Name" }, { label: "Scope" }, { label: "Labels" }, { label: "Nets", numeric: true }, { label: "Domains", numeric: true }, { label: "Referenced by" }] as const;

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
  const { editing, openEditor, closeEditor, deleting, setDeleting, deleted, cancelDelete, notice } = useResourceListPage<NetworkSetForm, NetworkSetResource>();

  const rows = useMemo(() => data.sets.map((s) => ({ set: s, refs: findNetworkSetReferences(s, data.policies, data.namespaces) })), [data.sets, data.policies, data.namespaces]);

  const confirmDelete = () => {
    if (deleting === undefined) return;
    const target = deleting;
    del.mutate(
      { kind: target.kind, name: target.metadata.name, ...(target.metadata.namespace !== undefined ? { namespace: target.metadata.namespace } : {}), ...(target.metadata.resourceVersion !== undefined ? { resourceVersion: target.metadata.resourceVersion } : {}) },
      { onSuccess: () => deleted(`Deleted ${target.kind} ${target.metadata.name}.`) },
    );
  };

  return (
    <>
      <PageHeader
        title="Network sets"
        description="Addresses and domains outside the cluster, labelled so policy rules can select them (NetworkSet per namespace, GlobalNetworkSet cluster-wide)."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => openEditor(emptyNetworkSetForm(), true)}>
            New network set
          </button>
        }
      />
      <SavedNotice notice={notice} />
      {editing !== undefined ? (
        <NetworkSetEditor
          key={editing.key}
          cluster={clusterId}
          initial={editing.form}
          isNew={editing.isNew}
          namespaces={data.namespaceNames}
          onDone={(saved) => closeEditor(saved !== undefined ? `Saved ${saved.kind} ${saved.metadata.name}.` : undefined)}
        />
      ) : null}
      <ResourceList
        label="Network set list"
        tableLabel="Network sets"
        columns={COLUMNS}
        error={data.error}
        isPending={data.isPending}
        isEmpty={rows.length === 0}
        emptyText="No network sets yet. Create one to name external addresses or domains in policy rules."
      >
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
              <RowEditDelete name={set.metadata.name} onEdit={() => openEditor(toNetworkSetForm(set), false)} onDelete={() => setDeleting(set)} />
            </td>
          </tr>
        ))}
      </ResourceList>
      <DeleteDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.kind ?? ""} ${deleting?.metadata.name ?? ""}?`}
        busy={del.isPending}
        error={del.error}
        conflictTitle="It changed since the list was loaded: nothing was deleted. Cancel to reload."
        onConfirm={confirmDelete}
        onCancel={() => cancelDelete(del.reset)}
      >
        <p>Policy rules that select it stop matching its addresses and domains at once.</p>
      </DeleteDialog>
    </>
  );
}
