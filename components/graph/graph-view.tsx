"use client";
import dynamic from "next/dynamic";
import { useEffect, useId } from "react";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { SimulatorControls } from "@/components/flows/simulator-controls";
import { TIME_PRESETS, presetRange } from "@/components/flows/time-range";
import type { TimePresetId } from "@/components/flows/time-range";
import { GraphLegend } from "@/components/graph/graph-legend";
import { GraphSidePanel } from "@/components/graph/graph-side-panel";
import { SavedViewsMenu } from "@/components/graph/saved-views-menu";
import { EDGE_FILTER_CLASSES, useGraphPage } from "@/components/graph/use-graph-page";
import { createPlacementWorker } from "@/components/graph/placement-worker";
import { createRenderWorker } from "@/components/graph/render-worker";
import "@/components/graph/graph.css";

// cytoscape needs `window`: load the canvas on the client only.
const GraphCanvas = dynamic(() => import("@/components/graph/graph-canvas").then((m) => m.GraphCanvas), { ssr: false, loading: () => <div className="graph-canvas loading">Loading graph…</div> });

/** /graph: the service graph with filters, grouping, legend, zoom controls and a details panel. */
export function GraphView() {
  const { clusterId } = useCurrentCluster();
  const s = useGraphPage(clusterId);
  const ids = { range: useId(), ns: useId(), search: useId(), group: useId() };
  // The canvas is rendered once the graph is in; its module is fetched now, while the graph loads
  // (the same chunk next/dynamic asks for then), and evaluated in a task of its own.
  useEffect(() => {
    void import("@/components/graph/graph-canvas");
  }, []);

  return (
    <>
      <PageHeader title="Service graph" description={`Who talks to whom in cluster “${clusterId}”, coloured by what policy decided.`} actions={<SimulatorControls cluster={clusterId} />} />
      <div className={s.selection !== undefined ? "graph-layout with-panel" : "graph-layout"}>
        <section className="card graph-main" aria-label="Graph">
          <div className="graph-toolbar">
            <div className="field">
              <label className="field-label" htmlFor={ids.range}>
                Time range
              </label>
              <select id={ids.range} className="select" value={s.range.preset} onChange={(e) => s.setRange(e.target.value === "custom" ? s.range : presetRange(e.target.value as Exclude<TimePresetId, "custom">))}>
                {TIME_PRESETS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
                {s.range.preset === "custom" ? <option value="custom">Custom (from link)</option> : null}
              </select>
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.ns}>
                Namespaces
              </label>
              <input id={ids.ns} className="input" placeholder="default,dev" value={s.namespace} onChange={(e) => s.setNamespace(e.target.value)} />
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.search}>
                Search
              </label>
              <input id={ids.search} className="input" type="search" value={s.text} onChange={(e) => s.setText(e.target.value)} />
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.group}>
                Group by
              </label>
              <select id={ids.group} className="select" value={s.groupBy} onChange={(e) => s.setGroupBy(e.target.value)}>
                <option value="">Namespace only</option>
                {[...new Set([...s.groupKeys, ...(s.groupBy !== "" ? [s.groupBy] : [])])].map((k) => (
                  <option key={k} value={k}>
                    Namespace label “{k}”
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="row graph-classes">
              <legend className="visually-hidden">Edge classes</legend>
              {EDGE_FILTER_CLASSES.map(([c, label]) => (
                <label key={c} className="row small">
                  <input type="checkbox" checked={s.classes.includes(c)} onChange={() => s.toggleClass(c)} /> {label}
                </label>
              ))}
            </fieldset>
            <label className="row small">
              <input type="checkbox" checked={s.hideUnrelated} onChange={(e) => s.setHideUnrelated(e.target.checked)} /> Hide unrelated
            </label>
            <label className="row small">
              <input type="checkbox" checked={s.live} onChange={(e) => s.setLive(e.target.checked)} /> Live
            </label>
            <div className="graph-tools">
            <div className="row" role="group" aria-label="Zoom and layout">
              <button type="button" className="btn btn-sm" onClick={() => s.controls.current?.fit()}>
                Fit
              </button>
              <button type="button" className="btn btn-sm" aria-label="Zoom in" onClick={() => s.controls.current?.zoom(1.25)}>
                +
              </button>
              <button type="button" className="btn btn-sm" aria-label="Zoom out" onClick={() => s.controls.current?.zoom(0.8)}>
                −
              </button>
              <button type="button" className="btn btn-sm btn-ghost" title="Lay the graph out afresh (your stored positions are replaced)" onClick={() => s.controls.current?.relayout()}>
                Re-layout
              </button>
            </div>
            {s.expanded.length > 0 ? (
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => s.setExpanded([])}>
                Collapse all
              </button>
            ) : null}
            <SavedViewsMenu cluster={clusterId} capture={s.captureView} onApply={s.applyView} onSaved={s.onViewSaved} onDeleted={s.onViewDeleted} />
            </div>
          </div>
          <ProblemNotice error={s.graph.error} />
          <ProblemNotice error={s.positionsError} title="Node positions could not be loaded or saved" />
          {/* No renderer until the graph and its stored positions are in: an empty graph is a small
              one, so cytoscape would load, start and draw nothing, then give way to the big renderer. */}
          {s.graph.isPending || !s.positionsReady ? (
            <div className="graph-canvas loading">Loading graph…</div>
          ) : (
            <GraphCanvas
              graph={s.view}
              storedPositions={s.storedPositions}
              layoutKey={s.viewId}
              onSelect={s.setSelection}
              onToggleNamespace={s.toggleNamespace}
              onReady={(c) => (s.controls.current = c)}
              onPositionsChange={s.onPositionsChange}
              createPlacementWorker={createPlacementWorker}
              createRenderWorker={createRenderWorker}
            />
          )}
          <div className="graph-footer">
            <GraphLegend />
            <div className="small cell-muted" data-testid="graph-summary" title="Click a node or an edge for its flows; double-click a namespace to open it">
              {s.view.nodes.length} nodes · {s.view.edges.length} edges{s.graph.data?.aggregated === true ? " · large graph folded into namespaces" : ""} · click a node or an edge for its flows and policies
            </div>
          </div>
        </section>
        {s.selection !== undefined ? (
          <aside className="card graph-panel" aria-label="Details">
            <div className="card-body">
              <div className="row graph-panel-head">
                <button type="button" className="btn btn-sm btn-ghost" onClick={() => s.setSelection(undefined)}>
                  Close details
                </button>
              </div>
              <GraphSidePanel cluster={clusterId} selection={s.selection} nodes={s.view.nodes} edges={s.view.edges} range={s.range} />
            </div>
          </aside>
        ) : null}
      </div>
    </>
  );
}
