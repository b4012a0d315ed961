"use client";
import { useDeferredValue, useState } from "react";
import { flowExportHref, useFlowPage } from "@/lib/hooks/use-flows";
import type { FlowQueryParams } from "@/lib/hooks/use-flows";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { DEFAULT_VISIBLE } from "@/components/flows/flow-columns";
import type { FlowFilterValues } from "@/components/flows/flow-filters";
import { FlowFilters } from "@/components/flows/flow-filters";
import { ColumnChooser, FlowTable } from "@/components/flows/flow-table";
import { SimulatorControls } from "@/components/flows/simulator-controls";
import { presetRange } from "@/components/flows/time-range";
import { useFlowUrlState } from "@/components/flows/use-flow-url-state";
import type { TimeRange } from "@/components/flows/time-range";

const PAGE_SIZE = 50;

/** Query parameters of the flow API for the page's filters and time range. */
export function toFlowQuery(values: FlowFilterValues, range: TimeRange): FlowQueryParams {
  return { ...values, from: range.from, to: range.to, limit: PAGE_SIZE };
}

/** /flows: filters and time range (kept in the URL), live table with paging, column chooser, export. */
export function FlowsView() {
  const { clusterId } = useCurrentCluster();
  // Filters and time range live in the URL (shareable links, Back steps through views).
  const { values, setValues, range, setRange } = useFlowUrlState();
  const [visible, setVisible] = useState<readonly string[]>(DEFAULT_VISIBLE);
  const [live, setLive] = useState(true);
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const deferred = useDeferredValue(values);
  const query: FlowQueryParams = { ...toFlowQuery(deferred, range), cursor: cursors[cursors.length - 1] };
  // Only the newest page follows live updates; older pages would shift under the reader.
  const page = useFlowPage(clusterId, query, { live: live && cursors.length === 0 });
  const reset = (next: () => void) => {
    next();
    setCursors([]);
  };
  const next = page.data?.next;
  return (
    <>
      <PageHeader title="Flows" description={`Flow logs of cluster “${clusterId}”: who talked to whom, and which policies decided.`} actions={<SimulatorControls cluster={clusterId} />} />
      <section className="card" aria-label="Flow logs">
        <FlowFilters
          cluster={clusterId}
          values={values}
          onChange={(v) => reset(() => setValues(v))}
          preset={range.preset}
          onPreset={(p) => reset(() => setRange(p === "custom" ? range : presetRange(p)))}
        />
        <div className="flow-toolbar">
          <label className="row">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live
          </label>
          <span className="cell-muted small">{live ? "refreshing every 5 s" : "paused"}</span>
          <span className="spacer" />
          <a className="btn btn-sm" href={flowExportHref(clusterId, query, "csv")} download>
            Export CSV
          </a>
          <a className="btn btn-sm" href={flowExportHref(clusterId, query, "json")} download>
            Export JSON
          </a>
          <ColumnChooser visible={visible} onChange={setVisible} />
        </div>
        <ProblemNotice error={page.error} />
        {page.isPending ? <div className="loading">Loading flows…</div> : <FlowTable flows={page.data?.items ?? []} visible={visible} />}
        <div className="table-footer">
          <button type="button" className="btn btn-sm" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
          <span className="cell-muted small">Page {cursors.length + 1}</span>
          <button type="button" className="btn btn-sm" disabled={next === undefined} onClick={() => next !== undefined && setCursors([...cursors, next])}>
            Older
          </button>
        </div>
      </section>
    </>
  );
}
