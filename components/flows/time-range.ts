/**
 * Time-range presets of the flow and graph pages. A relative preset is fixed to absolute
 * seconds when chosen (so react-query keys stay stable); live views leave `to` open so new
 * intervals appear without changing the key.
 */
export const TIME_PRESETS = [
  { id: "15m", label: "Last 15 minutes", seconds: 15 * 60 },
  { id: "1h", label: "Last hour", seconds: 3600 },
  { id: "6h", label: "Last 6 hours", seconds: 6 * 3600 },
  { id: "24h", label: "Last 24 hours", seconds: 86_400 },
  { id: "7d", label: "Last 7 days", seconds: 7 * 86_400 },
] as const;

export type TimePresetId = (typeof TIME_PRESETS)[number]["id"] | "custom";

export interface TimeRange {
  readonly preset: TimePresetId;
  readonly from: number;
  /** Open-ended when undefined (live). */
  readonly to?: number;
}

/**
 * The range of a preset ending now. `from` is floored to the minute so the server render and
 * the client's hydration compute the same value (the window is up to a minute longer).
 */
export function presetRange(id: Exclude<TimePresetId, "custom">, now: number = Math.floor(Date.now() / 1000)): TimeRange {
  const preset = TIME_PRESETS.find((p) => p.id === id) ?? TIME_PRESETS[1];
  return { preset: id, from: Math.floor((now - preset.seconds) / 60) * 60 };
}

/** A range from URL parameters (`from`, `to` in UNIX seconds), or the default preset. */
export function rangeFromSearch(search: URLSearchParams, fallback: Exclude<TimePresetId, "custom"> = "1h"): TimeRange {
  const from = Number(search.get("from"));
  const to = Number(search.get("to"));
  if (Number.isInteger(from) && from > 0) return { preset: "custom", from, ...(Number.isInteger(to) && to > from ? { to } : {}) };
  return presetRange(fallback);
}

/**
 * The formats of `toLocaleTimeString([], { hour12: false })` and `toLocaleString([], { hour12:
 * false })` (ECMA-402 fills in the same fields: hour, minute and second; with year, month and
 * day for the second), made once: each of those calls builds a new Intl.DateTimeFormat, which
 * on this page ran for every cell of every row scrolled into view (~9% of the main thread while
 * wheel-scrolling the Flows page through 1,000,000 flows). Made on first use, in the browser's
 * locale and time zone at that moment.
 */
let formats: { readonly time: Intl.DateTimeFormat; readonly dateTime: Intl.DateTimeFormat } | undefined;

/** `HH:MM:SS` local time of UNIX seconds (dates when not today). */
export function formatTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const now = new Date();
  const today = now.getFullYear() === d.getFullYear() && now.getMonth() === d.getMonth() && now.getDate() === d.getDate();
  formats ??= {
    time: new Intl.DateTimeFormat([], { hour12: false, hour: "numeric", minute: "numeric", second: "numeric" }),
    dateTime: new Intl.DateTimeFormat([], { hour12: false, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" }),
  };
  return (today ? formats.time : formats.dateTime).format(d);
}
