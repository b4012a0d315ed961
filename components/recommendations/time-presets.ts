/** Time ranges the recommendation wizard offers (seconds back from now). */
export const RANGE_PRESETS = [
  { id: "5m", label: "Last 5 minutes", seconds: 300 },
  { id: "15m", label: "Last 15 minutes", seconds: 900 },
  { id: "1h", label: "Last hour", seconds: 3600 },
  { id: "24h", label: "Last 24 hours", seconds: 86_400 },
] as const;
export type RangePresetId = (typeof RANGE_PRESETS)[number]["id"];

/** [from, to) for a preset ending now (to = now + 1 so records ending this second count). */
export function rangeOf(id: RangePresetId, now: number = Math.floor(Date.now() / 1000)): { from: number; to: number } {
  const p = RANGE_PRESETS.find((x) => x.id === id) ?? RANGE_PRESETS[1];
  return { from: now - p.seconds, to: now + 1 };
}
