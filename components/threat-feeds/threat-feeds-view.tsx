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
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LabelChips } from "@/components/ui/label-chips";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { ThreatFeedEditor } from "@/components/threat-feeds/threat-feed-editor";

const FEED_TYPE = resourceTypeForKind("GlobalThreatFeed");

type Editing = { readonly form: ThreatFeedForm; readonly isNew: boolean; readonly key: number };

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
  const [editing, setEditing] = useState<Editing | undefined>(undefined);
  const [deleting, setDeleting] = useState<ThreatFeedView | undefined>(undefined);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const feedObject = (name: string): GlobalThreatFeed | undefined => {
    const item = objects.data?.items.find((o) => o.metadata.name === name);
    const model = item === undefined ? undefined : validateResource(item).resource;
    return model?.kind === "GlobalThreatFeed" ? model : undefined;
  };
  const edit = (name: string) => {
    const obj = feedObject(name);
    if (obj === undefined) return;
    setNotice(undefined);
    setEditing({ form: toThreatFeedForm(obj), isNew: false, key: Date.now() });
  };
  const items = feeds.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Threat feeds"
        description="GlobalThreatFeeds pull lists of known-bad addresses or domains into a GlobalNetworkSet named threatfeed.<feed>, which policies select by the feed's labels (for example feed == &quot;feodo&quot;)."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing({ form: emptyThreatFeedForm(), isNew: true, key: Date.now() })}>
            New threat feed
          </button>
        }
      />
      {notice !== undefined ? (
        <div className="notice notice-ok" role="status">
          {notice}
        </div>
      ) : null}
      {editing !== undefined ? (
        <ThreatFeedEditor
          key={editing.key}
          cluster={clusterId}
          initial={editing.form}
          isNew={editing.isNew}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved !== undefined) setNotice(`Saved GlobalThreatFeed ${saved.metadata.name}. It is pulled within a few seconds.`);
          }}
        />
      ) : null}
      {sync.error !== null ? <ProblemNotice error={sync.error} /> : null}
      <section className="card" aria-label="Threat feed list">
        {feeds.error !== null ? (
          <div className="card-body">
            <ProblemNotice error={feeds.error} />
          </div>
        ) : null}
        {feeds.isPending ? (
          <div className="loading" role="status">
            Loading…
          </div>
        ) : items.length === 0 ? (
          <div className="empty">No threat feeds yet. Add one to keep a deny-list of known-bad addresses up to date.</div>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Threat feeds">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status · last successful sync</th>
                  <th scope="col" className="num">Entries</th>
                  <th scope="col">Set</th>
                  <th scope="col">Selected by</th>
                  <th scope="col" className="num">Denied (24h)</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete GlobalThreatFeed ${deleting?.name ?? ""}?`}
        confirmLabel="Delete"
        danger
        busy={del.isPending}
        onConfirm={() => {
          if (deleting === undefined) return;
          const target = deleting;
          del.mutate(
            { kind: "GlobalThreatFeed", name: target.name, ...(target.resourceVersion !== "" ? { resourceVersion: target.resourceVersion } : {}) },
            {
              onSuccess: () => {
                setDeleting(undefined);
                setNotice(`Deleted GlobalThreatFeed ${target.name}; its set is removed within a few seconds.`);
              },
            },
          );
        }}
        onCancel={() => {
          del.reset();
          setDeleting(undefined);
        }}
      >
        <p>The GlobalNetworkSet it fills is removed too: policy rules that select it stop matching its addresses.</p>
        {del.error !== null ? <ProblemNotice error={del.error} /> : null}
      </ConfirmDialog>
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
          <button type="button" className="btn btn-sm" aria-label={`Edit ${f.name}`} onClick={props.onEdit}>
            Edit
          </button>{" "}
          <button type="button" className="btn btn-sm btn-danger" aria-label={`Delete ${f.name}`} onClick={props.onDelete}>
            Delete
          </button>
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
