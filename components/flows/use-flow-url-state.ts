"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { FlowFilterValues } from "@/components/flows/flow-filters";
import { fromFlowSearch, toFlowSearch } from "@/components/flows/flow-url";
import type { TimeRange } from "@/components/flows/time-range";

/** Typing pauses this long before the URL (and the history) follows. */
const URL_DELAY_MS = 400;

/**
 * Filters and time range of the Flows page, kept in the URL: edits show at once, and the URL
 * follows after a pause (one history entry per settled change, not per keystroke); Back and
 * Forward, or opening a shared link, set the filters from the URL.
 */
export function useFlowUrlState() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = search.toString();
  const [state, setState] = useState(() => fromFlowSearch(new URLSearchParams(query)));
  // The query string this page last wrote or adopted: a different one came from navigation.
  const known = useRef(query);

  useEffect(() => {
    if (query === known.current) return;
    known.current = query;
    setState(fromFlowSearch(new URLSearchParams(query)));
  }, [query]);

  useEffect(() => {
    const next = toFlowSearch(state.values, state.range);
    if (next === known.current) return;
    const t = window.setTimeout(() => {
      known.current = next;
      router.push(next === "" ? pathname : `${pathname}?${next}`, { scroll: false });
    }, URL_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [state, pathname, router]);

  return {
    values: state.values,
    range: state.range,
    setValues: (values: FlowFilterValues) => setState((s) => ({ ...s, values })),
    setRange: (range: TimeRange) => setState((s) => ({ ...s, range })),
  };
}
