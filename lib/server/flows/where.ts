import "server-only";
/**
 * The SQL WHERE clause of a flow query, built from the contract's filters with numbered
 * parameters. Semantics match lib/flows buildFlowFilter: a record matches a time range when its
 * interval overlaps [from, to); values within one filter are OR-ed, filters AND-ed; names match
 * as case-insensitive substrings of the name or aggregated name.
 */
import type { FlowFilterQuery } from "@/lib/contracts/flows";
import { currentPrincipal } from "@/lib/server/auth/request-context";

/**
 * The longest export interval we look back for when a record starts before `from` but still
 * overlaps it. Calico's flowLogsFlushInterval defaults to 300 s; an hour leaves ample room and
 * lets the (clusterId, startTime) index bound the scan.
 */
export const MAX_INTERVAL_SECONDS = 3600;

/** A WHERE clause and its parameters; `param()` appends one and returns its placeholder. */
/** The namespace columns of a FlowLog row, for the caller's namespace scope. */
export const FLOW_NAMESPACE_COLUMNS: readonly string[] = [`"sourceNamespace"`, `"destNamespace"`];

export class WhereBuilder {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  /**
   * Keeps only rows the current request's caller may see: one of `columns` (namespace columns)
   * in the caller's namespace scope (lib/auth/permissions.ts: a flow is visible to whoever may
   * see either end). No clause outside a request or for an unrestricted caller.
   */
  scopeToCaller(columns: readonly string[]): this {
    const scope = currentPrincipal()?.namespaces ?? "all";
    if (scope === "all") return this;
    const p = this.param([...scope]);
    this.add(`(${columns.map((c) => `${c} = ANY(${p}::text[])`).join(" OR ")})`);
    return this;
  }

  toSql(): string {
    return this.clauses.length === 0 ? "TRUE" : this.clauses.join(" AND ");
  }
}

/** `%text%` for ILIKE with the pattern characters escaped. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Adds the time-range clauses (overlap with [from, to)). */
export function addTimeRange(w: WhereBuilder, from: number | undefined, to: number | undefined): void {
  if (from !== undefined) {
    w.add(`"endTime" > to_timestamp(${w.param(from)})`);
    w.add(`"startTime" >= to_timestamp(${w.param(from - MAX_INTERVAL_SECONDS)})`);
  }
  if (to !== undefined) w.add(`"startTime" < to_timestamp(${w.param(to)})`);
}

/** Builds the clause for a cluster and filters. */
export function buildFlowWhere(clusterId: string, q: FlowFilterQuery): WhereBuilder {
  const w = new WhereBuilder().scopeToCaller(FLOW_NAMESPACE_COLUMNS);
  w.add(`"clusterId" = ${w.param(clusterId)}`);
  addTimeRange(w, q.from, q.to);
  const anyOf = (column: string, values: readonly string[] | undefined): void => {
    if (values !== undefined && values.length > 0) w.add(`${column} = ANY(${w.param(values)}::text[])`);
  };
  if (q.namespace !== undefined && q.namespace.length > 0) {
    const p = w.param(q.namespace);
    w.add(`("sourceNamespace" = ANY(${p}::text[]) OR "destNamespace" = ANY(${p}::text[]))`);
  }
  anyOf(`"sourceNamespace"`, q.sourceNamespace);
  anyOf(`"destNamespace"`, q.destNamespace);
  if (q.sourceName !== undefined && q.sourceName !== "") {
    const p = w.param(likePattern(q.sourceName));
    w.add(`("sourceName" ILIKE ${p} OR "sourceNameAggr" ILIKE ${p})`);
  }
  if (q.destName !== undefined && q.destName !== "") {
    const p = w.param(likePattern(q.destName));
    w.add(`("destName" ILIKE ${p} OR "destNameAggr" ILIKE ${p} OR "destServiceName" ILIKE ${p})`);
  }
  if (q.port !== undefined) w.add(`"destPort" = ${w.param(q.port)}`);
  anyOf(`"proto"`, q.protocol?.map((p) => p.toLowerCase()));
  anyOf(`"action"`, q.action);
  anyOf(`"pendingAction"`, q.pendingAction);
  if (q.reporter !== undefined) w.add(`"reporter" = ${w.param(q.reporter)}`);
  if (q.policy !== undefined && q.policy !== "") {
    const p = w.param(likePattern(q.policy));
    w.add(`("enforcedPolicies"::text ILIKE ${p} OR "pendingPolicies"::text ILIKE ${p})`);
  }
  return w;
}
