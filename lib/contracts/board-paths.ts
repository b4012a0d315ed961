/** URL builders of the board, editor and audit endpoints (the hooks never write a path by hand). */
import { toQueryString } from "@/lib/contracts/paths";

const API = "/api/v1";
const seg = (v: string): string => encodeURIComponent(v);
const base = (cluster: string): string => `${API}/clusters/${seg(cluster)}`;

export const boardPaths = {
  board: (cluster: string): string => `${base(cluster)}/board`,
  changes: (cluster: string): string => `${base(cluster)}/board/changes`,
  traffic: (cluster: string, q: { minutes?: number; from?: string; to?: string }): string => `${base(cluster)}/board/traffic${toQueryString({ minutes: q.minutes, from: q.from, to: q.to })}`,
  enforce: (cluster: string): string => `${base(cluster)}/policies-ops/enforce`,
  restore: (cluster: string): string => `${base(cluster)}/policies-ops/restore`,
  whatIf: (cluster: string): string => `${base(cluster)}/policies-ops/what-if`,
  impact: (cluster: string): string => `${base(cluster)}/policies-ops/impact`,
  selects: (cluster: string): string => `${base(cluster)}/policies-ops/selects`,
  history: (cluster: string, q: { kind: string; namespace?: string; name: string }): string =>
    `${base(cluster)}/policies-ops/history${toQueryString({ kind: q.kind, namespace: q.namespace, name: q.name })}`,
  audit: (cluster: string, q: Readonly<Record<string, string | number | undefined>>): string => `${base(cluster)}/audit${toQueryString(q)}`,
};
