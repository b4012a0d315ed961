"use client";
import Link from "next/link";
import type { GraphEdge, GraphNode } from "@/lib/graph";
import { edgeStyleClass } from "@/lib/graph";
import { useFlowPage } from "@/lib/hooks/use-flows";
import type { FlowQueryParams } from "@/lib/hooks/use-flows";
import { toQueryString } from "@/lib/contracts/paths";
import { recommendationPaths } from "@/lib/contracts/recommendations";
import { workloadNameOf } from "@/lib/flows";
import { FlowTable } from "@/components/flows/flow-table";
import { ProblemNotice } from "@/components/ui/problem-notice";
import type { GraphSelection } from "@/components/graph/use-graph-canvas";

/** Flow filters that select one graph node's side of a flow (`source` or `dest`). */
export function endpointFilter(nodeId: string, side: "source" | "dest"): Record<string, string> {
  const [kind, rest = ""] = nodeId.split(/:(.*)/s);
  const slash = rest.indexOf("/");
  const ns = slash >= 0 ? rest.slice(0, slash) : rest;
  const name = slash >= 0 ? rest.slice(slash + 1) : "";
  switch (kind) {
    case "ns":
      return { [`${side}Namespace`]: ns };
    case "wl":
    case "pod":
    case "svc":
      return { [`${side}Namespace`]: ns, [`${side}Name`]: name };
    case "set":
      return ns !== "-" ? { [`${side}Namespace`]: ns, [`${side}Name`]: name } : { [`${side}Name`]: name };
    default:
      return {};
  }
}

const PANEL_COLUMNS = ["source", "dest", "port", "action", "pending"];

function FlowsFor({ cluster, title, filters, range }: { readonly cluster: string; readonly title: string; readonly filters: Record<string, string>; readonly range: { from: number; to?: number } }) {
  const query: FlowQueryParams = { ...filters, from: range.from, to: range.to, limit: 25 };
  const page = useFlowPage(cluster, query);
  return (
    <div>
      <div className="row">
        <h3 className="small">{title}</h3>
        <Link className="small" href={`/flows${toQueryString({ ...filters, from: range.from, to: range.to })}`}>
          Open in Flows
        </Link>
      </div>
      <ProblemNotice error={page.error} />
      <FlowTable flows={page.data?.items ?? []} visible={PANEL_COLUMNS} label={title} />
    </div>
  );
}

function PolicyLinks({ policies }: { readonly policies: readonly string[] }) {
  if (policies.length === 0) return <p className="cell-muted small">No policy decided these flows (profiles only).</p>;
  return (
    <ul aria-label="Policies that decided these flows">
      {policies.map((p) => {
        const [tier = "", name = ""] = p.split("|");
        const bare = name.replace(/^staged:/, "");
        return (
          <li key={p}>
            <Link href={`/board?policy=${encodeURIComponent(bare)}`}>{name}</Link> <span className="cell-muted small">tier {tier}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** Details of the selected node or edge: counts, deciding policies, and its flows. */
export function GraphSidePanel({ cluster, selection, nodes, edges, range }: { readonly cluster: string; readonly selection: GraphSelection | undefined; readonly nodes: readonly GraphNode[]; readonly edges: readonly GraphEdge[]; readonly range: { from: number; to?: number } }) {
  if (selection === undefined) return <p className="cell-muted">Click a node or an edge to see its flows and the policies that decided them. Double-click a namespace to open it.</p>;
  if (selection.kind === "edge") {
    const edge = edges.find((e) => e.id === selection.id);
    if (edge === undefined) return <p className="cell-muted">The selected edge is no longer in view.</p>;
    const s = edge.stats;
    return (
      <div aria-label="Selected edge" data-testid="graph-selection">
        <h2>
          {edge.source} → {edge.target}
        </h2>
        <div className="graph-stats">
          <span>Class</span>
          <span>{edgeStyleClass(edge)}</span>
          <span>Flows</span>
          <span>
            {s.flows} ({s.allowed} allowed, {s.denied} denied, {s.stagedDenied} staged-denied)
          </span>
          <span>Ports</span>
          <span>{edge.ports.join(", ") || "—"}</span>
          <span>Bytes</span>
          <span>{s.bytes}</span>
        </div>
        <PolicyLinks policies={edge.policies} />
        <FlowsFor cluster={cluster} title="Flows on this edge" filters={{ ...endpointFilter(edge.source, "source"), ...endpointFilter(edge.target, "dest") }} range={range} />
      </div>
    );
  }
  const node = nodes.find((n) => n.id === selection.id);
  if (node === undefined) return <p className="cell-muted">The selected node is no longer in view.</p>;
  if (node.kind === "group") {
    const members = nodes.filter((n) => n.parent === node.id).map((n) => n.label).sort();
    return (
      <div aria-label="Selected group" data-testid="graph-selection">
        <h2>{node.label}</h2>
        <p className="small cell-muted">Namespaces with this label value ({members.length})</p>
        <ul>
          {members.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </div>
    );
  }
  const policies = [...new Set(edges.filter((e) => e.source === node.id || e.target === node.id).flatMap((e) => e.policies))].sort();
  return (
    <div aria-label="Selected node" data-testid="graph-selection">
      <h2>{node.label}</h2>
      <p className="small cell-muted">
        {node.kind}
        {node.namespace !== undefined && node.kind !== "namespace" ? ` in ${node.namespace}` : ""}
      </p>
      {(node.kind === "workload" || node.kind === "pod") && node.namespace !== undefined ? (
        <p>
          <Link className="btn btn-sm" href={recommendationPaths.wizard({ namespace: node.namespace, workload: workloadNameOf(node.kind === "pod" ? node.label.replace(/-[a-z0-9]{5}$/, "-*") : node.label) })}>
            Recommend a policy
          </Link>
        </p>
      ) : null}
      <PolicyLinks policies={policies} />
      <FlowsFor cluster={cluster} title="Outgoing flows" filters={endpointFilter(node.id, "source")} range={range} />
      <FlowsFor cluster={cluster} title="Incoming flows" filters={endpointFilter(node.id, "dest")} range={range} />
    </div>
  );
}
