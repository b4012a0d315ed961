"use client";
import { useState } from "react";
import { flowExportHref } from "@/lib/hooks/use-flows";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { FlowDetailPane } from "@/components/flows/flow-detail-pane";
import { FlowFilters } from "@/components/flows/flow-filters";
import { SimulatorControls } from "@/components/flows/simulator-controls";
import { useFlowsView } from "@/components/flows/use-flows-view";
import { VirtualFlowTable } from "@/components/flows/virtual-flow-table";
import "@/components/flows/flows.css";

const numberFormat = new Intl.NumberFormat("en-US");

/** /flows: Whisker-style filters, one continuous table over the whole range, live rows pushed, a detail pane. */
export function FlowsView() {
  const v = useFlowsView();
  const [scrollTopSignal, setScrollTopSignal] = useState(0);
  const statusText =
    v.state.range.to !== undefined ? "fixed time range" : !v.live ? "paused" : v.streamStatus === "live" ? "live: new flows appear as they are stored" : v.streamStatus === "reconnecting" ? "reconnecting…" : v.streamStatus === "broken" ? "live updates stopped: the server sent an event this console cannot read" : "connecting…";
  return (
    <>
      <PageHeader title="Flows" description={`Flow logs of cluster “${v.clusterId}”: who talked to whom, and which policies decided.`} actions={<SimulatorControls cluster={v.clusterId} />} />
      <section className="card flows-card" aria-label="Flow logs">
        <FlowFilters
          cluster={v.clusterId}
          state={v.state}
          drafts={v.drafts}
          onAdd={v.addChip}
          onRemove={v.removeChip}
          onDraft={v.setDraft}
          onChoice={v.setChoice}
          onPreset={v.setPreset}
          onClear={v.clearFilters}
        />
        <div className="flow-toolbar">
          <label className="row">
            <input type="checkbox" checked={v.live} disabled={v.state.range.to !== undefined} onChange={(e) => v.setLive(e.target.checked)} /> Live
          </label>
          <span className="cell-muted small" aria-live="polite" data-testid="flow-live-status">
            {statusText}
          </span>
          <span className="flow-count small" data-testid="flow-count">
            {v.total === undefined ? "Counting…" : `${numberFormat.format(v.total.count)}${v.total.capped ? "+" : ""} flows in range`}
            {v.fetching ? " · loading…" : ""}
          </span>
          <span className="spacer" />
          <a className="btn btn-sm" href={flowExportHref(v.clusterId, v.query, "csv")} download>
            Export CSV
          </a>
          <a className="btn btn-sm" href={flowExportHref(v.clusterId, v.query, "json")} download>
            Export JSON
          </a>
        </div>
        <ProblemNotice error={v.error} />
        <div className={v.detailOpen ? "flows-split with-pane" : "flows-split"}>
          <div className="flows-table-area">
            {v.waiting > 0 ? (
              <button
                type="button"
                className="btn btn-sm btn-primary flows-new"
                onClick={() => {
                  v.showWaiting();
                  setScrollTopSignal((n) => n + 1);
                }}
              >
                ↑ {numberFormat.format(v.waiting)} new flow{v.waiting === 1 ? "" : "s"}
              </button>
            ) : null}
            {v.loading ? (
              <div className="loading">Loading flows…</div>
            ) : (
              <VirtualFlowTable
                count={v.rowCount}
                rowAt={v.rowAt}
                onWindow={v.onWindow}
                visible={v.visible}
                complete={v.total !== undefined}
                selectedIndex={v.selectedIndex}
                onSelect={v.select}
                onOpen={v.openDetail}
                onClose={v.closeDetail}
                onAtTop={v.setAtTop}
                scrollToTopSignal={scrollTopSignal}
              />
            )}
          </div>
          {v.detailOpen && v.selected !== undefined ? <FlowDetailPane flow={v.selected} onClose={v.closeDetail} /> : null}
        </div>
      </section>
    </>
  );
}
