"use client";
import { useId } from "react";
import type { SuggestionField } from "@/lib/contracts/flows";
import { useFlowSuggestions } from "@/lib/hooks/use-flows";
import { TIME_PRESETS } from "@/components/flows/time-range";
import type { TimePresetId } from "@/components/flows/time-range";

/** The flow page's filters, as typed (empty = any). */
export interface FlowFilterValues {
  readonly namespace: string;
  readonly sourceNamespace: string;
  readonly destNamespace: string;
  readonly sourceName: string;
  readonly destName: string;
  readonly port: string;
  readonly protocol: string;
  readonly action: string;
  readonly pendingAction: string;
  readonly policy: string;
  readonly reporter: string;
}

export const EMPTY_FILTERS: FlowFilterValues = { namespace: "", sourceNamespace: "", destNamespace: "", sourceName: "", destName: "", port: "", protocol: "", action: "", pendingAction: "", policy: "", reporter: "" };

/** Filters from URL parameters (links from the graph pre-filter the table). */
export function filtersFromSearch(search: URLSearchParams): FlowFilterValues {
  const out: Record<string, string> = { ...EMPTY_FILTERS };
  for (const k of Object.keys(EMPTY_FILTERS)) out[k] = search.get(k) ?? "";
  return out as unknown as FlowFilterValues; // every key of FlowFilterValues was set from EMPTY_FILTERS's keys
}

function SuggestInput({ cluster, field, label, value, onChange }: { readonly cluster: string; readonly field: SuggestionField; readonly label: string; readonly value: string; readonly onChange: (v: string) => void }) {
  const id = useId();
  const suggestions = useFlowSuggestions(cluster, field, value);
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} className="input" list={`${id}-list`} value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" />
      <datalist id={`${id}-list`}>
        {(suggestions.data?.values ?? []).map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
    </div>
  );
}

function Select({ label, value, options, onChange }: { readonly label: string; readonly value: string; readonly options: readonly (readonly [string, string])[]; readonly onChange: (v: string) => void }) {
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

/** Time range and every flow filter. */
export function FlowFilters(props: {
  readonly cluster: string;
  readonly values: FlowFilterValues;
  readonly onChange: (v: FlowFilterValues) => void;
  readonly preset: TimePresetId;
  readonly onPreset: (p: TimePresetId) => void;
}) {
  const { cluster, values, onChange } = props;
  const set = (k: keyof FlowFilterValues) => (v: string) => onChange({ ...values, [k]: v });
  const portId = useId();
  const actionOptions = [["", "Any"], ["allow", "Allow"], ["deny", "Deny"]] as const;
  return (
    <div className="flow-filters" role="search" aria-label="Flow filters">
      <Select
        label="Time range"
        value={props.preset}
        onChange={(v) => props.onPreset(v as TimePresetId)}
        options={[...TIME_PRESETS.map((p) => [p.id, p.label] as const), ...(props.preset === "custom" ? [["custom", "Custom (from link)"] as const] : [])]}
      />
      <SuggestInput cluster={cluster} field="namespace" label="Namespace (either side)" value={values.namespace} onChange={set("namespace")} />
      <SuggestInput cluster={cluster} field="namespace" label="Source namespace" value={values.sourceNamespace} onChange={set("sourceNamespace")} />
      <SuggestInput cluster={cluster} field="sourceName" label="Source name" value={values.sourceName} onChange={set("sourceName")} />
      <SuggestInput cluster={cluster} field="namespace" label="Destination namespace" value={values.destNamespace} onChange={set("destNamespace")} />
      <SuggestInput cluster={cluster} field="destName" label="Destination name" value={values.destName} onChange={set("destName")} />
      <div className="field">
        <label className="field-label" htmlFor={portId}>
          Destination port
        </label>
        <input id={portId} className="input" inputMode="numeric" value={values.port} onChange={(e) => set("port")(e.target.value.replace(/\D/g, ""))} />
      </div>
      <Select label="Protocol" value={values.protocol} onChange={set("protocol")} options={[["", "Any"], ["tcp", "TCP"], ["udp", "UDP"], ["icmp", "ICMP"], ["sctp", "SCTP"]]} />
      <Select label="Action" value={values.action} onChange={set("action")} options={actionOptions} />
      <Select label="Pending action" value={values.pendingAction} onChange={set("pendingAction")} options={actionOptions} />
      <SuggestInput cluster={cluster} field="policy" label="Policy" value={values.policy} onChange={set("policy")} />
      <Select label="Reporter" value={values.reporter} onChange={set("reporter")} options={[["", "Any"], ["src", "Source"], ["dst", "Destination"]]} />
    </div>
  );
}
