"use client";
import { useState } from "react";
import type { GlobalAlert } from "@/lib/calico/types";
import { validateResource } from "@/lib/calico";
import type { GlobalAlertForm } from "@/lib/alerts";
import { emptyGlobalAlertForm, toGlobalAlertForm } from "@/lib/alerts";
import type { AlertStateView, AlertView } from "@/lib/contracts/alerts";
import { resourceTypeForKind } from "@/lib/contracts/resources";
import { useAlertsOverview, useEvaluateAlerts } from "@/lib/hooks/use-alerts";
import { useObjectList } from "@/lib/hooks/use-objects";
import { useDeleteResource } from "@/lib/hooks/use-policies";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { DeleteDialog, ResourceList, RowEditDelete, SavedNotice } from "@/components/ui/resource-list";
import { useResourceListPage } from "@/components/ui/use-resource-list-page";
import { AlertEditor } from "@/components/alerts/alert-editor";
import { AlertEvents } from "@/components/alerts/alert-events";

const STATE_BADGE: Readonly<Record<AlertStateView, [string, string]>> = {
  firing: ["badge badge-danger", "Firing"],
  ok: ["badge badge-ok", "OK"],
  error: ["badge badge-warn", "Error"],
  pending: ["badge", "Not evaluated yet"],
  unsupported: ["badge", "Not evaluated (data set)"],
};

const COLUMNS = [
  { label: "Alert" },
  { label: "State" },
  { label: "Severity", numeric: true },
  { label: "Data set" },
  { label: "Period / lookback" },
  { label: "Condition" },
  { label: "Last evaluated" },
  { label: "Last fired" },
] as const;

function when(iso: string | undefined): string {
  return iso === undefined ? "—" : new Date(iso).toLocaleString();
}

function metricText(a: AlertView): string {
  if (a.metric === undefined) return "any match";
  const of = a.metric === "count" ? "count" : `${a.metric}(${a.field ?? "?"})`;
  return `${of} ${a.condition ?? ""} ${a.threshold ?? ""}`.trim();
}

/** GlobalAlerts: state, last fired with its summary, evaluate now, create / edit / delete, events. */
export function AlertsView() {
  const { clusterId } = useCurrentCluster();
  const overview = useAlertsOverview(clusterId);
  const resources = useObjectList(clusterId, resourceTypeForKind("GlobalAlert"));
  const evaluate = useEvaluateAlerts(clusterId);
  const del = useDeleteResource(clusterId);
  const { editing, openEditor, closeEditor, deleting, setDeleting, deleted, cancelDelete, notice, setNotice } = useResourceListPage<GlobalAlertForm, AlertView>();
  const [eventsOf, setEventsOf] = useState("");

  const resourceOf = (name: string): GlobalAlert | undefined => {
    const obj = resources.data?.items.find((o) => o.metadata.name === name);
    const r = obj === undefined ? undefined : validateResource(obj).resource;
    return r?.kind === "GlobalAlert" ? r : undefined;
  };
  const edit = (name: string) => {
    const r = resourceOf(name);
    if (r !== undefined) openEditor(toGlobalAlertForm(r), false);
  };
  const items = overview.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Alerts"
        description="GlobalAlerts evaluated over stored flow and DNS logs every period; each match of the condition is an event."
        actions={
          <>
            <button type="button" className="btn" disabled={evaluate.isPending || items.length === 0} onClick={() => evaluate.mutate({}, { onSuccess: (r) => setNotice(`Evaluated ${r.results.length} alert(s): ${r.results.filter((x) => x.state === "firing").length} firing.`) })}>
              {evaluate.isPending ? "Evaluating…" : "Evaluate now"}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => openEditor(emptyGlobalAlertForm(), true)}>
              New alert
            </button>
          </>
        }
      />
      <SavedNotice notice={notice} />
      {evaluate.error !== null ? <ProblemNotice error={evaluate.error} /> : null}
      {editing !== undefined ? (
        <AlertEditor
          key={editing.key}
          cluster={clusterId}
          initial={editing.form}
          isNew={editing.isNew}
          onDone={(saved) => closeEditor(saved !== undefined ? `Saved GlobalAlert ${saved.metadata.name}. It runs at its next period, or now with “Evaluate now”.` : undefined)}
        />
      ) : null}
      <ResourceList
        label="Global alert list"
        tableLabel="Global alerts"
        columns={COLUMNS}
        error={overview.error}
        isPending={overview.isPending}
        isEmpty={items.length === 0}
        emptyText="No global alerts. Create one, or apply a GlobalAlert YAML."
      >
        {items.map((a) => {
          const [cls, label] = STATE_BADGE[a.state];
          return (
            <tr key={a.name} data-testid={`alert-${a.name}`}>
              <td className="cell-wrap">
                <div className="cell-name mono">{a.name}</div>
                <div className="cell-sub">{a.description}</div>
                {a.query !== "" ? <div className="cell-sub mono small">{a.query}</div> : null}
              </td>
              <td>
                <span className={cls} data-testid="alert-state">
                  {label}
                </span>
                {a.error !== undefined ? <div className="field-error small">{a.error}</div> : null}
              </td>
              <td className="num">{a.severity}</td>
              <td>{a.dataSet}</td>
              <td className="mono">
                {a.period} / {a.lookback}
              </td>
              <td className="mono small">{metricText(a)}</td>
              <td className="small">{when(a.lastEvaluatedAt)}</td>
              <td className="cell-wrap small">
                <div>{when(a.lastFiredAt)}</div>
                {a.lastSummary !== undefined ? <div data-testid="alert-last-summary">{a.lastSummary}</div> : null}
              </td>
              <td>
                <div className="stack">
                  <button type="button" className="btn btn-sm" aria-label={`Show events of ${a.name}`} onClick={() => setEventsOf(a.name)}>
                    Events
                  </button>
                  <RowEditDelete name={a.name} editDisabled={resourceOf(a.name) === undefined} onEdit={() => edit(a.name)} onDelete={() => setDeleting(a)} />
                </div>
              </td>
            </tr>
          );
        })}
      </ResourceList>
      <AlertEvents cluster={clusterId} alert={eventsOf} alertNames={items.map((a) => a.name)} onAlertChange={setEventsOf} />
      <DeleteDialog
        open={deleting !== undefined}
        title={`Delete GlobalAlert ${deleting?.name ?? ""}?`}
        busy={del.isPending}
        error={del.error}
        onConfirm={() => {
          if (deleting === undefined) return;
          const name = deleting.name;
          del.mutate({ kind: "GlobalAlert", name, resourceVersion: deleting.resourceVersion }, { onSuccess: () => deleted(`Deleted GlobalAlert ${name}.`) });
        }}
        onCancel={() => cancelDelete(del.reset)}
      >
        <p>It stops being evaluated; its past events are no longer listed.</p>
      </DeleteDialog>
    </>
  );
}
