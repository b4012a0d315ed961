/** A labelled namespace picker with an "All namespaces" choice (value ""). */
export function NamespaceSelect(props: { readonly id: string; readonly value: string; readonly namespaces: readonly string[]; readonly onChange: (namespace: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>Namespace</label>
      <select id={props.id} className="select" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">All namespaces</option>
        {props.namespaces.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}
