/**
 * The flow table's columns: id, header and how to render the cell text. The column chooser
 * toggles them; DEFAULT_VISIBLE is what a first visit shows.
 */
import type { FlowRowView } from "@/lib/contracts/flows";
import { formatTime } from "@/components/flows/time-range";

export interface FlowColumn {
  readonly id: string;
  readonly header: string;
  readonly cell: (f: FlowRowView) => string;
}

const endpoint = (ns: string, name: string, aggr: string): string => (ns !== "-" ? `${ns}/${name !== "-" ? name : aggr}` : aggr);

export const FLOW_COLUMNS: readonly FlowColumn[] = [
  { id: "time", header: "Time", cell: (f) => formatTime(f.startTime) },
  { id: "source", header: "Source", cell: (f) => endpoint(f.source.namespace, f.source.name, f.source.nameAggr) },
  { id: "dest", header: "Destination", cell: (f) => endpoint(f.dest.namespace, f.dest.name, f.dest.nameAggr) + (f.destDomains.length > 0 ? ` (${f.destDomains.join(", ")})` : "") },
  { id: "service", header: "Service", cell: (f) => (f.destService.name !== "-" ? `${f.destService.namespace}/${f.destService.name}` : "—") },
  // Source port apart from the destination port: two connections between the same endpoints
  // differ only by their ephemeral source port, and rows that hid it looked duplicated.
  { id: "srcPort", header: "Source port", cell: (f) => (f.source.port === null ? "—" : String(f.source.port)) },
  { id: "port", header: "Dest port", cell: (f) => `${f.proto}/${f.dest.port ?? "—"}` },
  { id: "action", header: "Action", cell: (f) => f.action },
  { id: "pending", header: "Pending action", cell: (f) => f.pendingAction },
  { id: "reporter", header: "Reporter", cell: (f) => f.reporter },
  { id: "flows", header: "Flows", cell: (f) => String(f.numFlows) },
  { id: "bytes", header: "Bytes in/out", cell: (f) => `${f.bytesIn} / ${f.bytesOut}` },
  { id: "packets", header: "Packets in/out", cell: (f) => `${f.packetsIn} / ${f.packetsOut}` },
  { id: "host", header: "Host", cell: (f) => f.host ?? "—" },
  { id: "sourceType", header: "Source type", cell: (f) => f.source.type },
  { id: "destType", header: "Dest type", cell: (f) => f.dest.type },
];

export const DEFAULT_VISIBLE: readonly string[] = ["time", "source", "srcPort", "dest", "port", "action", "pending", "reporter", "flows"];

/** Columns left out while the detail pane is open (the pane shows them), so names keep their room. */
export const HIDDEN_WITH_PANE: readonly string[] = ["srcPort", "reporter", "flows", "bytes", "packets", "host", "sourceType", "destType"];

/** Column widths of the Flows page's fixed-layout table (px; the rest share what is left). */
export const COLUMN_WIDTHS: Readonly<Record<string, number>> = { time: 92, srcPort: 116, port: 96, action: 84, pending: 144, reporter: 100, flows: 72, bytes: 130, packets: 140, sourceType: 120, destType: 110 };
