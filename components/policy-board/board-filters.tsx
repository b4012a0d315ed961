"use client";
import type { BoardFilters } from "@/lib/board";
import type { PolicyResourceKind } from "@/lib/policy";

const KINDS: readonly PolicyResourceKind[] = ["NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy", "KubernetesNetworkPolicy", "StagedKubernetesNetworkPolicy"];

/** The board's filter bar: namespace, kind, name, label selector, staged only, free-text search. */
export function BoardFilterBar(props: { readonly filters: BoardFilters; readonly namespaces: readonly string[]; readonly error?: string; readonly onChange: (f: BoardFilters) => void }) {
  const f = props.filters;
  const set = (patch: Partial<BoardFilters>) => props.onChange({ ...f, ...patch });
  return (
    <div className="toolbar pb-filters" role="search" aria-label="Filter policies">
      <label className="pb-filter">
        <span className="field-label">Search</span>
        <input className="input" type="search" value={f.search ?? ""} placeholder="name, namespace, selector…" onChange={(e) => set({ search: e.target.value })} />
      </label>
      <label className="pb-filter">
        <span className="field-label">Namespace</span>
        <select className="select" aria-label="Namespace" value={f.namespaces?.[0] ?? ""} onChange={(e) => set({ namespaces: e.target.value === "" ? [] : [e.target.value] })}>
          <option value="">All (incl. global)</option>
          {props.namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label className="pb-filter">
        <span className="field-label">Kind</span>
        <select className="select" aria-label="Kind" value={f.kinds?.[0] ?? ""} onChange={(e) => set({ kinds: e.target.value === "" ? [] : [e.target.value as PolicyResourceKind] })}>
          <option value="">All kinds</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label className="pb-filter">
        <span className="field-label">Name</span>
        <input className="input" value={f.name ?? ""} onChange={(e) => set({ name: e.target.value })} />
      </label>
      <label className="pb-filter">
        <span className="field-label">Policy labels (selector)</span>
        <input className={`input input-mono${props.error !== undefined ? " pb-invalid" : ""}`} value={f.labelSelector ?? ""} placeholder='team == "ops"' onChange={(e) => set({ labelSelector: e.target.value })} aria-invalid={props.error !== undefined} />
      </label>
      <label className="pb-check">
        <input type="checkbox" checked={f.stagedOnly === true} onChange={(e) => set({ stagedOnly: e.target.checked })} /> Staged only
      </label>
      {props.error !== undefined ? <span className="field-error">{props.error}</span> : null}
    </div>
  );
}
