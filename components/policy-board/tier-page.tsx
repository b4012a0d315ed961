"use client";
import "@/components/policy-board/board.css";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Tier } from "@/lib/calico/types";
import { useBoard } from "@/lib/hooks/use-board";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import { HistoryPanel } from "@/components/policies/history-panel";
import { TierForm } from "@/components/policy-board/tier-form";

/** A tier's page: edit (order, default action) and its change log. */
export function TierPage({ name }: { readonly name: string }) {
  const { clusterId } = useCurrentCluster();
  const board = useBoard(clusterId);
  const router = useRouter();
  const [tab, setTab] = useState<"edit" | "history">("edit");
  const tier = board.data?.resources.find((r): r is Tier => r.kind === "Tier" && r.metadata.name === name);
  return (
    <>
      <PageHeader title={`Tier ${name}`} description={<Link href="/board">← Policy board</Link>} />
      <ProblemNotice error={board.error} />
      {board.data !== undefined && tier === undefined ? <div className="notice notice-warn">Tier {name} does not exist (any more).</div> : null}
      {tier !== undefined ? (
        <section className="card">
          <Tabs idPrefix="tier" label="Tier" tabs={[{ id: "edit", label: "Edit" }, { id: "history", label: "History" }]} selected={tab} onSelect={setTab} />
          <div className="card-body" {...tabPanelProps("tier", tab)}>
            {tab === "edit" ? (
              <TierForm key={tier.metadata.resourceVersion} cluster={clusterId} tier={tier} onDone={() => router.push("/board")} />
            ) : (
              <HistoryPanel cluster={clusterId} kind="Tier" name={name} currentResourceVersion={tier.metadata.resourceVersion ?? ""} />
            )}
          </div>
        </section>
      ) : null}
    </>
  );
}
