"use client";
import Link from "next/link";
import type { ResourceType } from "@/lib/contracts/resources";
import { withoutManagedFields } from "@/lib/k8s-api/managed-fields";
import { useObject } from "@/lib/hooks/use-objects";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { KindBadge } from "@/components/resources/kind-badge";
import { YamlView } from "@/components/resources/yaml-view";
import { LabelChips } from "@/components/ui/label-chips";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { PageHeader } from "@/components/ui/page-header";

/** One object: its identity (kind, namespace, resourceVersion, uid) and its YAML. */
export function ResourceDetail({ type, name, namespace }: { readonly type: ResourceType; readonly name: string; readonly namespace?: string }) {
  const { clusterId } = useCurrentCluster();
  const object = useObject(clusterId, type, name, namespace);
  const back = type.group === "calico" ? `/resources?kind=${type.plural}` : "/workloads";

  return (
    <>
      <PageHeader
        title={name}
        description={
          <span className="row">
            <KindBadge kind={type.kind} />
            {namespace !== undefined ? <span>in namespace {namespace}</span> : <span>cluster-scoped</span>}
            <span>·</span>
            <Link href={back}>Back to {type.group === "calico" ? type.label.toLowerCase() : "workloads"}</Link>
          </span>
        }
      />
      {type.namespaced && namespace === undefined ? (
        <div className="notice notice-error" role="alert">
          {type.label} are namespaced: the link needs <code>?namespace=</code>.
        </div>
      ) : object.isPending ? (
        <div className="loading" role="status">
          Loading…
        </div>
      ) : object.error !== null ? (
        <ProblemNotice error={object.error} title={isApiProblem(object.error) && object.error.status === 404 ? `${type.kind} “${name}” not found in cluster “${clusterId}”` : undefined} />
      ) : (
        <div className="grid-2" style={{ gridTemplateColumns: "minmax(0, 1fr) minmax(0, 2fr)" }}>
          <section className="card" aria-labelledby="detail-meta">
            <div className="card-header">
              <h2 id="detail-meta">Metadata</h2>
            </div>
            <div className="card-body">
              <dl className="kv">
                <dt>API version</dt>
                <dd className="mono">{object.data.apiVersion}</dd>
                <dt>Kind</dt>
                <dd>{object.data.kind}</dd>
                <dt>Name</dt>
                <dd className="mono">{object.data.metadata.name}</dd>
                {object.data.metadata.namespace !== undefined ? (
                  <>
                    <dt>Namespace</dt>
                    <dd>{object.data.metadata.namespace}</dd>
                  </>
                ) : null}
                <dt>Resource version</dt>
                <dd className="mono" data-testid="resource-version">
                  {object.data.metadata.resourceVersion ?? "—"}
                </dd>
                <dt>UID</dt>
                <dd className="mono small">{object.data.metadata.uid ?? "—"}</dd>
                <dt>Created</dt>
                <dd>{object.data.metadata.creationTimestamp ?? "—"}</dd>
                <dt>Labels</dt>
                <dd>
                  <LabelChips labels={object.data.metadata.labels} empty="none" />
                </dd>
              </dl>
            </div>
          </section>
          <section className="card" aria-labelledby="detail-yaml">
            <div className="card-header">
              <h2 id="detail-yaml">YAML</h2>
            </div>
            <div className="card-body">
              <YamlView value={withoutManagedFields(object.data)} fileName={`${type.kind.toLowerCase()}-${name}.yaml`} label={`YAML of ${type.kind} ${name}`} />
            </div>
          </section>
        </div>
      )}
    </>
  );
}
