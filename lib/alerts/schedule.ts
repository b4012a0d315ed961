/**
 * When an alert runs and what it looks at (docs "Global Alert" → Period and lookback): `period`
 * defaults to 5m and is at least 1m; `lookback` defaults to 10m. Durations are Go durations. A
 * malformed duration (the validator refuses them, but a real cluster may hold anything) falls back
 * to the default. Pure.
 */
import { parseGoDuration } from "@/lib/calico/k8s-names";
import type { GlobalAlertSpec } from "@/lib/calico/types";

export const DEFAULT_PERIOD_SECONDS = 5 * 60;
export const MIN_PERIOD_SECONDS = 60;
export const DEFAULT_LOOKBACK_SECONDS = 10 * 60;

export interface AlertTiming {
  readonly periodSeconds: number;
  readonly lookbackSeconds: number;
}

function seconds(text: string | undefined, fallback: number): number {
  const s = text === undefined || text === "" ? undefined : parseGoDuration(text);
  return s === undefined || s <= 0 ? fallback : s;
}

/** The alert's period (≥ 1 minute) and lookback, in seconds. Never throws. */
export function alertTiming(spec: Pick<GlobalAlertSpec, "period" | "lookback">): AlertTiming {
  return {
    periodSeconds: Math.max(MIN_PERIOD_SECONDS, seconds(spec.period, DEFAULT_PERIOD_SECONDS)),
    lookbackSeconds: seconds(spec.lookback, DEFAULT_LOOKBACK_SECONDS),
  };
}

/** Whether an alert last evaluated at `lastMs` (undefined: never) is due at `nowMs`. */
export function isAlertDue(lastMs: number | undefined, timing: AlertTiming, nowMs: number): boolean {
  return lastMs === undefined || nowMs - lastMs >= timing.periodSeconds * 1000;
}
