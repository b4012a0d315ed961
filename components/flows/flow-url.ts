/**
 * The Flows page's filters and time range as URL parameters, so a view can be shared as a link
 * and the back button steps through earlier views. Filters use their own names (`namespace`,
 * `action`, …, the ones filtersFromSearch reads); a relative range is `range=<preset>` (the
 * link stays "the last hour" whenever it is opened), a custom one `from`/`to` in UNIX seconds.
 */
import type { FlowFilterValues } from "@/components/flows/flow-filters";
import { EMPTY_FILTERS, filtersFromSearch } from "@/components/flows/flow-filters";
import type { TimeRange } from "@/components/flows/time-range";
import { presetRange, rangeFromSearch, TIME_PRESETS } from "@/components/flows/time-range";

/** The range a first visit shows, left out of the URL. */
export const DEFAULT_PRESET = "1h";

type Preset = (typeof TIME_PRESETS)[number]["id"];

function isPreset(v: string | null): v is Preset {
  return TIME_PRESETS.some((p) => p.id === v);
}

/** The query string (without `?`) of filters and range; "" for the default view. */
export function toFlowSearch(values: FlowFilterValues, range: TimeRange): string {
  const out = new URLSearchParams();
  for (const k of Object.keys(EMPTY_FILTERS) as (keyof FlowFilterValues)[]) {
    const v = values[k].trim();
    if (v !== "") out.set(k, v);
  }
  if (range.preset === "custom") {
    out.set("from", String(range.from));
    if (range.to !== undefined) out.set("to", String(range.to));
  } else if (range.preset !== DEFAULT_PRESET) out.set("range", range.preset);
  return out.toString();
}

/** Filters and range of a query string; unknown parameters are ignored, a bad range gives the default. */
export function fromFlowSearch(search: URLSearchParams, now?: number): { readonly values: FlowFilterValues; readonly range: TimeRange } {
  const preset = search.get("range");
  const range = search.has("from") ? rangeFromSearch(search, DEFAULT_PRESET) : presetRange(isPreset(preset) ? preset : DEFAULT_PRESET, now);
  return { values: filtersFromSearch(search), range };
}
