"use client";
import dynamic from "next/dynamic";
import { useId, useMemo, useRef, useState } from "react";
import { useSearchParams } from "next/navigation";
import { aggregateLargeGraph, filterGraph } from "@/lib/graph";
import type { SavedGraphView } from "@/lib/contracts/saved-views";
import { useGraph } from "@/lib/hooks/use-graph";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { PageHeader } from "@/components/ui/page-header";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { SimulatorControls } from "@/components/flows/simulator-controls";
import { TIME_PRESETS, presetRange, rangeFromSearch } from "@/components/flows/time-range";
import type { TimePresetId, TimeRange } from "@/components/flows/time-range";
import type { GraphControls, GraphSelection } from "@/components/graph/graph-canvas";
import { GraphLegend } from "@/components/graph/graph-legend";
import { GraphSidePanel } from "@/components/graph/graph-side-panel";
import { SavedViewsMenu } from "@/components/graph/saved-views-menu";
import { fromGraphViewState, toGraphViewState } from "@/components/graph/saved-view-state";
import "@/components/graph/graph.css";

// cytoscape needs `window`: load the canvas on the client only.
const GraphCanvas = dynamic(() => import("@/components/graph/graph-canvas").then((m) => m.GraphCanvas), { ssr: false, loading: () => <div className="graph-canvas loading">Loading graph…</div> });

const CLASSES = [
  ["allowed", "Allowed"],
  ["denied", "Denied"],
  ["staged-denied", "Staged denied"],
] as const;
type EdgeFilterClass = (typeof CLASSES)[number][0];

/** /graph: the service graph with filters, legend, zoom controls and a details panel. */
export function GraphView() {
  const { clusterId } = useCurrentCluster();
  const search = useSearchParams();
  const ids = { range: useId(), ns: useId(), search: useId() };
  const [range, setRange] = useState<TimeRange>(() => rangeFromSearch(new URLSearchParams(search.toString())));
  const [expanded, setExpanded] = useState<readonly string[]>(() => (search.get("expand") ?? "").split(",").filter((s) => s !== ""));
  const [namespace, setNamespace] = useState(search.get("namespace") ?? "");
  const [classes, setClasses] = useState<readonly EdgeFilterClass[]>([]);
  const [text, setText] = useState("");
  const [hideUnrelated, setHideUnrelated] = useState(false);
  const [live, setLive] = useState(true);
  const [selection, setSelection] = useState<GraphSelection | undefined>(undefined);
  const controls = useRef<GraphControls | null>(null);

  const query = { from: range.from, to: range.to, expand: [...expanded].sort().join(","), namespace: namespace.trim(), action: classes.join(",") };
  const graph = useGraph(clusterId, query, { live });
  const view = useMemo(() => {
    const g = graph.data ?? { nodes: [], edges: [] };
    const focus = hideUnrelated && selection?.kind === "node" ? { focus: { nodeId: selection.id, depth: 1 } } : {};
    // The server folds large graphs already; this guards the canvas against any graph above the limit.
    return aggregateLargeGraph(filterGraph(g, { ...(text.trim() !== "" ? { search: text.trim() } : {}), ...focus })).graph;
  }, [graph.data, text, hideUnrelated, selection]);

  const captureView = (withViewport: boolean) => {
    const focusNodeId = selection?.kind === "node" ? selection.id : undefined;
    const viewport = withViewport ? controls.current?.viewport() : undefined;
    return toGraphViewState({ range, namespace, classes, text, expanded, hideUnrelated, ...(focusNodeId !== undefined ? { focusNodeId } : {}) }, viewport);
  };
  const applyView = (view: SavedGraphView) => {
    const next = fromGraphViewState(view.state);
    setRange(next.range);
    setNamespace(next.namespace);
    setClasses(next.classes);
    setText(next.text);
    setExpanded(next.expanded);
    setHideUnrelated(next.hideUnrelated);
    setSelection(next.focusNodeId !== undefined ? { kind: "node", id: next.focusNodeId } : undefined);
    controls.current?.select(next.focusNodeId);
    if (view.state.viewport !== undefined) controls.current?.setViewport(view.state.viewport, { afterLayout: true });
    else controls.current?.fit();
  };

  const toggleNamespace = (ns: string) => setExpanded((prev) => (prev.includes(ns) ? prev.filter((x) => x !== ns) : [...prev, ns]));
  const toggleClass = (c: EdgeFilterClass) => setClasses((prev) => (prev.includes(c) ? prev.filter((x) => x !== c) : [...prev, c]));

  return (
    <>
      <PageHeader title="Service graph" description={`Who talks to whom in cluster “${clusterId}”, coloured by what policy decided.`} actions={<SimulatorControls cluster={clusterId} />} />
      <div className="graph-layout">
        <section className="card" aria-label="Graph">
          <div className="graph-toolbar">
            <div className="field">
              <label className="field-label" htmlFor={ids.range}>
                Time range
              </label>
              <select id={ids.range} className="select" value={range.preset} onChange={(e) => setRange(e.target.value === "custom" ? range : presetRange(e.target.value as Exclude<TimePresetId, "custom">))}>
                {TIME_PRESETS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
                {range.preset === "custom" ? <option value="custom">Custom (from link)</option> : null}
              </select>
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.ns}>
                Namespaces
              </label>
              <input id={ids.ns} className="input" placeholder="default,dev" value={namespace} onChange={(e) => setNamespace(e.target.value)} />
            </div>
            <fieldset className="row" aria-label="Edge classes">
              {CLASSES.map(([c, label]) => (
                <label key={c} className="row small">
                  <input type="checkbox" checked={classes.includes(c)} onChange={() => toggleClass(c)} /> {label}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label className="field-label" htmlFor={ids.search}>
                Search
              </label>
              <input id={ids.search} className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} />
            </div>
            <label className="row small">
              <input type="checkbox" checked={hideUnrelated} onChange={(e) => setHideUnrelated(e.target.checked)} /> Hide unrelated
            </label>
            <label className="row small">
              <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live
            </label>
            <div className="row" role="group" aria-label="Zoom">
              <button type="button" className="btn btn-sm" onClick={() => controls.current?.fit()}>
                Fit
              </button>
              <button type="button" className="btn btn-sm" aria-label="Zoom in" onClick={() => controls.current?.zoom(1.25)}>
                +
              </button>
              <button type="button" className="btn btn-sm" aria-label="Zoom out" onClick={() => controls.current?.zoom(0.8)}>
                −
              </button>
            </div>
            {expanded.length > 0 ? (
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => setExpanded([])}>
                Collapse all
              </button>
            ) : null}
            <SavedViewsMenu cluster={clusterId} capture={captureView} onApply={applyView} />
          </div>
          <ProblemNotice error={graph.error} />
          <GraphCanvas graph={view} onSelect={setSelection} onToggleNamespace={toggleNamespace} onReady={(c) => (controls.current = c)} />
          <GraphLegend />
          <div className="small cell-muted" style={{ padding: "4px 14px 10px" }} data-testid="graph-summary">
            {view.nodes.length} nodes · {view.edges.length} edges{graph.data?.aggregated === true ? " · large graph folded into namespaces" : ""}
          </div>
        </section>
        <aside className="card graph-panel" aria-label="Details">
          <div className="card-body">
            <GraphSidePanel cluster={clusterId} selection={selection} nodes={view.nodes} edges={view.edges} range={range} />
          </div>
        </aside>
      </div>
    </>
  );
}
