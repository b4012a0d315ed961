/**
 * Board filters: which cards a lane shows. A card passes when `stagedOnly` holds for the card (it
 * has a staged member) and some member passes every other filter; filters combine with AND.
 */
import type { Labels } from "@/lib/selector";
import { parseSelector } from "@/lib/selector";
import type { BoardCard, BoardFilters, PolicyView } from "@/lib/board/types";

/** A compiled filter: the predicate, or the reason the label selector did not parse. */
export interface CompiledFilter {
  readonly matches: (card: BoardCard) => boolean;
  readonly error?: string;
}

function nonEmpty(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t === undefined || t === "" ? undefined : t.toLowerCase();
}

function viewMatches(
  view: PolicyView,
  filters: BoardFilters,
  labels: ((l: Labels) => boolean) | undefined,
  name: string | undefined,
  search: string | undefined,
): boolean {
  if (filters.namespaces !== undefined && filters.namespaces.length > 0) {
    if (view.namespace === undefined || !filters.namespaces.includes(view.namespace)) return false;
  }
  if (filters.kinds !== undefined && filters.kinds.length > 0 && !filters.kinds.includes(view.kind)) return false;
  if (name !== undefined && ![view.name, view.shortName, view.displayName].some((n) => n.toLowerCase().includes(name))) return false;
  if (labels !== undefined && !labels(view.labels)) return false;
  if (search !== undefined) {
    const haystack = [view.name, view.displayName, view.namespace ?? "", view.selector, view.tier].join("\n").toLowerCase();
    if (!haystack.includes(search)) return false;
  }
  return true;
}

/**
 * Compiles the filters once for a whole board. An unparseable label selector yields a filter
 * that matches nothing plus an error message (never throws).
 */
export function compileFilters(filters: BoardFilters | undefined): CompiledFilter {
  if (filters === undefined) return { matches: () => true };
  let labels: ((l: Labels) => boolean) | undefined;
  let error: string | undefined;
  const selectorText = filters.labelSelector?.trim();
  if (selectorText !== undefined && selectorText !== "") {
    const parsed = parseSelector(selectorText);
    if (parsed.ok) labels = (l) => parsed.value.matches(l);
    else {
      error = `label selector: ${parsed.error.message}`;
      labels = () => false;
    }
  }
  const name = nonEmpty(filters.name);
  const search = nonEmpty(filters.search);
  const matches = (card: BoardCard): boolean => {
    if (filters.stagedOnly === true && card.staged === undefined) return false;
    const members = [card.enforced, card.staged].filter((v): v is PolicyView => v !== undefined);
    return members.some((v) => viewMatches(v, filters, labels, name, search));
  };
  return error === undefined ? { matches } : { matches, error };
}
