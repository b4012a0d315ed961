/**
 * Public API of the flow-log domain: the FlowLog / DnsLog model, parsing Calico's JSON with line
 * and field errors, writing it back, idempotency keys, aggregation levels, filters, CSV export.
 * See DESIGN.md.
 */
export type {
  EndpointType,
  FlowAction,
  FlowReporter,
  NetClass,
  FlowLabels,
  FlowEndpoint,
  FlowService,
  FlowPolicies,
  TcpStats,
  FlowLog,
  DnsRRSet,
  DnsServer,
  DnsLog,
  RecordParseError,
} from "@/lib/flows/types";
export { ENDPOINT_TYPES, FLOW_ACTIONS, FLOW_REPORTERS, FIELD_NOT_INCLUDED } from "@/lib/flows/types";
export type { PolicyHit, PolicyHitKind, PolicyHitAction } from "@/lib/flows/policy-hit";
export { PROFILE_TIER, parsePolicyHit, policyHitsOf, verdictOfTrace, pendingActionOf, isStagedDenied } from "@/lib/flows/policy-hit";
export { aggregatedPodName, workloadNameOf, netClassOf } from "@/lib/flows/names";
export type { FlowBodyItem } from "@/lib/flows/body-items";
export { iterateFlowBodyItems } from "@/lib/flows/body-items";
export { MAX_RECORD_SECONDS, MAX_RECORD_STRING, parseFlowLogRecord, parseDnsLogRecord, parseFlowLogLines, toFlowProto } from "@/lib/flows/parse";
export type { WireScalar } from "@/lib/flows/serialize";
export { toFlowWire, toFlowWireScalars, toDnsWire, toDnsWireScalars, toFlowJsonLines, flattenLabels } from "@/lib/flows/serialize";
export { flowKeyOf, idempotencyKeyOf, recordIdentityOf } from "@/lib/flows/keys";
export type { AggregationLevel } from "@/lib/flows/aggregate";
export { AGGREGATION_LEVELS, DEFAULT_AGGREGATION, toAggregationLevel, mergeFlowLogs, aggregateFlows, aggregateFlowsByAction } from "@/lib/flows/aggregate";
export type { CsvCell, CsvColumn } from "@/lib/flows/csv";
export { escapeCsvCell, toCsvTable, toCsv, DEFAULT_FLOW_COLUMNS } from "@/lib/flows/csv";
export { sha256Hex } from "@/lib/flows/sha256";
