"use client";
import Link from "next/link";
import { useRef } from "react";
import { useDrag, useDrop } from "react-dnd";
import type { BoardCard, PolicyView } from "@/lib/board";
import { DND_POLICY } from "@/components/policy-board/board-dnd";
import type { PolicyDragItem } from "@/components/policy-board/board-dnd";
import { editorHref } from "@/components/policies/editor-href";

const KIND_LABEL: Readonly<Record<PolicyView["kind"], string>> = {
  NetworkPolicy: "NetworkPolicy",
  GlobalNetworkPolicy: "GlobalNetworkPolicy",
  StagedNetworkPolicy: "StagedNetworkPolicy",
  StagedGlobalNetworkPolicy: "StagedGlobalNetworkPolicy",
  KubernetesNetworkPolicy: "Kubernetes NetworkPolicy",
  StagedKubernetesNetworkPolicy: "Staged Kubernetes NetworkPolicy",
};

function Member({ view, count, onEnforce }: { readonly view: PolicyView; readonly count: number | undefined; readonly onEnforce?: () => void }) {
  const rules = view.ingressRuleCount + view.egressRuleCount;
  return (
    <div className={view.staged ? "pb-member pb-member-staged" : "pb-member"}>
      <div className="pb-member-head">
        <Link href={editorHref(view.kind, view.namespace, view.name)} className="pb-card-name" data-testid="policy-card-name">
          {view.displayName}
        </Link>
        {view.staged ? <span className="badge badge-staged">staged{view.stagedAction !== undefined && view.stagedAction !== "Set" ? ` · ${view.stagedAction}` : ""}</span> : null}
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
      </div>
      <code className="pb-selector" title={view.selector}>
        {view.selector}
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
  const className = ["pb-card", dragging ? "pb-dragging" : "", over ? (valid ? "pb-drop-ok" : "pb-drop-bad") : "", card.movable ? "" : "pb-fixed"].filter(Boolean).join(" ");
  return (
    <div ref={ref} className={className} data-testid="policy-card" data-key={card.key} aria-label={`Policy ${name}`} role="listitem">
      <div className="pb-card-order" title="Order">
        {props.order ?? "—"}
      </div>
      <div className={card.enforced !== undefined && card.staged !== undefined ? "pb-pair" : "pb-single"}>
        {card.enforced !== undefined ? <Member view={card.enforced} count={props.counts[card.enforced.key]} /> : null}
        {card.staged !== undefined ? <Member view={card.staged} count={props.counts[card.staged.key]} onEnforce={props.onEnforce} /> : null}
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
