/**
 * The Flows page's filter state and its URL form. The URL is the single source of truth for the
 * committed filters and the time range (shareable links; the back button undoes a filter change);
 * what the user is still typing in a field ("drafts") stays in the page and joins the query after
 * a short pause. Pure: no React, no browser APIs.
 */
import { presetRange, TIME_PRESETS } from "@/components/flows/time-range";
import type { TimePresetId, TimeRange } from "@/components/flows/time-range";
import { FLOW_PROTOCOL_NAMES } from "@/lib/net/protocols";

/** Fields that hold several values chosen from suggestions (chips). */
export const CHIP_FIELDS = ["namespace", "sourceNamespace", "destNamespace", "sourceName", "destName", "policy", "port", "protocol"] as const;
export type ChipField = (typeof CHIP_FIELDS)[number];

/** Single-choice fields ("" = any). */
export const CHOICE_FIELDS = ["action", "pendingAction", "reporter"] as const;
export type ChoiceField = (typeof CHOICE_FIELDS)[number];

export interface FlowFilterState {
  readonly chips: Readonly<Record<ChipField, readonly string[]>>;
  readonly choices: Readonly<Record<ChoiceField, string>>;
  readonly range: TimeRange;
}

/** What the user has typed but not yet turned into a chip, per field. */
export type FlowDrafts = Readonly<Partial<Record<ChipField, string>>>;

const CHOICE_VALUES: Readonly<Record<ChoiceField, readonly string[]>> = {
  action: ["allow", "deny"],
  pendingAction: ["allow", "deny"],
  reporter: ["src", "dst"],
};

/** The protocols offered as chips (the flow API matches them case-insensitively). */
export const PROTOCOL_OPTIONS: readonly string[] = FLOW_PROTOCOL_NAMES;

const emptyChips = (): Record<ChipField, string[]> => ({ namespace: [], sourceNamespace: [], destNamespace: [], sourceName: [], destName: [], policy: [], port: [], protocol: [] });

/** Splits a comma-separated URL value into distinct, trimmed, non-empty items. */
function splitList(value: string | null): string[] {
  if (value === null) return [];
  return [...new Set(value.split(",").map((x) => x.trim()).filter((x) => x !== ""))];
}

/** Whether a chip value is acceptable for its field (ports are numbers; no commas anywhere). */
export function isValidChip(field: ChipField, value: string): boolean {
  const v = value.trim();
  if (v === "" || v.includes(",") || v.length > 253) return false;
  if (field === "port") return /^\d{1,5}$/.test(v) && Number(v) <= 65535;
  return true;
}

/** The state a URL describes. Unknown or malformed values are dropped, never an error. */
export function parseFlowState(search: URLSearchParams, now: number = Math.floor(Date.now() / 1000)): FlowFilterState {
  const chips = emptyChips();
  for (const f of CHIP_FIELDS) chips[f] = splitList(search.get(f)).filter((v) => isValidChip(f, v));
  chips.protocol = chips.protocol.map((p) => p.toLowerCase());
  const choices: Record<ChoiceField, string> = { action: "", pendingAction: "", reporter: "" };
  for (const f of CHOICE_FIELDS) {
    const v = search.get(f) ?? "";
    choices[f] = CHOICE_VALUES[f].includes(v) ? v : "";
  }
  return { chips, choices, range: rangeOf(search, now) };
}

function rangeOf(search: URLSearchParams, now: number): TimeRange {
  const from = Number(search.get("from"));
  const to = Number(search.get("to"));
  if (Number.isInteger(from) && from > 0) return { preset: "custom", from, ...(Number.isInteger(to) && to > from ? { to } : {}) };
  const preset = TIME_PRESETS.find((p) => p.id === search.get("range"));
  return presetRange(preset?.id ?? "1h", now);
}

/** The URL query (without `?`) of a state; defaults are left out so links stay short. */
export function toFlowSearch(state: FlowFilterState): string {
  const q = new URLSearchParams();
  if (state.range.preset === "custom") {
    q.set("from", String(state.range.from));
    if (state.range.to !== undefined) q.set("to", String(state.range.to));
  } else if (state.range.preset !== "1h") q.set("range", state.range.preset);
  for (const f of CHIP_FIELDS) if (state.chips[f].length > 0) q.set(f, state.chips[f].join(","));
  for (const f of CHOICE_FIELDS) if (state.choices[f] !== "") q.set(f, state.choices[f]);
  return q.toString();
}

/** The state with one chip added (ignored when invalid or already there). */
export function withChip(state: FlowFilterState, field: ChipField, value: string): FlowFilterState {
  const v = field === "protocol" ? value.trim().toLowerCase() : value.trim();
  if (!isValidChip(field, v) || state.chips[field].includes(v)) return state;
  return { ...state, chips: { ...state.chips, [field]: [...state.chips[field], v] } };
}

/** The state with one chip removed. */
export function withoutChip(state: FlowFilterState, field: ChipField, value: string): FlowFilterState {
  return { ...state, chips: { ...state.chips, [field]: state.chips[field].filter((x) => x !== value) } };
}

/** The state with a single-choice field set ("" = any). */
export function withChoice(state: FlowFilterState, field: ChoiceField, value: string): FlowFilterState {
  return { ...state, choices: { ...state.choices, [field]: CHOICE_VALUES[field].includes(value) ? value : "" } };
}

/** The state with a new time range. */
export function withRange(state: FlowFilterState, preset: Exclude<TimePresetId, "custom">, now?: number): FlowFilterState {
  return { ...state, range: presetRange(preset, now) };
}

/** The state with every filter cleared (the time range stays). */
export function cleared(state: FlowFilterState): FlowFilterState {
  return { chips: emptyChips(), choices: { action: "", pendingAction: "", reporter: "" }, range: state.range };
}

/** How many filters are set (chips and choices), for "Clear filters (N)". */
export function activeFilterCount(state: FlowFilterState): number {
  return CHIP_FIELDS.reduce((n, f) => n + state.chips[f].length, 0) + CHOICE_FIELDS.filter((f) => state.choices[f] !== "").length;
}

/**
 * The flow API's query for a state plus the drafts being typed. Namespace drafts become
 * `…Match` substrings; name and policy drafts join that field's substrings; a port draft counts
 * once it is a whole port number. Chips of namespace fields are exact values.
 */
export function toApiQuery(state: FlowFilterState, drafts: FlowDrafts = {}): Record<string, string | number | undefined> {
  const list = (values: readonly string[]): string | undefined => (values.length > 0 ? values.join(",") : undefined);
  const draft = (f: ChipField): string | undefined => {
    const d = drafts[f]?.trim();
    return d !== undefined && d !== "" && !d.includes(",") ? d : undefined;
  };
  const withDraft = (f: ChipField): string | undefined => {
    const d = draft(f);
    return list(d !== undefined ? [...state.chips[f], d] : state.chips[f]);
  };
  const portDraft = draft("port");
  const ports = portDraft !== undefined && isValidChip("port", portDraft) ? [...state.chips.port, portDraft] : state.chips.port;
  return {
    from: state.range.from,
    to: state.range.to,
    namespace: list(state.chips.namespace),
    sourceNamespace: list(state.chips.sourceNamespace),
    destNamespace: list(state.chips.destNamespace),
    namespaceMatch: draft("namespace"),
    sourceNamespaceMatch: draft("sourceNamespace"),
    destNamespaceMatch: draft("destNamespace"),
    sourceName: withDraft("sourceName"),
    destName: withDraft("destName"),
    policy: withDraft("policy"),
    port: list(ports),
    protocol: list(state.chips.protocol),
    action: state.choices.action || undefined,
    pendingAction: state.choices.pendingAction || undefined,
    reporter: state.choices.reporter || undefined,
  };
}
