"use client";
import Link from "next/link";
import { useState } from "react";
import type { ThreatFeedPolicyRef, ThreatFeedView } from "@/lib/contracts/threat-feeds";
import type { ThreatFeedForm } from "@/lib/threat-feeds";
import { emptyThreatFeedForm, toThreatFeedForm } from "@/lib/threat-feeds";
import { useObjectList } from "@/lib/hooks/use-objects";
import { useDeleteResource } from "@/lib/hooks/use-policies";
import { useSyncThreatFeed, useThreatFeeds } from "@/lib/hooks/use-threat-feeds";
import type { GlobalThreatFeed } from "@/lib/calico/types";
import { validateResource } from "@/lib/calico";
import { resourceTypeForKind } from "@/lib/contracts/resources";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { LabelChips } from "@/components/ui/label-chips";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { DeleteDialog, ResourceList, RowEditDelete, SavedNotice } from "@/components/ui/resource-list";
import { useResourceListPage } from "@/components/ui/use-resource-list-page";
import { ThreatFeedEditor } from "@/components/threat-feeds/threat-feed-editor";

const FEED_TYPE = resourceTypeForKind("GlobalThreatFeed");

const COLUMNS = [
  { label: "Name" },
  { label: "Status · last successful sync" },
  { label: "Entries", numeric: true },
  { label: "Set" },
  { label: "Selected by" },
  { label: "Denied (24h)", numeric: true },
] as const;

const STATE_LABEL: Readonly<Record<ThreatFeedView["state"], string>> = { ok: "synced", error: "error", pending: "waiting for first pull", disabled: "disabled", push: "push feed (not pulled)" };

function when(iso: string | undefined): string {
  return iso === undefined ? "never" : new Date(iso).toLocaleString();
}

function policyHref(r: ThreatFeedPolicyRef): string {
  const plural = r.kind.toLowerCase().replace(/policy$/, "policies");
  return `/resources/${plural}/${encodeURIComponent(r.name)}${r.namespace !== undefined ? `?namespace=${encodeURIComponent(r.namespace)}` : ""}`;
}

function FeedDetails({ feed }: { readonly feed: ThreatFeedView }) {
  return (
    <div className="stack small">
      <div>
        <span className="cell-muted">URL</span> <span className="mono">{feed.url ?? "—"}</span> · <span className="cell-muted">every</span> {feed.period} · <span className="cell-muted">format</span> {feed.format}
      </div>
      <div>
        <span className="cell-muted">Last attempt</span> {when(feed.lastAttemptAt)}
        {feed.nextSyncAt !== undefined ? (
          <>
            {" "}
            · <span className="cell-muted">next</span> {when(feed.nextSyncAt)}
          </>
        ) : null}
        {feed.skippedCount > 0 ? <> · {feed.skippedCount} entries were not {feed.content === "IPSet" ? "addresses" : "domain names"} and were skipped</> : null}
      </div>
      {feed.sampleEntries.length > 0 ? (
        <div>
          <span className="cell-muted">Entries{feed.entryCount > feed.sampleEntries.length ? ` (first ${feed.sampleEntries.length})` : ""}:</span>{" "}
          <span className="mono" data-testid={`threat-feed-entries-${feed.name}`}>
            {feed.sampleEntries.join(", ")}
          </span>
        </div>
      ) : null}
    </div>
  );
}

/** Threat feeds of the cluster: sync state, the set each fills, the policies that select it, denied flows; create, edit, sync now, delete. */
export function ThreatFeedsView() {
  const { clusterId } = useCurrentCluster();
  const feeds = useThreatFeeds(clusterId);
  const objects = useObjectList(clusterId, FEED_TYPE);
  const sync = useSyncThreatFeed(clusterId);
  const del = useDeleteResource(clusterId);
  const { editing, openEditor, closeEditor, deleting, setDeleting, deleted, cancelDelete, notice } = useResourceListPage<ThreatFeedForm, ThreatFeedView>();
  const [open, setOpen] = useState<string | undefined>(undefined);

  const feedObject = (name: string): GlobalThreatFeed | undefined => {
    const item = objects.data?.items.find((o) => o.metadata.name === name);
    const model = item === undefined ? undefined : validateResource(item).resource;
    return model?.kind === "GlobalThreatFeed" ? model : undefined;
  };
  const edit = (name: string) => {
    const obj = feedObject(name);
    if (obj !== undefined) openEditor(toThreatFeedForm(obj), false);
  };
  const items = feeds.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Threat feeds"
        description="GlobalThreatFeeds pull lists of known-bad addresses or domains into a GlobalNetworkSet named threatfeed.<feed>, which policies select by the feed's labels (for example feed == &quot;feodo&quot;)."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => openEditor(emptyThreatFeedForm(), true)}>
            New threat feed
          </button>
        }
      />
      <SavedNotice notice={notice} />
      {editing !== undefined ? (
        <ThreatFeedEditor
          key={editing.key}
          cluster={clusterId}
          initial={editing.form}
          isNew={editing.isNew}
          onDone={(saved) => closeEditor(saved !== undefined ? `Saved GlobalThreatFeed ${saved.metadata.name}. It is pulled within a few seconds.` : undefined)}
        />
      ) : null}
      {sync.error !== null ? <ProblemNotice error={sync.error} /> : null}
      <ResourceList
        label="Threat feed list"
        tableLabel="Threat feeds"
        columns={COLUMNS}
        error={feeds.error}
        isPending={feeds.isPending}
        isEmpty={items.length === 0}
        emptyText="No threat feeds yet. Add one to keep a deny-list of known-bad addresses up to date."
      >
        {items.map((f) => (
          <FeedRow
            key={f.uid}
            feed={f}
            expanded={open === f.name}
            onToggle={() => setOpen(open === f.name ? undefined : f.name)}
            onSync={() => sync.mutate({ name: f.name })}
            syncing={sync.isPending && sync.variables?.name === f.name}
            onEdit={() => edit(f.name)}
            onDelete={() => setDeleting(f)}
          />
        ))}
      </ResourceList>
      <DeleteDialog
        open={deleting !== undefined}
        title={`Delete GlobalThreatFeed ${deleting?.name ?? ""}?`}
        busy={del.isPending}
        error={del.error}
        onConfirm={() => {
          if (deleting === undefined) return;
          const target = deleting;
          del.mutate(
            { kind: "GlobalThreatFeed", name: target.name, ...(target.resourceVersion !== "" ? { resourceVersion: target.resourceVersion } : {}) },
            { onSuccess: () => deleted(`Deleted GlobalThreatFeed ${target.name}; its set is removed within a few seconds.`) },
          );
        }}
        onCancel={() => cancelDelete(del.reset)}
      >
        <p>The GlobalNetworkSet it fills is removed too: policy rules that select it stop matching its addresses.</p>
      </DeleteDialog>
    </>
  );
}

function FeedRow(props: {
  readonly feed: ThreatFeedView;
  readonly expanded: boolean;
  readonly onToggle: () => void;
  readonly onSync: () => void;
  readonly syncing: boolean;
  readonly onEdit: () => void;
  readonly onDelete: () => void;
}) {
  const f = props.feed;
  return (
    <>
      <tr data-testid={`threat-feed-${f.name}`}>
        <td className="cell-name">
          <button type="button" className="btn btn-sm btn-ghost mono" aria-expanded={props.expanded} onClick={props.onToggle}>
            {f.name}
          </button>
          <div className="cell-muted small">
            {f.content}
            {f.description !== undefined ? ` · ${f.description}` : ""}
          </div>
        </td>
        <td className="cell-wrap">
          <span className={`badge ${f.state === "error" ? "badge-deny" : f.state === "ok" ? "badge-allow" : ""}`} data-testid="threat-feed-state">
            {STATE_LABEL[f.state]}
          </span>
          <div className="small nowrap">{when(f.lastSuccessfulSync)}</div>
          {f.syncRequested ? <div className="cell-muted small">sync requested…</div> : null}
          {f.errorConditions.map((c, i) => (
            <div key={i} className="small field-error" data-testid="threat-feed-error">
              <strong>{c.type}</strong>: {c.message}
            </div>
          ))}
        </td>
        <td className="num" data-testid="threat-feed-entry-count">
          {f.entryCount}
        </td>
        <td className="cell-wrap">
          {f.setName === undefined ? (
            <span className="cell-muted">no set</span>
          ) : (
            <>
              <Link href="/network-sets" prefetch={false} className="mono">
                {f.setName}
              </Link>
              {!f.setExists ? <span className="cell-muted"> (not created yet)</span> : null}
              <div>
                <LabelChips labels={f.labels} max={4} empty="no labels" />
              </div>
            </>
          )}
        </td>
        <td className="cell-wrap">
          {f.policies.length === 0 ? (
            <span className="cell-muted">no policy rule selects it</span>
          ) : (
            <ul className="stack small" aria-label={`Policies selecting ${f.name}`}>
              {f.policies.map((r, i) => (
                <li key={`${r.kind}-${r.name}-${r.direction}-${r.ruleIndex}-${r.side}-${i}`}>
                  <Link href={policyHref(r)} prefetch={false} className="mono">
                    {r.namespace !== undefined ? `${r.namespace}/` : ""}
                    {r.name}
                  </Link>{" "}
                  <span className="cell-muted">
                    {r.direction} rule index {r.ruleIndex} {r.side} · {r.action}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </td>
        <td className="num" data-testid="threat-feed-denied">
          {f.deniedFlows}
        </td>
        <td className="nowrap">
          <button type="button" className="btn btn-sm" aria-label={`Sync ${f.name} now`} onClick={props.onSync} disabled={props.syncing || f.state === "disabled" || f.state === "push"}>
            Sync now
          </button>{" "}
          <RowEditDelete name={f.name} onEdit={props.onEdit} onDelete={props.onDelete} />
        </td>
      </tr>
      {props.expanded ? (
        <tr>
          <td colSpan={7}>
            <FeedDetails feed={f} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
