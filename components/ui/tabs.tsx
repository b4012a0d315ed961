"use client";
import { useRef } from "react";
import type { KeyboardEvent } from "react";

export interface TabDef<T extends string> {
  readonly id: T;
  readonly label: string;
  readonly count?: number;
}

/**
 * WAI-ARIA tabs: the selected tab is in the tab order, arrow keys move between tabs. The caller
 * renders the panel with `tabPanelProps(idPrefix, selected)`.
 */
export function Tabs<T extends string>(props: {
  readonly idPrefix: string;
  readonly label: string;
  readonly tabs: readonly TabDef<T>[];
  readonly selected: T;
  readonly onSelect: (id: T) => void;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const n = props.tabs.length;
    const target = e.key === "ArrowRight" ? (index + 1) % n : e.key === "ArrowLeft" ? (index - 1 + n) % n : e.key === "Home" ? 0 : e.key === "End" ? n - 1 : -1;
    if (target < 0) return;
    e.preventDefault();
    const tab = props.tabs[target];
    if (tab !== undefined) props.onSelect(tab.id);
    refs.current[target]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`${props.idPrefix}-tab-${t.id}`}
          aria-selected={t.id === props.selected}
          aria-controls={`${props.idPrefix}-panel`}
          tabIndex={t.id === props.selected ? 0 : -1}
          className="tab"
          onClick={() => props.onSelect(t.id)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {t.label}
          {t.count !== undefined ? <span className="tab-count">{t.count}</span> : null}
        </button>
      ))}
    </div>
  );
}

/** Props for the panel of a Tabs group. */
export function tabPanelProps(idPrefix: string, selected: string): { id: string; role: "tabpanel"; "aria-labelledby": string } {
  return { id: `${idPrefix}-panel`, role: "tabpanel", "aria-labelledby": `${idPrefix}-tab-${selected}` };
}
