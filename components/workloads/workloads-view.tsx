"use client";
import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { resourceTypeForPlural } from "@/lib/contracts/resources";
import type { ResourceType } from "@/lib/contracts/resources";
import { useObjectList } from "@/lib/hooks/use-objects";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { buildNamespaceRows, buildPodRows, buildServiceAccountRows, buildServiceRows, matchesText } from "@/components/workloads/workload-model";
import type { LabelTarget } from "@/components/workloads/workload-tables";
import { NamespaceTable, PodTable, ServiceAccountTable, ServiceTable } from "@/components/workloads/workload-tables";
import { LabelEditor } from "@/components/workloads/label-editor";
import { NamespaceSelect } from "@/components/ui/namespace-select";

type Tab = "pods" | "services" | "namespaces" | "serviceaccounts";

// These four plurals are in lib/contracts/resources.ts's table (asserted by its test).
const TYPES = {
  pods: resourceTypeForPlural("pods") as ResourceType,
  services: resourceTypeForPlural("services") as ResourceType,
  namespaces: resourceTypeForPlural("namespaces") as ResourceType,
  serviceaccounts: resourceTypeForPlural("serviceaccounts") as ResourceType,
};

/** Overview of a cluster's namespaces, pods (labels, IPs, service accounts) and services. */
export function WorkloadsView() {
  const { clusterId } = useCurrentCluster();
  const [tab, setTab] = useState<Tab>("pods");
  const [namespace, setNamespace] = useState("");
  const [search, setSearch] = useState("");
  const [selectorDraft, setSelectorDraft] = useState("");
  const [labelSelector, setLabelSelector] = useState("");
  const [editing, setEditing] = useState<{ readonly target: LabelTarget; readonly key: number } | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const filters = { namespace: namespace === "" ? undefined : namespace, labelSelector: labelSelector === "" ? undefined : labelSelector };
  const namespaces = useObjectList(clusterId, TYPES.namespaces);
  const pods = useObjectList(clusterId, TYPES.pods, filters);
  const services = useObjectList(clusterId, TYPES.services, filters);
  const accounts = useObjectList(clusterId, TYPES.serviceaccounts, filters);

  const podRows = useMemo(() => buildPodRows(pods.data?.items ?? []), [pods.data]);
  const serviceRows = useMemo(() => buildServiceRows(services.data?.items ?? [], podRows), [services.data, podRows]);
  const namespaceRows = useMemo(
    () => buildNamespaceRows(namespaces.data?.items ?? [], podRows, serviceRows).filter((n) => namespace === "" || n.name === namespace),
    [namespaces.data, podRows, serviceRows, namespace],
  );
  const accountRows = useMemo(() => buildServiceAccountRows(accounts.data?.items ?? [], podRows), [accounts.data, podRows]);

  const visiblePods = podRows.filter((p) => matchesText(search, p.name, p.namespace, p.workload, p.serviceAccount, ...p.ips, ...Object.entries(p.labels).map(([k, v]) => `${k}=${v}`)));
  const visibleServices = serviceRows.filter((s) => matchesText(search, s.name, s.namespace, s.clusterIP, ...s.ports));
  const visibleNamespaces = namespaceRows.filter((n) => matchesText(search, n.name, ...Object.entries(n.labels).map(([k, v]) => `${k}=${v}`)));
  const visibleAccounts = accountRows.filter((a) => matchesText(search, a.name, a.namespace));

  const onSelector = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setLabelSelector(selectorDraft.trim());
  };

  const openEditor = (target: LabelTarget) => {
    setNotice(undefined);
    setEditing({ target, key: Date.now() });
  };

  const active = { pods, services, namespaces, serviceaccounts: accounts }[tab];
  const selectorError = [pods.error, services.error, accounts.error].find((x) => x !== null);

  return (
    <>
      <PageHeader title="Workloads" description={`Namespaces, pods, services and service accounts of cluster “${clusterId}”.`} />
      <div className="stats" aria-label="Summary">
        <Stat label="Namespaces" value={namespaces.data?.items.length} />
        <Stat label="Pods" value={pods.data?.items.length} />
        <Stat label="Services" value={services.data?.items.length} />
        <Stat label="Service accounts" value={accounts.data?.items.length} />
        <Stat label="Workloads" value={pods.data === undefined ? undefined : new Set(podRows.map((p) => `${p.namespace}/${p.workload}`)).size} />
      </div>
      {notice !== undefined ? (
        <div className="notice notice-ok" role="status">
          {notice}
        </div>
      ) : null}
      {editing !== undefined ? (
        <LabelEditor
          key={editing.key}
          cluster={clusterId}
          target={editing.target}
          onDone={(saved) => {
            if (saved) setNotice(`Saved the labels of ${editing.target.kind === "Pod" ? "pod" : "namespace"} ${editing.target.namespace !== undefined ? `${editing.target.namespace}/` : ""}${editing.target.name}.`);
            setEditing(undefined);
          }}
        />
      ) : null}
      <section className="card" aria-label="Workload inventory">
        <Tabs<Tab>
          idPrefix="workloads"
          label="Workload views"
          selected={tab}
          onSelect={setTab}
          tabs={[
            { id: "pods", label: "Pods", count: visiblePods.length },
            { id: "services", label: "Services", count: visibleServices.length },
            { id: "namespaces", label: "Namespaces", count: visibleNamespaces.length },
            { id: "serviceaccounts", label: "Service accounts", count: visibleAccounts.length },
          ]}
        />
        <form className="toolbar" onSubmit={onSelector} role="search" aria-label="Filter workloads">
          <NamespaceSelect id="wl-namespace" value={namespace} namespaces={(namespaces.data?.items ?? []).map((n) => n.metadata.name)} onChange={(ns) => setNamespace(ns)} />
          <div className="field field-grow">
            <label htmlFor="wl-selector">Label selector</label>
            <input
              id="wl-selector"
              className="input input-mono"
              placeholder="app=frontend,tier in (web,api)"
              value={selectorDraft}
              onChange={(e) => setSelectorDraft(e.target.value)}
              aria-invalid={selectorError !== undefined && labelSelector !== ""}
            />
          </div>
          <button type="submit" className="btn">
            Apply selector
          </button>
          <div className="field">
            <label htmlFor="wl-search">Search</label>
            <input id="wl-search" className="input" type="search" placeholder="Name, IP, label…" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
        </form>
        {selectorError !== undefined ? (
          <div className="card-body">
            <ProblemNotice error={selectorError} />
          </div>
        ) : null}
        <div {...tabPanelProps("workloads", tab)}>
          {active.isPending ? (
            <div className="loading" role="status">
              Loading…
            </div>
          ) : tab === "pods" ? (
            <PodTable rows={visiblePods} onEditLabels={openEditor} />
          ) : tab === "services" ? (
            <ServiceTable rows={visibleServices} />
          ) : tab === "namespaces" ? (
            <NamespaceTable rows={visibleNamespaces} onEditLabels={openEditor} />
          ) : (
            <ServiceAccountTable rows={visibleAccounts} />
          )}
        </div>
      </section>
    </>
  );
}

function Stat({ label, value }: { readonly label: string; readonly value: number | undefined }) {
  return (
    <div className="stat">
      <div className="stat-value">{value ?? "–"}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
