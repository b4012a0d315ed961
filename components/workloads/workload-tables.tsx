import Link from "next/link";
import { LabelChips } from "@/components/ui/label-chips";
import type { NamespaceRow, PodRow, ServiceAccountRow, ServiceRow } from "@/components/workloads/workload-model";

/** Rows rendered at most (keeps the DOM small; the search narrows the rest). */
const MAX_ROWS = 500;

function Footer({ shown, total, noun }: { readonly shown: number; readonly total: number; readonly noun: string }) {
  return (
    <div className="table-footer">
      {shown < total ? `Showing the first ${shown} of ${total} ${noun}; narrow the filters to see the rest.` : `${total} ${noun}`}
    </div>
  );
}

function Empty({ what }: { readonly what: string }) {
  return <div className="empty">No {what} match the filters.</div>;
}

/** Labels Kubernetes adds to every ReplicaSet pod; shown in the YAML, hidden in the table. */
const NOISE_LABELS: ReadonlySet<string> = new Set(["pod-template-hash", "controller-revision-hash", "pod-template-generation"]);

function withoutNoise(labels: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !NOISE_LABELS.has(k)));
}

function phaseClass(phase: string): string {
  return phase === "Running" || phase === "Succeeded" ? "badge badge-ok" : phase === "Pending" ? "badge badge-warn" : phase === "Failed" ? "badge badge-danger" : "badge";
}

function objectHref(resource: string, name: string, namespace?: string): string {
  return `/resources/${resource}/${encodeURIComponent(name)}${namespace !== undefined ? `?namespace=${encodeURIComponent(namespace)}` : ""}`;
}

/** What the label editor opens on. */
export interface LabelTarget {
  readonly kind: "Pod" | "Namespace";
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly resourceVersion: string;
}

function EditLabelsButton({ target, onEdit }: { readonly target: LabelTarget; readonly onEdit: ((t: LabelTarget) => void) | undefined }) {
  if (onEdit === undefined) return null;
  return (
    <button type="button" className="btn btn-sm" aria-label={`Edit labels of ${target.namespace !== undefined ? `${target.namespace}/` : ""}${target.name}`} onClick={() => onEdit(target)}>
      Labels…
    </button>
  );
}

export function PodTable({ rows, onEditLabels }: { readonly rows: readonly PodRow[]; readonly onEditLabels?: (t: LabelTarget) => void }) {
  if (rows.length === 0) return <Empty what="pods" />;
  const shown = rows.slice(0, MAX_ROWS);
  return (
    <>
      <div className="table-wrap">
        <table className="table table-dense" aria-label="Pods">
          <thead>
            <tr>
              <th scope="col" className="th-wrap">
                Pod (workload · node)
              </th>
              <th scope="col">Namespace</th>
              <th scope="col">Labels</th>
              <th scope="col">IP</th>
              <th scope="col" className="th-wrap">
                Service account
              </th>
              <th scope="col">Ports</th>
              <th scope="col">Phase</th>
              {onEditLabels !== undefined ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.key}>
                <td className="cell-name cell-wrap">
                  <Link href={objectHref("pods", p.name, p.namespace)} prefetch={false}>
                    {p.name}
                  </Link>
                  <span className="cell-sub">
                    {p.workload}
                    {p.node !== "" ? ` · ${p.node}` : ""}
                  </span>
                </td>
                <td>{p.namespace}</td>
                <td>
                  <LabelChips labels={withoutNoise(p.labels)} max={3} />
                </td>
                <td className="mono nowrap">{p.ips.length > 0 ? p.ips.join(", ") : <span className="cell-muted">—</span>}</td>
                <td className="cell-break">{p.serviceAccount}</td>
                <td className="mono">
                  {p.ports.length > 0 ? p.ports.map((port) => <div key={port} className="nowrap">{port}</div>) : <span className="cell-muted">—</span>}
                </td>
                <td>
                  <span className={phaseClass(p.phase)}>{p.phase}</span>
                </td>
                {onEditLabels !== undefined ? (
                  <td className="nowrap">
                    <EditLabelsButton target={{ kind: "Pod", name: p.name, namespace: p.namespace, labels: p.labels, resourceVersion: p.resourceVersion }} onEdit={onEditLabels} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Footer shown={shown.length} total={rows.length} noun="pods" />
    </>
  );
}

export function ServiceTable({ rows }: { readonly rows: readonly ServiceRow[] }) {
  if (rows.length === 0) return <Empty what="services" />;
  const shown = rows.slice(0, MAX_ROWS);
  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label="Services">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Namespace</th>
              <th scope="col">Type</th>
              <th scope="col">Cluster IP</th>
              <th scope="col">Ports</th>
              <th scope="col">Selector</th>
              <th scope="col" className="num">
                Pods
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.key}>
                <td className="cell-name">
                  <Link href={objectHref("services", s.name, s.namespace)} prefetch={false}>{s.name}</Link>
                </td>
                <td>{s.namespace}</td>
                <td>
                  <span className="badge">{s.type}</span>
                </td>
                <td className="mono">{s.clusterIP || <span className="cell-muted">—</span>}</td>
                <td className="mono">{s.ports.length > 0 ? s.ports.join(", ") : <span className="cell-muted">—</span>}</td>
                <td>
                  <LabelChips labels={s.selector} />
                </td>
                <td className="num">{s.endpoints}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Footer shown={shown.length} total={rows.length} noun="services" />
    </>
  );
}

export function NamespaceTable({ rows, onEditLabels }: { readonly rows: readonly NamespaceRow[]; readonly onEditLabels?: (t: LabelTarget) => void }) {
  if (rows.length === 0) return <Empty what="namespaces" />;
  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label="Namespaces">
          <thead>
            <tr>
              <th scope="col">Namespace</th>
              <th scope="col">Labels</th>
              <th scope="col" className="num">
                Pods
              </th>
              <th scope="col" className="num">
                Services
              </th>
              {onEditLabels !== undefined ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((n) => (
              <tr key={n.name}>
                <td className="cell-name">
                  <Link href={objectHref("namespaces", n.name)} prefetch={false}>{n.name}</Link>
                </td>
                <td>
                  <LabelChips labels={n.labels} />
                </td>
                <td className="num">{n.pods}</td>
                <td className="num">{n.services}</td>
                {onEditLabels !== undefined ? (
                  <td className="nowrap">
                    <EditLabelsButton target={{ kind: "Namespace", name: n.name, labels: n.labels, resourceVersion: n.resourceVersion }} onEdit={onEditLabels} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Footer shown={Math.min(rows.length, MAX_ROWS)} total={rows.length} noun="namespaces" />
    </>
  );
}

export function ServiceAccountTable({ rows }: { readonly rows: readonly ServiceAccountRow[] }) {
  if (rows.length === 0) return <Empty what="service accounts" />;
  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label="Service accounts">
          <thead>
            <tr>
              <th scope="col">Service account</th>
              <th scope="col">Namespace</th>
              <th scope="col" className="num">
                Pods
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((a) => (
              <tr key={a.key}>
                <td className="cell-name">
                  <Link href={objectHref("serviceaccounts", a.name, a.namespace)} prefetch={false}>{a.name}</Link>
                </td>
                <td>{a.namespace}</td>
                <td className="num">{a.pods}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Footer shown={Math.min(rows.length, MAX_ROWS)} total={rows.length} noun="service accounts" />
    </>
  );
}
