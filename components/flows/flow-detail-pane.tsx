"use client";
import Link from "next/link";
import type { FlowRowView } from "@/lib/contracts/flows";
import { toQueryString } from "@/lib/contracts/paths";
import { LabelChips } from "@/components/ui/label-chips";
import { FlowTrace } from "@/components/flows/flow-detail";
import { formatTime } from "@/components/flows/time-range";

const endpointName = (ns: string, name: string, aggr: string): string => (ns !== "-" ? `${ns}/${name !== "-" ? name : aggr}` : name !== "-" ? name : aggr);

/** The service-graph link of a flow: its time window, with both endpoints' namespaces opened. */
export function graphHrefOf(flow: FlowRowView): string {
  const expand = [...new Set([flow.source.namespace, flow.dest.namespace].filter((n) => n !== "-"))].join(",");
  return `/graph${toQueryString({ from: flow.startTime, to: flow.endTime + 1, expand: expand || undefined })}`;
}

/** One flow beside the table: endpoints, labels, the enforced and pending traces, and links. */
export function FlowDetailPane({ flow, onClose }: { readonly flow: FlowRowView; readonly onClose: () => void }) {
  const src = endpointName(flow.source.namespace, flow.source.name, flow.source.nameAggr);
  const dst = endpointName(flow.dest.namespace, flow.dest.name, flow.dest.nameAggr);
  return (
    <aside className="flow-pane" aria-label="Flow details">
      <div className="flow-pane-head">
        <h2 className="flow-pane-title">
          {src} → {dst}
        </h2>
        <button type="button" className="btn btn-sm" onClick={onClose} aria-label="Close flow details">
          Close
        </button>
      </div>
      <dl className="flow-pane-facts">
        <dt>Time</dt>
        <dd>
          {formatTime(flow.startTime)} – {formatTime(flow.endTime)}
        </dd>
        <dt>Connection</dt>
        <dd className="mono">
          {flow.proto} {flow.source.ip ?? "*"}:{flow.source.port ?? "*"} → {flow.dest.ip ?? "*"}:{flow.dest.port ?? "*"}
        </dd>
        {flow.destService.name !== "-" ? (
          <>
            <dt>Service</dt>
            <dd>
              {flow.destService.namespace}/{flow.destService.name}
              {flow.destService.portName !== "-" ? ` (${flow.destService.portName})` : ""}
            </dd>
          </>
        ) : null}
        {flow.destDomains.length > 0 ? (
          <>
            <dt>Domains</dt>
            <dd>{flow.destDomains.join(", ")}</dd>
          </>
        ) : null}
        <dt>Action</dt>
        <dd>
          <span className={`action-${flow.action}`}>{flow.action}</span> (reported by {flow.reporter === "src" ? "the source" : "the destination"}); pending{" "}
          <span className={`action-${flow.pendingAction}`}>{flow.pendingAction}</span>
        </dd>
        <dt>Flows</dt>
        <dd>
          {flow.numFlows} ({flow.numFlowsStarted} started, {flow.numFlowsCompleted} completed); {flow.bytesIn} / {flow.bytesOut} bytes in / out
        </dd>
      </dl>
      <div className="field-label">Source labels</div>
      <LabelChips labels={flow.source.labels ?? undefined} />
      <div className="field-label">Destination labels</div>
      <LabelChips labels={flow.dest.labels ?? undefined} />
      <FlowTrace title="Enforced policies" entries={flow.policies?.enforced ?? []} />
      <FlowTrace title="Pending policies" entries={flow.policies?.pending ?? []} />
      <p className="flow-pane-links">
        <Link href={graphHrefOf(flow)}>Show on the service graph</Link>
      </p>
    </aside>
  );
}
