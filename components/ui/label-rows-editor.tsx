"use client";

export interface KeyValueRow {
  readonly key: string;
  readonly value: string;
}

/** Rows of key = value inputs with add and remove (controlled). `idPrefix` keeps accessible names unique per form. */
export function LabelRowsEditor(props: { readonly legend: string; readonly rows: readonly KeyValueRow[]; readonly onChange: (rows: readonly KeyValueRow[]) => void; readonly idPrefix: string }) {
  const { rows, onChange } = props;
  const set = (i: number, patch: Partial<KeyValueRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="stack">
      <legend className="field-label">{props.legend}</legend>
      {rows.map((r, i) => (
        <div className="row" key={`${props.idPrefix}-${i}`}>
          <input className="input input-mono" aria-label={`${props.legend} ${i + 1} key`} placeholder="key" value={r.key} onChange={(e) => set(i, { key: e.target.value })} />
          <span aria-hidden="true">=</span>
          <input className="input input-mono" aria-label={`${props.legend} ${i + 1} value`} placeholder="value" value={r.value} onChange={(e) => set(i, { value: e.target.value })} />
          <button type="button" className="btn btn-sm btn-ghost" aria-label={`Remove ${props.legend.toLowerCase()} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="btn btn-sm" onClick={() => onChange([...rows, { key: "", value: "" }])}>
          Add {props.legend.toLowerCase().replace(/s$/, "")}
        </button>
      </div>
    </fieldset>
  );
}
