"use client";
import { useId, useState } from "react";
import type { SuggestionField } from "@/lib/contracts/flows";
import { useFlowSuggestions } from "@/lib/hooks/use-flows";
import { useDebounced } from "@/components/policies/use-debounced";
import { ChipFilter } from "@/components/flows/chip-filter";
import { activeFilterCount, PROTOCOL_OPTIONS } from "@/components/flows/flow-query-state";
import type { ChipField, ChoiceField, FlowDrafts, FlowFilterState } from "@/components/flows/flow-query-state";
import { TIME_PRESETS } from "@/components/flows/time-range";
import type { TimePresetId } from "@/components/flows/time-range";

/** Suggestions are asked for after the user pauses typing this long. */
const SUGGEST_DEBOUNCE_MS = 150;

interface ChipSpec {
  readonly field: ChipField;
  readonly label: string;
  readonly suggest?: SuggestionField;
  readonly placeholder?: string;
}

/** Shown at once: what users filter by most (Whisker's first row). */
const PRIMARY_CHIPS: readonly ChipSpec[] = [
  { field: "namespace", label: "Namespace (either side)", suggest: "namespace" },
  { field: "sourceName", label: "Source name", suggest: "sourceName", placeholder: "Any (contains)" },
  { field: "destName", label: "Destination name", suggest: "destName", placeholder: "Any (contains)" },
  { field: "port", label: "Destination port", suggest: "port" },
];

/** Behind "More filters" (opened by itself when one of them is set). */
const MORE_CHIPS: readonly ChipSpec[] = [
  { field: "sourceNamespace", label: "Source namespace", suggest: "sourceNamespace" },
  { field: "destNamespace", label: "Destination namespace", suggest: "destNamespace" },
  { field: "protocol", label: "Protocol" },
  { field: "policy", label: "Policy", suggest: "policy", placeholder: "Any (contains)" },
];

function SuggestingChipFilter(props: {
  readonly cluster: string;
  readonly spec: ChipSpec;
  readonly state: FlowFilterState;
  readonly draft: string;
  readonly onAdd: (field: ChipField, value: string) => void;
  readonly onRemove: (field: ChipField, value: string) => void;
  readonly onDraft: (field: ChipField, text: string) => void;
}) {
  const { cluster, spec, state, draft } = props;
  const [focused, setFocused] = useState(false);
  const q = useDebounced(draft.trim(), SUGGEST_DEBOUNCE_MS);
  const suggestions = useFlowSuggestions(cluster, spec.suggest ?? "namespace", q, { from: state.range.from, to: state.range.to }, { enabled: focused && spec.suggest !== undefined });
  const staticOptions = spec.field === "protocol" ? PROTOCOL_OPTIONS.filter((p) => p.includes(draft.trim().toLowerCase())) : undefined;
  return (
    <ChipFilter
      label={spec.label}
      values={state.chips[spec.field]}
      draft={draft}
      suggestions={staticOptions ?? suggestions.data?.values ?? []}
      placeholder={spec.placeholder}
      inputMode={spec.field === "port" ? "numeric" : "text"}
      onFocus={() => setFocused(true)}
      onAdd={(v) => props.onAdd(spec.field, v)}
      onRemove={(v) => props.onRemove(spec.field, v)}
      onDraft={(t) => props.onDraft(spec.field, spec.field === "port" ? t.replace(/\D/g, "") : t)}
    />
  );
}

function Choice({ label, value, options, onChange }: { readonly label: string; readonly value: string; readonly options: readonly (readonly [string, string])[]; readonly onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

const ACTIONS = [["", "Any"], ["allow", "Allow"], ["deny", "Deny"]] as const;

/** The time range and every flow filter, Whisker style: several values per field, suggestions as you type. */
export function FlowFilters(props: {
  readonly cluster: string;
  readonly state: FlowFilterState;
  readonly drafts: FlowDrafts;
  readonly onAdd: (field: ChipField, value: string) => void;
  readonly onRemove: (field: ChipField, value: string) => void;
  readonly onDraft: (field: ChipField, text: string) => void;
  readonly onChoice: (field: ChoiceField, value: string) => void;
  readonly onPreset: (preset: Exclude<TimePresetId, "custom">) => void;
  readonly onClear: () => void;
}) {
  const { state } = props;
  const active = activeFilterCount(state);
  const hiddenActive = MORE_CHIPS.reduce((n, c) => n + state.chips[c.field].length, 0) + (state.choices.reporter !== "" ? 1 : 0);
  const [more, setMore] = useState(hiddenActive > 0);
  const showMore = more || hiddenActive > 0;
  const chip = (spec: ChipSpec) => (
    <SuggestingChipFilter key={spec.field} cluster={props.cluster} spec={spec} state={state} draft={props.drafts[spec.field] ?? ""} onAdd={props.onAdd} onRemove={props.onRemove} onDraft={props.onDraft} />
  );
  return (
    <div className="flow-filters" role="search" aria-label="Flow filters">
      <Choice
        label="Time range"
        value={state.range.preset}
        onChange={(v) => {
          if (v !== "custom") props.onPreset(v as Exclude<TimePresetId, "custom">); // the options are TIME_PRESETS ids (+ "custom")
        }}
        options={[...TIME_PRESETS.map((p) => [p.id, p.label] as const), ...(state.range.preset === "custom" ? [["custom", "Custom (from link)"] as const] : [])]}
      />
      {PRIMARY_CHIPS.map(chip)}
      <Choice label="Action" value={state.choices.action} onChange={(v) => props.onChoice("action", v)} options={ACTIONS} />
      <Choice label="Pending action" value={state.choices.pendingAction} onChange={(v) => props.onChoice("pendingAction", v)} options={ACTIONS} />
      {showMore ? (
        <>
          {MORE_CHIPS.map(chip)}
          <Choice label="Reporter" value={state.choices.reporter} onChange={(v) => props.onChoice("reporter", v)} options={[["", "Any"], ["src", "Source"], ["dst", "Destination"]]} />
        </>
      ) : null}
      <div className="flow-filters-actions">
        <button type="button" className="btn btn-sm btn-ghost" aria-expanded={showMore} disabled={hiddenActive > 0} onClick={() => setMore(!more)}>
          {showMore ? "Fewer filters" : "More filters"}
        </button>
        <button type="button" className="btn btn-sm" disabled={active === 0} onClick={props.onClear}>
          Clear filters{active > 0 ? ` (${active})` : ""}
        </button>
      </div>
    </div>
  );
}
