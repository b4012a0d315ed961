"use client";
import Link from "next/link";
import { useRef, useState } from "react";
import { useDrag, useDrop } from "react-dnd";
import type { BoardCard, PolicyView } from "@/lib/board";
import { isUnused, scopeTextOf } from "@/lib/board";
import type { PolicyTrafficView } from "@/lib/contracts/board";
import { DND_POLICY } from "@/components/policy-board/board-dnd";
import type { PolicyDragItem } from "@/components/policy-board/board-dnd";
import { editorHref } from "@/components/policies/editor-href";
import { LintBadge } from "@/components/policy-board/lint-badge";

const KIND_LABEL: Readonly<Record<PolicyView["kind"], string>> = {
  NetworkPolicy: "NetworkPolicy",
  GlobalNetworkPolicy: "GlobalNetworkPolicy",
  StagedNetworkPolicy: "StagedNetworkPolicy",
  StagedGlobalNetworkPolicy: "StagedGlobalNetworkPolicy",
  KubernetesNetworkPolicy: "Kubernetes NetworkPolicy",
  StagedKubernetesNetworkPolicy: "Staged Kubernetes NetworkPolicy",
  ClusterNetworkPolicy: "Kubernetes ClusterNetworkPolicy",
};

const fmt = (n: number): string => n.toLocaleString("en");

/** Allowed / denied / passed hits of a member in the board's range; "unused" for an enforced policy without any. */
function Counters({ view, traffic, range }: { readonly view: PolicyView; readonly traffic: PolicyTrafficView | undefined; readonly range: string }) {
  if (traffic === undefined) return null;
  const trace = view.staged ? "pending trace" : "enforced trace";
  return (
    <span className="pb-counters" data-testid="policy-counters" title={`Flow-log records in the last ${range} where this policy decided (${trace})`}>
      <span className="pb-count pb-count-allow" aria-label={`${fmt(traffic.allowed)} allowed`}>
        ✓ {fmt(traffic.allowed)}
      </span>
      <span className="pb-count pb-count-deny" aria-label={`${fmt(traffic.denied)} denied`}>
        ✗ {fmt(traffic.denied)}
      </span>
      <span className="pb-count pb-count-pass" aria-label={`${fmt(traffic.passed)} passed`}>
        ↷ {fmt(traffic.passed)}
      </span>
      {!view.staged && isUnused(traffic) ? (
        <span className="badge badge-warn" data-testid="unused-badge" title={`No traffic matched this policy in the last ${range}`}>
          unused
        </span>
      ) : null}
    </span>
  );
}

function Member(props: {
  readonly view: PolicyView;
  readonly count: number | undefined;
  readonly traffic: PolicyTrafficView | undefined;
  readonly range: string;
  readonly onExport: (key: string) => void;
  readonly onDelete: (view: PolicyView) => void;
  readonly onEnforce?: () => void;
}) {
  const { view, count, onEnforce } = props;
  const [menuOpen, setMenuOpen] = useState(false);
  const rules = view.ingressRuleCount + view.egressRuleCount;
  return (
    <div className={view.staged ? "pb-member pb-member-staged" : "pb-member"}>
      <div className="pb-member-head">
        <Link href={editorHref(view.kind, view.namespace, view.name)} className="pb-card-name" data-testid="policy-card-name">
          {view.displayName}
        </Link>
        {view.staged ? <span className="badge badge-staged">staged{view.stagedAction !== undefined && view.stagedAction !== "Set" ? ` · ${view.stagedAction}` : ""}</span> : null}
        <span className="pb-spacer" />
        <div
          className="pb-menu"
          onKeyDown={(e) => {
            if (e.key === "Escape") setMenuOpen(false);
          }}
          onBlur={(e) => {
            // Closes when focus leaves the menu (Tab away, click elsewhere).
            if (!e.currentTarget.contains(e.relatedTarget)) setMenuOpen(false);
          }}
        >
          <button type="button" className="btn btn-sm btn-ghost" aria-haspopup="true" aria-expanded={menuOpen} aria-label={`Actions for ${view.displayName}`} onClick={() => setMenuOpen((o) => !o)}>
            ⋯
          </button>
          {menuOpen ? (
            <div className="pb-menu-list">
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                onClick={() => {
                  setMenuOpen(false);
                  props.onExport(view.key);
                }}
              >
                Export YAML
              </button>
              <button
                type="button"
                className="btn btn-sm btn-ghost pb-menu-danger"
                onClick={() => {
                  setMenuOpen(false);
                  props.onDelete(view);
                }}
              >
                Delete…
              </button>
            </div>
          ) : null}
        </div>
      </div>
      <div className="pb-meta">
        <span className={view.kind.includes("Kubernetes") ? "badge badge-k8s" : "badge badge-policy"}>{KIND_LABEL[view.kind]}</span>
        <span>{view.scope === "global" ? "global" : `ns ${view.namespace ?? ""}`}</span>
        <span>{view.directions.join(" + ") || "no types"}</span>
        <span>
          {rules} rule{rules === 1 ? "" : "s"}
        </span>
        <span title="Endpoints this policy selects now">{count === undefined ? "–" : count} endpoint{count === 1 ? "" : "s"}</span>
        {view.untracked ? <span className="badge badge-warn">untracked/preDNAT</span> : null}
        <Counters view={view} traffic={props.traffic} range={props.range} />
        <LintBadge policyKey={view.key} />
      </div>
      <code className="pb-selector" title={scopeTextOf(view)}>
        {scopeTextOf(view)}
      </code>
      {onEnforce !== undefined ? (
        <button type="button" className="btn btn-sm btn-primary pb-enforce" onClick={onEnforce}>
          Enforce
        </button>
      ) : null}
    </div>
  );
}

/**
 * One board card: the enforced policy and its staged counterpart side by side. Drag source
 * (ids only), drop target for the gap before/after it, keyboard move buttons.
 */
export function PolicyCard(props: {
  readonly card: BoardCard;
  readonly order: number | undefined;
  readonly counts: Readonly<Record<string, number>>;
  /** Traffic counters by policy key; undefined while loading (no counters shown). */
  readonly traffic: Readonly<Record<string, PolicyTrafficView>> | undefined;
  /** The counters' range in words ("15 min"). */
  readonly range: string;
  readonly onExport: (key: string) => void;
  readonly onDelete: (view: PolicyView) => void;
  /** In the board's multi-selection. */
  readonly selected: boolean;
  readonly onSelect: (on: boolean) => void;
  readonly first: boolean;
  readonly last: boolean;
  readonly onDropAt: (item: PolicyDragItem, after: boolean) => void;
  readonly canDrop: (item: PolicyDragItem) => boolean;
  readonly onMove: (direction: "up" | "down") => void;
  readonly onEnforce: () => void;
}) {
  const { card } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [{ dragging }, drag] = useDrag(() => ({ type: DND_POLICY, item: { key: card.key } satisfies PolicyDragItem, canDrag: card.movable, collect: (m) => ({ dragging: m.isDragging() }) }), [card.key, card.movable]);
  const [{ over, valid }, drop] = useDrop(
    () => ({
      accept: DND_POLICY,
      canDrop: (item: PolicyDragItem) => item.key !== card.key && props.canDrop(item),
      drop: (item: PolicyDragItem, monitor) => {
        const rect = ref.current?.getBoundingClientRect();
        const y = monitor.getClientOffset()?.y;
        props.onDropAt(item, rect !== undefined && y !== undefined && y > rect.top + rect.height / 2);
      },
      collect: (m) => ({ over: m.isOver(), valid: m.canDrop() }),
    }),
    [card.key, props.onDropAt, props.canDrop],
  );
  drag(drop(ref));
  const name = (card.enforced ?? card.staged)?.displayName ?? card.key;
  const className = ["pb-card", dragging ? "pb-dragging" : "", over ? (valid ? "pb-drop-ok" : "pb-drop-bad") : "", card.movable ? "" : "pb-fixed", props.selected ? "pb-selected" : ""].filter(Boolean).join(" ");
  return (
    <div ref={ref} className={className} data-testid="policy-card" data-key={card.key} aria-label={`Policy ${name}`} role="listitem">
      <input type="checkbox" className="pb-select" aria-label={`Select ${name}`} checked={props.selected} onChange={(e) => props.onSelect(e.target.checked)} />
      <div className="pb-card-order" title="Order">
        {props.order ?? "—"}
      </div>
      <div className={card.enforced !== undefined && card.staged !== undefined ? "pb-pair" : "pb-single"}>
        {card.enforced !== undefined ? <Member view={card.enforced} count={props.counts[card.enforced.key]} traffic={props.traffic?.[card.enforced.key]} range={props.range} onExport={props.onExport} onDelete={props.onDelete} /> : null}
        {card.staged !== undefined ? (
          <Member view={card.staged} count={props.counts[card.staged.key]} traffic={props.traffic?.[card.staged.key]} range={props.range} onExport={props.onExport} onDelete={props.onDelete} onEnforce={props.onEnforce} />
        ) : null}
      </div>
      {card.movable ? (
        <div className="pb-card-moves">
          <button type="button" className="btn btn-sm btn-ghost" aria-label={`Move ${name} up`} disabled={props.first} onClick={() => props.onMove("up")}>
            ▲
          </button>
          <button type="button" className="btn btn-sm btn-ghost" aria-label={`Move ${name} down`} disabled={props.last} onClick={() => props.onMove("down")}>
            ▼
          </button>
        </div>
      ) : (
        <div className="pb-card-moves small muted" title="Calico evaluates Kubernetes NetworkPolicies in the default tier at order 1000">
          fixed
        </div>
      )}
    </div>
  );
}
