"use client";
import { useId, useState } from "react";
import type { KeyboardEvent } from "react";

/**
 * A filter field that holds several values as chips (OR-ed), with a suggestion list that
 * matches as the user types (a combobox in the ARIA sense). Enter or a click adds the
 * highlighted suggestion (or the typed text); Backspace in an empty box removes the last chip.
 * What is typed but not yet added is reported through `onDraft` so the page can filter by it.
 */
export function ChipFilter(props: {
  readonly label: string;
  readonly values: readonly string[];
  readonly draft: string;
  readonly suggestions: readonly string[];
  readonly onAdd: (value: string) => void;
  readonly onRemove: (value: string) => void;
  readonly onDraft: (text: string) => void;
  /** Shown in the empty box. */
  readonly placeholder?: string;
  /** Called when the box gets focus (suggestions load lazily). */
  readonly onFocus?: () => void;
  readonly inputMode?: "numeric" | "text";
}) {
  const { label, values, draft, suggestions, onAdd, onRemove, onDraft } = props;
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const options = suggestions.filter((s) => !values.includes(s));
  const showList = open && options.length > 0;

  const add = (value: string) => {
    const v = value.trim();
    if (v === "") return;
    onAdd(v);
    onDraft("");
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(options.length - 1, a + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(-1, a - 1));
    } else if (e.key === "Enter") {
      const chosen = active >= 0 ? options[active] : undefined;
      if (chosen !== undefined || draft.trim() !== "") {
        e.preventDefault();
        add(chosen ?? draft);
      }
    } else if (e.key === "Escape") {
      if (open) {
        e.stopPropagation();
        setOpen(false);
        setActive(-1);
      }
    } else if (e.key === "Backspace" && draft === "" && values.length > 0) {
      const last = values[values.length - 1];
      if (last !== undefined) onRemove(last);
    }
  };

  return (
    <div className="field chip-filter">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="chip-box">
        {values.map((v) => (
          <span key={v} className="chip">
            <span className="chip-text" title={v}>
              {v}
            </span>
            <button type="button" className="chip-remove" aria-label={`Remove ${label} ${v}`} onClick={() => onRemove(v)}>
              ×
            </button>
          </span>
        ))}
        <input
          id={id}
          className="chip-input"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
          inputMode={props.inputMode}
          autoComplete="off"
          spellCheck={false}
          placeholder={values.length === 0 ? (props.placeholder ?? "Any") : ""}
          value={draft}
          onChange={(e) => {
            onDraft(e.target.value.replace(/,/g, ""));
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => {
            setOpen(true);
            props.onFocus?.();
          }}
          onBlur={() => {
            setOpen(false);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {showList ? (
        <ul id={listId} role="listbox" aria-label={`${label} suggestions`} className="chip-suggestions">
          {options.map((o, i) => (
            <li
              key={o}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(e) => {
                e.preventDefault();
                add(o);
              }}
            >
              {o}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
