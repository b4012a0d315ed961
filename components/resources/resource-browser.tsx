"use client";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import type { FormEvent } from "react";
import type { WireObjectView } from "@/lib/contracts/objects";
import { CALICO_RESOURCE_TYPES, resourceTypeForPlural } from "@/lib/contracts/resources";
import type { ResourceType } from "@/lib/contracts/resources";
import { useObjectList, useObjectLists } from "@/lib/hooks/use-objects";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { KindBadge } from "@/components/resources/kind-badge";
import { LabelChips } from "@/components/ui/label-chips";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { PageHeader } from "@/components/ui/page-header";
import { NamespaceSelect } from "@/components/ui/namespace-select";

const MAX_ROWS = 500;

interface Row {
  readonly type: ResourceType;
  readonly obj: WireObjectView;
}

function specField(obj: WireObjectView, key: string): unknown {
  const spec: unknown = obj["spec"];
  return typeof spec === "object" && spec !== null ? (spec as Record<string, unknown>)[key] : undefined; // object checked
}

function detailHref(row: Row): string {
  const ns = row.obj.metadata.namespace;
  return `/resources/${row.type.plural}/${encodeURIComponent(row.obj.metadata.name)}${row.type.namespaced && ns !== undefined ? `?namespace=${encodeURIComponent(ns)}` : ""}`;
}

/** Lists every Calico kind of the selected cluster, filtered by kind, namespace and label selector (URL state). */
export function ResourceBrowser() {
  const { clusterId } = useCurrentCluster();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const kind = params.get("kind") ?? "";
  const namespace = params.get("namespace") ?? "";
  const labelSelector = params.get("labelSelector") ?? "";
  const [selectorDraft, setSelectorDraft] = useState(labelSelector);

  const selectedType = kind === "" ? undefined : resourceTypeForPlural(kind);
  const types = selectedType === undefined ? CALICO_RESOURCE_TYPES : [selectedType];
  const filters = { namespace: namespace === "" ? undefined : namespace, labelSelector: labelSelector === "" ? undefined : labelSelector };
  const lists = useObjectLists(clusterId, types, filters);
  const namespaces = useObjectList(clusterId, resourceTypeForPlural("namespaces"));

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value === "") next.delete(key);
    else next.set(key, value);
    const qs = next.toString();
    router.replace(qs === "" ? pathname : `${pathname}?${qs}`);
  };
  const onSelector = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setParam("labelSelector", selectorDraft.trim());
  };

  const rows: Row[] = lists
    .flatMap((q, i) => {
      const type = types[i];
      // A namespace filter hides cluster-scoped kinds (they live in no namespace).
      if (type === undefined || (namespace !== "" && !type.namespaced)) return [];
      return (q.data?.items ?? []).map((obj) => ({ type, obj }));
    })
    .sort((a, b) => a.type.kind.localeCompare(b.type.kind) || (a.obj.metadata.namespace ?? "").localeCompare(b.obj.metadata.namespace ?? "") || a.obj.metadata.name.localeCompare(b.obj.metadata.name));
  const pending = lists.some((q) => q.isPending);
  const error = lists.find((q) => q.error !== null)?.error;

  return (
    <>
      <PageHeader title="Resources" description={`Calico and Kubernetes network-security resources of cluster “${clusterId}”.`} />
      <section className="card" aria-label="Resource list">
        <form className="toolbar" onSubmit={onSelector} role="search" aria-label="Filter resources">
          <div className="field">
            <label htmlFor="rb-kind">Kind</label>
            <select id="rb-kind" className="select" value={kind} onChange={(e) => setParam("kind", e.target.value)}>
              <option value="">All kinds</option>
              {CALICO_RESOURCE_TYPES.map((t) => (
                <option key={t.plural} value={t.plural}>
                  {t.kind}
                </option>
              ))}
            </select>
          </div>
          <NamespaceSelect id="rb-namespace" value={namespace} namespaces={(namespaces.data?.items ?? []).map((n) => n.metadata.name)} onChange={(ns) => setParam("namespace", ns)} />
          <div className="field field-grow">
            <label htmlFor="rb-selector">Label selector</label>
            <input
              id="rb-selector"
              className="input input-mono"
              placeholder="type=allowed-dns"
              value={selectorDraft}
              onChange={(e) => setSelectorDraft(e.target.value)}
            />
          </div>
          <button type="submit" className="btn">
            Apply selector
          </button>
        </form>
        {error !== undefined ? (
          <div className="card-body">
            <ProblemNotice error={error} />
          </div>
        ) : null}
        {pending ? (
          <div className="loading" role="status">
            Loading…
          </div>
        ) : rows.length === 0 ? (
          <div className="empty">No resources match the filters.</div>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table" aria-label="Resources">
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Name</th>
                    <th scope="col">Namespace</th>
                    <th scope="col">Tier</th>
                    <th scope="col" className="num">
                      Order
                    </th>
                    <th scope="col">Labels</th>
                    <th scope="col" className="num">
                      Resource version
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, MAX_ROWS).map((r) => {
                    const tier = specField(r.obj, "tier");
                    const order = specField(r.obj, "order");
                    return (
                      <tr key={`${r.type.plural}/${r.obj.metadata.namespace ?? ""}/${r.obj.metadata.name}`}>
                        <td>
                          <KindBadge kind={r.type.kind} />
                        </td>
                        <td className="cell-name">
                          <Link href={detailHref(r)} prefetch={false}>{r.obj.metadata.name}</Link>
                        </td>
                        <td>{r.obj.metadata.namespace ?? <span className="cell-muted">—</span>}</td>
                        <td>{typeof tier === "string" ? tier : <span className="cell-muted">—</span>}</td>
                        <td className="num">{typeof order === "number" ? order : <span className="cell-muted">—</span>}</td>
                        <td>
                          <LabelChips labels={r.obj.metadata.labels} max={3} />
                        </td>
                        <td className="num mono">{r.obj.metadata.resourceVersion ?? ""}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="table-footer">
              {rows.length > MAX_ROWS ? `Showing the first ${MAX_ROWS} of ${rows.length} resources.` : `${rows.length} resources`}
            </div>
          </>
        )}
      </section>
    </>
  );
}
