"use client";
import type { SelectorField, SelectorOperator, SelectorRow } from "@/lib/board";
import { SELECTOR_OPERATORS, fromSelectorField, selectorRowsToText, textToSelectorRows } from "@/lib/board";
import { labelKeysOf, labelValuesOf } from "@/lib/board";
import { explainSelectorSyntax, parseSelector } from "@/lib/selector";
import type { SelectorScope } from "@/components/policies/label-suggestions";
import { useLabelSuggestions } from "@/components/policies/label-suggestions";

/** The parse error of a selector text, with a caret line pointing at its offset. */
export function selectorError(text: string | undefined): { message: string; caret: string } | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const parsed = parseSelector(text);
  if (parsed.ok) return undefined;
  return { message: `${parsed.error.message} (at offset ${parsed.error.offset})`, caret: `${text}\n${" ".repeat(parsed.error.offset)}^` };
}

/** How each operator reads in the picker (the option's value stays Calico's operator). */
const OPERATOR_TEXT: Readonly<Record<SelectorOperator, string>> = {
  "==": "== equals",
  "!=": "!= not equal",
  in: "in one of",
  "not in": "not in none of",
  has: "has key",
  "!has": "!has lacks key",
  contains: "contains",
  "starts with": "starts with",
  "ends with": "ends with",
};

function isOperator(v: string): v is SelectorOperator {
  return (SELECTOR_OPERATORS as readonly string[]).includes(v);
}

/**
 * A selector input: key / operator / value rows for conjunctions (Calico's `&&` of single-label
 * terms), or raw text for anything else. Keys and values are suggested from the labels that
 * exist (`scope` says whether those are the endpoints' or the namespaces'). Validates as you
 * type; a syntax error points at its offset. Switching to rows is offered only when the text is
 * expressible as rows.
 */
export function SelectorFieldEditor(props: {
  readonly label: string;
  readonly field: SelectorField;
  readonly onChange: (f: SelectorField) => void;
  readonly serverError?: string;
  readonly id: string;
  readonly scope?: SelectorScope;
}) {
  const { field } = props;
  const catalog = useLabelSuggestions(props.scope ?? "endpoint");
  const text = field.mode === "text" ? field.text : selectorRowsToText(field.rows);
  const error = selectorError(field.mode === "text" ? field.text : fromSelectorField(field));
  // Kubernetes set-based syntax (`env in (a, b)`, `app=web`, `!key`) is a common slip: explain
  // the difference and offer the Calico equivalent instead of only a syntax error.
  const k8s = error !== undefined && field.mode === "text" ? explainSelectorSyntax(field.text) : undefined;
  const toText = () => props.onChange({ mode: "text", text });
  const toRows = () => {
    const rows = textToSelectorRows(text);
    if (rows !== null) props.onChange({ mode: "rows", rows });
  };
  const setRow = (i: number, patch: Partial<SelectorRow>) => {
    if (field.mode === "rows") props.onChange({ mode: "rows", rows: field.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  };
  const keysId = `${props.id}-keys`;
  return (
    <fieldset className="field pe-selector" aria-describedby={error !== undefined ? `${props.id}-err` : undefined}>
      <legend className="field-label">{props.label}</legend>
      {field.mode === "rows" ? (
        <div className="pe-rows">
          <datalist id={keysId}>
            {labelKeysOf(catalog).map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          {field.rows.map((row, i) => (
            <div className="pe-row" key={i}>
              <input className="input input-mono pe-term-key" aria-label={`${props.label} key ${i + 1}`} value={row.key} placeholder="label key" list={keysId} autoComplete="off" onChange={(e) => setRow(i, { key: e.target.value })} />
              <select
                className="select pe-term-op"
                aria-label={`${props.label} operator ${i + 1}`}
                value={row.operator}
                onChange={(e) => {
                  if (isOperator(e.target.value)) setRow(i, { operator: e.target.value });
                }}
              >
                {SELECTOR_OPERATORS.map((o) => (
                  <option key={o} value={o}>
                    {OPERATOR_TEXT[o]}
                  </option>
                ))}
              </select>
              {row.operator === "has" || row.operator === "!has" ? null : (
                <>
                  <input
                    className="input input-mono pe-term-value"
                    aria-label={`${props.label} value ${i + 1}`}
                    value={row.value}
                    placeholder={row.operator.includes("in") ? "a, b, c" : "value"}
                    list={`${props.id}-values-${i}`}
                    autoComplete="off"
                    onChange={(e) => setRow(i, { value: e.target.value })}
                  />
                  <datalist id={`${props.id}-values-${i}`}>
                    {labelValuesOf(catalog, row.key).map((v) => (
                      <option key={v} value={v} />
                    ))}
                  </datalist>
                </>
              )}
              <button type="button" className="btn btn-sm btn-ghost" aria-label={`Remove ${props.label} row ${i + 1}`} onClick={() => props.onChange({ mode: "rows", rows: field.rows.filter((_, j) => j !== i) })}>
                ✕
              </button>
            </div>
          ))}
          <div className="pe-selector-foot">
            <button type="button" className="btn btn-sm" onClick={() => props.onChange({ mode: "rows", rows: [...field.rows, { key: "", operator: "==", value: "" }] })}>
              Add term
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={toText}>
              Edit as text
            </button>
            <code className="small muted pe-selector-text">{text === "" ? "all()" : text}</code>
          </div>
        </div>
      ) : (
        <div className="pe-rows">
          <input id={props.id} className={`input input-mono${error !== undefined ? " pb-invalid" : ""}`} aria-label={props.label} aria-invalid={error !== undefined} value={field.text} placeholder="all()" onChange={(e) => props.onChange({ mode: "text", text: e.target.value })} />
          <div className="pe-selector-foot">
            <button type="button" className="btn btn-sm btn-ghost" onClick={toRows} disabled={textToSelectorRows(text) === null}>
              Edit as rows
            </button>
          </div>
        </div>
      )}
      {error !== undefined ? (
        <div id={`${props.id}-err`} className="field-error" role="alert">
          {error.message}
          <div className="pe-selector-error">{error.caret}</div>
        </div>
      ) : null}
      {k8s?.syntax === "kubernetes" && k8s.calico !== undefined ? (
        <div className="notice notice-info" role="note">
          {k8s.note}{" "}
          <button type="button" className="btn btn-sm" onClick={() => props.onChange({ mode: "text", text: k8s.calico ?? text })}>
            Convert to <code>{k8s.calico}</code>
          </button>
        </div>
      ) : null}
      {props.serverError !== undefined && props.serverError !== "" ? <div className="field-error">{props.serverError}</div> : null}
    </fieldset>
  );
}
