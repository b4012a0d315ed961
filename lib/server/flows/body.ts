import "server-only";
/**
 * Reading a shipper's POST body: newline-delimited JSON (felix's flows.log, Fluent Bit's
 * json_lines) or one JSON array of records. The body is split lazily (lib/flows
 * `iterateFlowBodyItems`) and every record parsed with lib/flows, in slices that yield to the
 * event loop (lib/server/http/slices.ts), so a body of tens of thousands of records does not
 * stall health checks or other requests; past `maxRecords` the parse stops with 413. Errors name
 * the 1-based line (for an array: the element's position) and the wire field.
 */
import type { FlowLog, RecordParseError } from "@/lib/flows";
import { iterateFlowBodyItems, parseFlowLogRecord } from "@/lib/flows";
import { PayloadTooLargeError } from "@/lib/errors";
import { EventLoopSlicer } from "@/lib/server/http/slices";

export interface ParsedBody {
  readonly records: FlowLog[];
  readonly errors: RecordParseError[];
  /** How many records the body held (good and bad). */
  readonly total: number;
}

export interface ParseFlowBodyOptions {
  /** More records than this answers 413 as soon as the next one is seen (the rest is not parsed). */
  readonly maxRecords: number;
  /** Milliseconds of parsing between two yields to the event loop (default 10). */
  readonly sliceMs?: number;
}

/**
 * Parses a body. Throws PayloadTooLargeError (naming the cap and PALISADE_MAX_FLOW_RECORDS) past
 * `maxRecords`; otherwise never throws (a malformed array is an error on the element where the
 * structure broke).
 */
export async function parseFlowLogBody(text: string, options: ParseFlowBodyOptions): Promise<ParsedBody> {
  const slicer = new EventLoopSlicer(options.sliceMs);
  const records: FlowLog[] = [];
  const errors: RecordParseError[] = [];
  let total = 0;
  for (const item of iterateFlowBodyItems(text)) {
    total++;
    if (total > options.maxRecords) {
      throw new PayloadTooLargeError(`the body holds more than ${options.maxRecords} flow records (PALISADE_MAX_FLOW_RECORDS): split it into several requests`);
    }
    if ("error" in item) errors.push({ line: item.line, field: "", message: item.error });
    else {
      const r = parseFlowLogRecord(item.text, item.line);
      if (r.ok) records.push(r.value);
      else errors.push(r.error);
    }
    if (slicer.due()) await slicer.yield();
  }
  return { records, errors, total };
}
