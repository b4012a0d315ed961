/**
 * Contracts of the flow endpoints: POST /api/v1/flowlogs (shippers), and under
 * /api/v1/clusters/{cluster}: flows (paged list, CSV/JSON export), flows/suggestions, graph,
 * dnslogs and simulator. Query strings are parsed with these schemas by the route handlers; the
 * hooks build them with `flowPaths`.
 */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import type { DnsLog, FlowLog, RecordParseError } from "@/lib/flows";
// From the model module, not the lib/flows barrel: that would evaluate the flow-log parser and its
// wire schemas (lib/flows/wire.ts) wherever a flow contract is read, e.g. on the graph page.
import { ENDPOINT_TYPES, FLOW_ACTIONS, FLOW_REPORTERS } from "@/lib/flows/types";
import { GraphSchema } from "@/lib/contracts/model-schemas";
import { toQueryString } from "@/lib/contracts/paths";

const API = "/api/v1";
const seg = encodeURIComponent;

/** UNIX seconds in a query string. */
const seconds = z.coerce.number().int().min(0).max(4_102_444_800);
/** A comma-separated list (empty items dropped). */
const list = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter((x) => x !== ""),
  );
const actions = list.pipe(z.array(z.enum(["allow", "deny"])));

/** POST /api/v1/flowlogs query. */
export const FlowLogsPostQuerySchema = lazySchema(() => z.object({
  cluster: z.string().min(1).max(63).default("embedded"),
  partial: z.enum(["true", "false", "1", "0"]).optional().transform((v) => v === "true" || v === "1"),
}));

/** POST /api/v1/flowlogs reply (after commit). */
export interface FlowLogsPostReply {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly errors?: readonly RecordParseError[];
}

/** A case-insensitive substring typed into a filter field (matches as the user types). */
const substring = z.string().max(253);
/** Destination ports: a comma-separated list of port numbers. */
const ports = list.pipe(z.array(z.string().regex(/^\d{1,5}$/, "a port number").transform(Number).pipe(z.number().int().min(0).max(65535))).max(50));

/**
 * The filters shared by the flow list, its count, its live stream, its export and the
 * suggestions. Values within one field are OR-ed, fields AND-ed (as in Calico Whisker). Namespace
 * fields take exact values (chosen from suggestions) plus an optional `…Match` substring (what
 * the user is still typing); name and policy fields take substrings.
 */
export const FlowFilterQuerySchema = lazySchema(() => z.object({
  from: seconds.optional(),
  to: seconds.optional(),
  /** Either side's namespace, exact values. */
  namespace: list.optional(),
  sourceNamespace: list.optional(),
  destNamespace: list.optional(),
  /** Substring of either side's / the source's / the destination's namespace. */
  namespaceMatch: substring.optional(),
  sourceNamespaceMatch: substring.optional(),
  destNamespaceMatch: substring.optional(),
  /** Substrings (case-insensitive, comma-separated) of the name or aggregated name. */
  sourceName: z.string().max(2000).optional(),
  destName: z.string().max(2000).optional(),
  port: ports.optional(),
  protocol: list.optional(),
  action: actions.optional(),
  pendingAction: actions.optional(),
  /** Substrings (comma-separated) of a policy entry (tier, name) in either trace. */
  policy: z.string().max(2000).optional(),
  reporter: z.enum(["src", "dst"]).optional(),
  /**
   * Only rows stored up to this row id: a snapshot, so that pages read by offset stay in place
   * while new rows arrive (the live stream brings those).
   */
  maxId: z.string().regex(/^\d{1,19}$/, "a row id (digits)").optional(),
}));
export type FlowFilterQuery = z.infer<typeof FlowFilterQuerySchema>;

/** GET …/flows query: filters, keyset paging, or an export format. */
export const FlowListQuerySchema = lazySchema(() => FlowFilterQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
  /** Skip this many matching rows (newest first): random access for a scrollbar jump. Use with `maxId`. */
  offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
  /** First page only: also count the matching rows of the snapshot (saves a round trip). */
  withCount: z.enum(["true", "false"]).optional(),
  format: z.enum(["csv", "json"]).optional(),
}));
export type FlowListQuery = z.infer<typeof FlowListQuerySchema>;

const labels = z.record(z.string(), z.string());
const FlowEndpointSchema = lazySchema(() => z.object({
  type: z.enum(ENDPOINT_TYPES),
  namespace: z.string(),
  name: z.string(),
  nameAggr: z.string(),
  ip: z.string().nullable(),
  port: z.number().int().nullable(),
  labels: labels.nullable(),
}));
const count = z.number().min(0);
/**
 * A flow-log record as the API sends it (lib/flows FlowLog stays the type: the domain owns it;
 * `satisfies` makes tsc refuse a schema whose output is not a FlowLog).
 */
const FlowLogSchema = lazySchema(() => z.object({
  startTime: z.number().int(),
  endTime: z.number().int(),
  host: z.string().optional(),
  source: FlowEndpointSchema,
  dest: FlowEndpointSchema,
  destService: z.object({ namespace: z.string(), name: z.string(), portName: z.string(), portNum: z.number().int().nullable() }),
  destDomains: z.array(z.string()).readonly(),
  proto: z.string(),
  action: z.enum(FLOW_ACTIONS),
  reporter: z.enum(FLOW_REPORTERS),
  policies: z
    .object({ enforced: z.array(z.string()).readonly(), pending: z.array(z.string()).readonly(), transit: z.array(z.string()).readonly().optional() })
    .nullable(),
  bytesIn: count,
  bytesOut: count,
  packetsIn: count,
  packetsOut: count,
  numFlows: count,
  numFlowsStarted: count,
  numFlowsCompleted: count,
  tcp: z
    .object({
      meanSendCongestionWindow: z.number(),
      minSendCongestionWindow: z.number(),
      meanSmoothRtt: z.number(),
      maxSmoothRtt: z.number(),
      meanMinRtt: z.number(),
      maxMinRtt: z.number(),
      meanMss: z.number(),
      minMss: z.number(),
      totalRetransmissions: z.number(),
      lostPackets: z.number(),
      unrecoveredTo: z.number(),
    })
    .optional(),
}) satisfies z.ZodType<FlowLog>);

/** One stored record with its row id and pending action. */
export const FlowRowViewSchema = lazySchema(() => FlowLogSchema.extend({ id: z.string().regex(/^\d+$/), pendingAction: z.enum(FLOW_ACTIONS) }));
export type FlowRowView = z.infer<typeof FlowRowViewSchema>;

/** GET …/flows/count reply: how many stored records match; `capped` when counting stopped at FLOW_COUNT_CAP (there are at least `count`). */
export const FlowCountSchema = lazySchema(() => z.object({ count: z.number().int().min(0), capped: z.boolean() }));
export type FlowCount = z.infer<typeof FlowCountSchema>;

/**
 * GET …/flows reply, newest first. `next`: pass as `cursor` for the next (older) page, absent on
 * the last page. `latest`: the snapshot the page was read from, the newest row id it includes
 * (`maxId` when given, else the newest stored); pass it as `maxId` for the following pages and
 * the count, and as `after` to the live stream, which then brings exactly the rows the snapshot
 * leaves out. `count`: with `withCount=true` on a first page, the snapshot's matching rows.
 */
export const FlowPageSchema = lazySchema(() => z.object({
  items: z.array(FlowRowViewSchema).readonly(),
  next: z.string().optional(),
  latest: z.string().optional(),
  count: FlowCountSchema.optional(),
}));
export type FlowPage = z.infer<typeof FlowPageSchema>;

/** Counting stops here so that a count over a huge range stays cheap. */
export const FLOW_COUNT_CAP = 10_000_000;

/** GET …/flows/stream query: the filters plus the last row id the client has seen. */
export const FlowStreamQuerySchema = lazySchema(() => FlowFilterQuerySchema.extend({
  /** Only rows stored after this row id (the `id` of a FlowRowView); absent = from now on. */
  after: z.string().regex(/^\d{1,19}$/, "a row id (digits)").optional(),
}));
export type FlowStreamQuery = z.infer<typeof FlowStreamQuerySchema>;

/** One `flows` event of the live stream: rows stored since the last event, oldest first; `last` is the newest row id seen so far (a reconnecting client passes it as `after`). */
export const FlowStreamEventSchema = lazySchema(() => z.object({ items: z.array(FlowRowViewSchema).readonly(), last: z.string().regex(/^\d+$/) }));
export type FlowStreamEvent = z.infer<typeof FlowStreamEventSchema>;

/** Fields the suggestions endpoint completes. */
export const SUGGESTION_FIELDS = ["namespace", "sourceNamespace", "destNamespace", "sourceName", "destName", "policy", "port"] as const;
export type SuggestionField = (typeof SUGGESTION_FIELDS)[number];

export const FlowSuggestionsQuerySchema = lazySchema(() => z.object({
  field: z.enum(SUGGESTION_FIELDS),
  q: z.string().max(253).default(""),
  from: seconds.optional(),
  to: seconds.optional(),
}));

export const FlowSuggestionsSchema = lazySchema(() => z.object({ values: z.array(z.string()).readonly() }));
export type FlowSuggestions = z.infer<typeof FlowSuggestionsSchema>;

/** GET …/graph query. */
export const GraphQuerySchema = lazySchema(() => z.object({
  from: seconds.optional(),
  to: seconds.optional(),
  level: z.enum(["namespace", "workload", "pod"]).default("namespace"),
  expand: list.optional(),
  namespace: list.optional(),
  action: list.pipe(z.array(z.enum(["allowed", "denied", "staged-denied"]))).optional(),
}));
export type GraphQuery = z.infer<typeof GraphQuerySchema>;

/**
 * GET …/graph reply: the graph, the time range used (UNIX seconds), the stored records it was
 * built from (after SQL grouping: `groups`), and whether aggregateLargeGraph folded it.
 */
export const GraphReplySchema = lazySchema(() => GraphSchema.extend({
  from: z.number().int(),
  to: z.number().int(),
  groups: z.number().int().min(0),
  aggregated: z.boolean(),
}));
export type GraphReply = z.infer<typeof GraphReplySchema>;

/** GET …/dnslogs query. */
export const DnsLogQuerySchema = lazySchema(() => z.object({
  from: seconds.optional(),
  to: seconds.optional(),
  namespace: list.optional(),
  qname: z.string().max(253).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
}));
export type DnsLogQuery = z.infer<typeof DnsLogQuerySchema>;

export type DnsRowView = DnsLog & { readonly id: string };
export interface DnsLogPage {
  readonly items: readonly DnsRowView[];
  readonly next?: string;
}

/** One simulated interval; `at` is when it ran (RFC 3339). */
export const SimulatorRunSchema = lazySchema(() => z.object({
  start: z.number().int(),
  end: z.number().int(),
  flows: z.number().int().min(0),
  dns: z.number().int().min(0),
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  at: z.iso.datetime({ offset: true }),
}));
export type SimulatorRun = z.infer<typeof SimulatorRunSchema>;

/** GET/PUT …/simulator: the embedded cluster's traffic simulator; `intervalSeconds` is FelixConfiguration `default` spec.flowLogsFlushInterval (default 15 here). */
export const SimulatorStateSchema = lazySchema(() => z.object({
  paused: z.boolean(),
  intervalSeconds: z.number().positive(),
  aggregation: z.object({ allowed: z.number().int(), denied: z.number().int() }),
  lastRun: SimulatorRunSchema.optional(),
}));
export type SimulatorState = z.infer<typeof SimulatorStateSchema>;

export const SimulatorPutSchema = lazySchema(() => z.object({ paused: z.boolean() }));

/** URL builders for the flow endpoints. */
export const flowPaths = {
  ingest: (cluster: string, partial = false): string => `${API}/flowlogs${toQueryString({ cluster, partial: partial ? "true" : undefined })}`,
  flows: (cluster: string, q: Readonly<Record<string, string | number | undefined>>): string => `${API}/clusters/${seg(cluster)}/flows${toQueryString(q)}`,
  suggestions: (cluster: string, q: Readonly<Record<string, string | number | undefined>>): string => `${API}/clusters/${seg(cluster)}/flows/suggestions${toQueryString(q)}`,
  count: (cluster: string, q: Readonly<Record<string, string | number | undefined>>): string => `${API}/clusters/${seg(cluster)}/flows/count${toQueryString(q)}`,
  stream: (cluster: string, q: Readonly<Record<string, string | number | undefined>>): string => `${API}/clusters/${seg(cluster)}/flows/stream${toQueryString(q)}`,
  graph: (cluster: string, q: Readonly<Record<string, string | number | undefined>>): string => `${API}/clusters/${seg(cluster)}/graph${toQueryString(q)}`,
  dnslogs: (cluster: string, q: Readonly<Record<string, string | number | undefined>>): string => `${API}/clusters/${seg(cluster)}/dnslogs${toQueryString(q)}`,
  simulator: (cluster: string): string => `${API}/clusters/${seg(cluster)}/simulator`,
};
