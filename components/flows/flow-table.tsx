"use client";
import { Fragment, useState } from "react";
import type { FlowRowView } from "@/lib/contracts/flows";
import { FLOW_COLUMNS } from "@/components/flows/flow-columns";
import { FlowDetail } from "@/components/flows/flow-detail";
import "@/components/flows/flows.css";

/** The flow table: chosen columns, one expandable detail row per flow. */
export function FlowTable({ flows, visible, label = "Flows" }: { readonly flows: readonly FlowRowView[]; readonly visible: readonly string[]; readonly label?: string }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const columns = FLOW_COLUMNS.filter((c) => visible.includes(c.id));
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
            {columns.map((c) => (
              <th key={c.id} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flows.length === 0 ? (
            <tr>
              <td colSpan={columns.length + 1} className="empty">
                No flows match these filters in this time range.
              </td>
            </tr>
          ) : null}
          {flows.map((f) => {
            const expanded = open.has(f.id);
            return (
              <Fragment key={f.id}>
                <tr data-testid="flow-row" data-action={f.action} data-pending-action={f.pendingAction}>
                  <td>
                    <button type="button" className="flow-row-toggle" aria-expanded={expanded} aria-label={expanded ? "Hide details" : "Show details"} onClick={() => toggle(f.id)}>
                      {expanded ? "▾" : "▸"}
                    </button>
                  </td>
                  {columns.map((c) => (
                    <td key={c.id} className={c.id === "action" || c.id === "pending" ? `action-${c.cell(f)}` : c.id === "time" ? "nowrap" : undefined}>
                      {c.cell(f)}
                    </td>
                  ))}
                </tr>
                {expanded ? (
                  <tr>
                    <td colSpan={columns.length + 1}>
                      <FlowDetail flow={f} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The column chooser. */
export function ColumnChooser({ visible, onChange }: { readonly visible: readonly string[]; readonly onChange: (ids: string[]) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="columns-menu">
      <button type="button" className="btn btn-sm" aria-expanded={open} onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open ? (
        <div className="columns-menu-list" role="group" aria-label="Visible columns">
          {FLOW_COLUMNS.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={visible.includes(c.id)}
                onChange={(e) => onChange(e.target.checked ? FLOW_COLUMNS.filter((x) => x.id === c.id || visible.includes(x.id)).map((x) => x.id) : visible.filter((v) => v !== c.id))}
              />
              {c.header}
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}
