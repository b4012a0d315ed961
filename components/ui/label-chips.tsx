/** Kubernetes labels as `key=value` chips; `empty` when there are none. */
export function LabelChips({ labels, empty = "—", max }: { readonly labels: Readonly<Record<string, string>> | undefined; readonly empty?: string; readonly max?: number }) {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return <span className="cell-muted">{empty}</span>;
  const shown = max === undefined ? entries : entries.slice(0, max);
  return (
    <span className="labels">
      {shown.map(([k, v]) => (
        <span key={k} className="label-chip" title={`${k}=${v}`}>
          <span className="k">{k}</span>=<span className="v">{v}</span>
        </span>
      ))}
      {shown.length < entries.length ? <span className="label-chip">+{entries.length - shown.length}</span> : null}
    </span>
  );
}
