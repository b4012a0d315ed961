import type { RecommendationState } from "@/lib/recommend";

/** A recommendation's status as a coloured chip. */
export function StateBadge({ state }: { readonly state: RecommendationState }) {
  return (
    <span className={`rec-state rec-state-${state}`} data-testid="rec-state">
      {state}
    </span>
  );
}

/** "3 min ago" style age of an ISO time; "—" when unknown. */
export function ageOf(iso: string | undefined, now: number = Date.now()): string {
  if (iso === undefined) return "—";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(s)) return "—";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
