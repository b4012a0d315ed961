"use client";
import "@/components/policy-board/board.css";
import Link from "next/link";
import type { PolicyForm, PolicyResource } from "@/lib/board";
import { emptyPolicyForm, isPolicyResource, toPolicyForm } from "@/lib/board";
import { editorHref } from "@/components/policies/editor-href";
import { useBoard } from "@/lib/hooks/use-board";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { PolicyEditor } from "@/components/policies/policy-editor";

/** Which policy the editor opens. */
export type EditorTarget = { readonly mode: "new"; readonly tier: string } | { readonly mode: "edit"; readonly kind: string; readonly namespace?: string; readonly name: string };

/** Loads the board snapshot and opens the editor on a new or an existing policy. */
export function PolicyEditorPage({ target }: { readonly target: EditorTarget }) {
  const { clusterId } = useCurrentCluster();
  const board = useBoard(clusterId);
  const snapshot = board.data;
  if (snapshot === undefined) {
    return (
      <>
        <PageHeader title={target.mode === "new" ? "New policy" : target.name} />
        <ProblemNotice error={board.error} />
        {board.isPending ? <div className="loading">Loading…</div> : null}
      </>
    );
  }
  let original: PolicyResource | undefined;
  if (target.mode === "edit") {
    original = snapshot.resources.find(
      (r): r is PolicyResource => isPolicyResource(r) && r.kind === target.kind && r.metadata.name === target.name && (r.metadata.namespace ?? undefined) === target.namespace,
    );
    if (original === undefined) {
      return (
        <>
          <PageHeader title={target.name} description={<Link href="/board">← Policy board</Link>} />
          <div className="notice notice-warn" role="alert">
            {target.kind} {target.namespace !== undefined ? `${target.namespace}/` : ""}
            {target.name} does not exist (any more).
          </div>
        </>
      );
    }
  }
  if (original?.kind === "ClusterNetworkPolicy") {
    return (
      <>
        <PageHeader title={target.mode === "edit" ? target.name : ""} description={<Link href="/board">← Policy board</Link>} />
        <div className="notice" role="status">
          A Kubernetes ClusterNetworkPolicy is edited as YAML: <Link href={editorHref(original.kind, undefined, original.metadata.name)}>open it in Resources</Link>.
        </div>
      </>
    );
  }
  const tier = target.mode === "new" && target.tier !== "default" ? target.tier : "";
  const initial: PolicyForm = original !== undefined ? toPolicyForm(original) : emptyPolicyForm("namespace", tier, "default");
  const key = original === undefined ? "new" : `${original.kind}/${original.metadata.namespace ?? ""}/${original.metadata.name}`;
  return <PolicyEditor key={key} cluster={clusterId} snapshot={snapshot} initial={initial} {...(original !== undefined ? { original } : {})} />;
}
