import "server-only";
/**
 * The SQL WHERE clause of a flow query, built from the contract's filters with numbered
 * parameters. This is the one flow filter (the Flows page, CSV export, live stream, graph
 * reads): a record matches a time range when its interval overlaps [from, to); values within
 * one filter are OR-ed, filters AND-ed; names match as case-insensitive substrings of the name
 * or aggregated name. (An in-memory twin in lib/flows was tested but never used; it is gone.)
 */
import type { FlowFilterQuery } from "@/lib/contracts/flows";
import { currentPrincipal } from "@/lib/server/auth/request-context";

/**
 * The longest export interval we look back for when a record starts before `from` but still
 * overlaps it. Calico's flowLogsFlushInterval defaults to 300 s; an hour leaves ample room and
 * lets the (clusterId, startTime) index bound the scan.
 */
export const MAX_INTERVAL_SECONDS = 3600;

/** The namespace columns of a FlowLog row, for the caller's namespace scope. */
export const FLOW_NAMESPACE_COLUMNS: readonly string[] = [`"sourceNamespace"`, `"destNamespace"`];

/** A WHERE clause and its parameters; `param()` appends one and returns its placeholder. */
export class WhereBuilder {
  readonly clauses: string[] = [];

  /** `params`: shared with another builder when both clauses go into one statement (`sub()`). */
  constructor(readonly params: unknown[] = []) {}

  /** A builder with clauses of its own and this one's parameters (for a subquery of the same statement). */
  sub(): WhereBuilder {
    return new WhereBuilder(this.params);
  }

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
    const clause = this.callerScopeClause(columns);
    if (clause !== undefined) this.add(clause);
    return this;
  }

  /** The clause of `scopeToCaller` without adding it (for queries that place it themselves); undefined when unrestricted. */
  callerScopeClause(columns: readonly string[]): string | undefined {
    const scope = currentPrincipal()?.namespaces ?? "all";
    if (scope === "all") return undefined;
    const p = this.param([...scope]);
    return `(${columns.map((c) => `${c} = ANY(${p}::text[])`).join(" OR ")})`;
  }

  toSql(): string {
    return this.clauses.length === 0 ? "TRUE" : this.clauses.join(" AND ");
  }
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `%text%` for ILIKE with the pattern characters escaped. */
export function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** `text%` for ILIKE (starts with) with the pattern characters escaped. */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}

/** Adds the time-range clauses (overlap with [from, to)). */
export function addTimeRange(w: WhereBuilder, from: number | undefined, to: number | undefined): void {
  if (from !== undefined) {
    w.add(`"endTime" > to_timestamp(${w.param(from)})`);
    w.add(`"startTime" >= to_timestamp(${w.param(from - MAX_INTERVAL_SECONDS)})`);
  }
  if (to !== undefined) w.add(`"startTime" < to_timestamp(${w.param(to)})`);
}

/** The comma-separated substrings of a name or policy filter (empty items dropped). */
export function substringsOf(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

/** Builds the clause for a cluster and filters. */
export function buildFlowWhere(clusterId: string, q: FlowFilterQuery, w: WhereBuilder = new WhereBuilder()): WhereBuilder {
  w.scopeToCaller(FLOW_NAMESPACE_COLUMNS);
  w.add(`"clusterId" = ${w.param(clusterId)}`);
  addTimeRange(w, q.from, q.to);
  for (const clause of fieldClauses(w, q)) w.add(clause);
  if (q.maxId !== undefined) w.add(`"id" <= ${w.param(q.maxId)}::bigint`);
  return w;
}

/**
 * Whether the rollup rows (rollup.ts) hold every column `fieldClauses` reads for `q`: they keep
 * aggregated names but not the pod names the name filters also match, nor the pending action.
 */
export function rollupAnswers(q: FlowFilterQuery): boolean {
  return substringsOf(q.sourceName).length === 0 && substringsOf(q.destName).length === 0 && (q.pendingAction === undefined || q.pendingAction.length === 0);
}

/**
 * The clauses of the field filters (everything but cluster, time range and snapshot), their
 * parameters added to `w`. Written over FlowLog column names, which the rollup rows share.
 */
export function fieldClauses(w: WhereBuilder, q: FlowFilterQuery): string[] {
  const out: string[] = [];
  const anyOf = (column: string, values: readonly string[] | undefined): void => {
    if (values !== undefined && values.length > 0) out.push(`${column} = ANY(${w.param(values)}::text[])`);
  };
  // One OR group: any of `columns` contains any of `texts` (case-insensitive).
  const containsAny = (columns: readonly string[], texts: readonly string[]): void => {
    if (texts.length === 0) return;
    const alternatives: string[] = [];
    for (const t of texts) {
      const p = w.param(likePattern(t));
      for (const c of columns) alternatives.push(`${c} ILIKE ${p}`);
    }
    out.push(`(${alternatives.join(" OR ")})`);
  };
  if (q.namespace !== undefined && q.namespace.length > 0) {
    const p = w.param(q.namespace);
    out.push(`("sourceNamespace" = ANY(${p}::text[]) OR "destNamespace" = ANY(${p}::text[]))`);
  }
  anyOf(`"sourceNamespace"`, q.sourceNamespace);
  anyOf(`"destNamespace"`, q.destNamespace);
  containsAny([`"sourceNamespace"`, `"destNamespace"`], substringsOf(q.namespaceMatch));
  containsAny([`"sourceNamespace"`], substringsOf(q.sourceNamespaceMatch));
  containsAny([`"destNamespace"`], substringsOf(q.destNamespaceMatch));
  containsAny([`"sourceName"`, `"sourceNameAggr"`], substringsOf(q.sourceName));
  containsAny([`"destName"`, `"destNameAggr"`, `"destServiceName"`], substringsOf(q.destName));
  if (q.port !== undefined && q.port.length > 0) out.push(`"destPort" = ANY(${w.param(q.port)}::int[])`);
  anyOf(`"proto"`, q.protocol?.map((p) => p.toLowerCase()));
  anyOf(`"action"`, q.action);
  anyOf(`"pendingAction"`, q.pendingAction);
  if (q.reporter !== undefined) out.push(`"reporter" = ${w.param(q.reporter)}`);
  containsAny([`"enforcedPolicies"::text`, `"pendingPolicies"::text`], substringsOf(q.policy));
  return out;
}
