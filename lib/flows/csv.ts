/**
 * CSV export (RFC 4180): comma-separated, CRLF line ends, fields quoted when they contain a
 * comma, a double quote, CR or LF, with quotes doubled. Cells that a spreadsheet would run as a
 * formula (leading `=`, `+`, `@`, tab, CR, or `-` followed by a non-digit) get a leading `'`
 * (OWASP "CSV injection"); Calico's bare `-` placeholder and negative numbers stay as they are.
 * Flow columns use Calico's wire field names as headers.
 */
import type { FlowLog } from "@/lib/flows/types";
import { toFlowWire } from "@/lib/flows/serialize";

export type CsvCell = string | number | boolean | null | undefined | readonly string[];

export interface CsvColumn<T> {
  readonly header: string;
  readonly value: (row: T) => CsvCell;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA = /^(?:[=+@\t\r]|-[^0-9.\s])/;

/** One cell as CSV text. Arrays are joined with `;`; null/undefined are empty. */
export function escapeCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  let text = Array.isArray(cell) ? cell.join(";") : String(cell);
  if (FORMULA.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Any rows as CSV with a header line. Never throws. */
export function toCsvTable<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => escapeCsvCell(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => escapeCsvCell(c.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** The default flow columns: the fields Calico's flow-log table shows. */
export const DEFAULT_FLOW_COLUMNS = [
  "start_time",
  "end_time",
  "source_namespace",
  "source_name",
  "source_name_aggr",
  "source_type",
  "source_ip",
  "source_port",
  "dest_namespace",
  "dest_name",
  "dest_name_aggr",
  "dest_type",
  "dest_ip",
  "dest_port",
  "dest_service_namespace",
  "dest_service_name",
  "dest_service_port",
  "dest_domains",
  "proto",
  "action",
  "reporter",
  "policies",
  "bytes_in",
  "bytes_out",
  "packets_in",
  "packets_out",
  "num_flows",
  "num_flows_started",
  "num_flows_completed",
] as const;

function wireCell(v: unknown): CsvCell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "object" && "labels" in v && Array.isArray(v.labels)) return v.labels.map(String);
  return JSON.stringify(v);
}

/**
 * Flow records as CSV. `columns` are Calico wire field names (default DEFAULT_FLOW_COLUMNS);
 * `policies` flattens to `enforced:<entries>` then `pending:<entries>` separated by `;`, labels
 * to `k=v;k=v`. Unknown column names give empty cells. Never throws.
 */
export function toCsv(records: readonly FlowLog[], columns: readonly string[] = DEFAULT_FLOW_COLUMNS): string {
  const wires = records.map(toFlowWire);
  return toCsvTable(
    wires.map((w, i) => ({ w, f: records[i] })),
    columns.map((name) => ({
      header: name,
      value: ({ w, f }) => {
        if (name === "policies") {
          const p = f?.policies;
          return p === null || p === undefined ? null : [...p.enforced.map((e) => `enforced:${e}`), ...p.pending.map((e) => `pending:${e}`)];
        }
        return wireCell(w[name]);
      },
    })),
  );
}
