"use client";
import Link from "next/link";
import { useCallback, useState } from "react";
import { useDrag, useDrop } from "react-dnd";
import type { BoardCard, BoardLane, PolicyView } from "@/lib/board";
import type { PolicyTrafficView } from "@/lib/contracts/board";
import { DND_POLICY, DND_TIER } from "@/components/policy-board/board-dnd";
import type { PolicyDragItem, TierDragItem } from "@/components/policy-board/board-dnd";
import { LazyBlock } from "@/components/policy-board/lazy-block";
import { Icon } from "@/components/ui/icon";
import { PolicyCard } from "@/components/policy-board/policy-card";
import { tierHref } from "@/components/policies/editor-href";

/** Cards rendered per lane before "show more": keeps the DOM small on very large boards. */
export const LANE_PAGE = 40;

export interface LaneActions {
  /** Drop of a policy at insertion gap `gap` (0..allCards.length) of this lane. */
  readonly dropPolicy: (lane: BoardLane, item: PolicyDragItem, gap: number) => void;
  readonly canDropPolicy: (lane: BoardLane, item: PolicyDragItem) => boolean;
  readonly movePolicy: (lane: BoardLane, card: BoardCard, direction: "up" | "down") => void;
  readonly enforce: (card: BoardCard) => void;
  readonly dropTier: (item: TierDragItem, target: BoardLane) => void;
  readonly moveTier: (lane: BoardLane, direction: "up" | "down") => void;
  readonly deleteTier: (lane: BoardLane) => void;
  readonly exportTier: (lane: BoardLane) => void;
  /** Downloads one policy (by policy key) as YAML. */
  readonly exportPolicy: (key: string) => void;
  /** Asks to delete one policy (a card's enforced or staged member). */
  readonly deletePolicy: (view: PolicyView) => void;
  /** The multi-selection, by card key. */
  readonly isSelected: (cardKey: string) => boolean;
  readonly select: (cardKey: string, on: boolean) => void;
  /** Selects (or clears) every card the lane shows. */
  readonly selectLane: (lane: BoardLane, on: boolean) => void;
}

function LaneSelect({ lane, actions }: { readonly lane: BoardLane; readonly actions: LaneActions }) {
  const n = lane.cards.filter((c) => actions.isSelected(c.key)).length;
  const all = lane.cards.length > 0 && n === lane.cards.length;
  return (
    <input
      type="checkbox"
      className="pb-select"
      aria-label={`Select all policies of tier ${lane.name}`}
      disabled={lane.cards.length === 0}
      checked={all}
      ref={(el) => {
        if (el !== null) el.indeterminate = n > 0 && !all;
      }}
      onChange={(e) => actions.selectLane(lane, e.target.checked)}
    />
  );
}

function EndDrop({ lane, actions }: { readonly lane: BoardLane; readonly actions: LaneActions }) {
  const [{ over, valid }, drop] = useDrop(
    () => ({
      accept: DND_POLICY,
      canDrop: (item: PolicyDragItem) => actions.canDropPolicy(lane, item),
      drop: (item: PolicyDragItem) => actions.dropPolicy(lane, item, lane.allCards.length),
      collect: (m) => ({ over: m.isOver(), valid: m.canDrop() }),
    }),
    [lane, actions],
  );
  return (
    <div
      ref={(el) => {
        drop(el);
      }}
      className={`pb-end-drop${over ? (valid ? " pb-drop-ok" : " pb-drop-bad") : ""}`}
      data-testid="lane-end-drop"
    >
      {lane.allCards.length === 0 ? "No policies — drop one here" : "Drop here to place last"}
    </div>
  );
}

/** A tier lane: header (drag to reorder tiers), its cards in evaluation order, drop zones. */
export function TierLane(props: {
  readonly lane: BoardLane;
  readonly laneIndex: number;
  readonly laneCount: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly traffic: Readonly<Record<string, PolicyTrafficView>> | undefined;
  readonly range: string;
  readonly collapsed: boolean;
  /** Large board: cards outside the viewport are not rendered (see LazyBlock). */
  readonly virtual: boolean;
  readonly onToggle: () => void;
  readonly actions: LaneActions;
  /** The caller may not see this tier's policies: shown locked, without cards or actions. */
  readonly locked?: boolean;
  /** False when the caller may not create or delete tiers (hides "Delete tier"). */
  readonly canManageTiers?: boolean;
}) {
  if (props.locked === true) return <LockedLane lane={props.lane} />;
  return <OpenLane {...props} />;
}

/** A tier the caller has no access to (as in Calico Enterprise): name and order only. */
function LockedLane({ lane }: { readonly lane: BoardLane }) {
  return (
    <section className="pb-lane pb-lane-locked" aria-label={`Tier ${lane.name} (locked)`} data-testid="tier-lane" data-tier={lane.name} data-locked="true">
      <header className="pb-lane-head">
        <span className="pb-grip pb-grip-off" aria-hidden="true">
          <Icon name="lock" size={14} />
        </span>
        <h2 className="pb-lane-title">{lane.name}</h2>
        <span className="badge" title="Tier order">
          order {lane.order ?? "none"}
        </span>
        <span className="badge badge-warn">locked</span>
        <span className="small muted">You have no access to this tier&apos;s policies.</span>
      </header>
    </section>
  );
}

function OpenLane(props: Parameters<typeof TierLane>[0]) {
  const { lane, actions } = props;
  const [limit, setLimit] = useState(LANE_PAGE);
  const movableTier = lane.exists && !lane.isDefault;
  const [, drag, preview] = useDrag(() => ({ type: DND_TIER, item: { name: lane.name } satisfies TierDragItem, canDrag: movableTier }), [lane.name, movableTier]);
  const [{ over }, drop] = useDrop(
    () => ({ accept: DND_TIER, canDrop: (item: TierDragItem) => item.name !== lane.name && lane.exists, drop: (item: TierDragItem) => actions.dropTier(item, lane), collect: (m) => ({ over: m.isOver() && m.canDrop() }) }),
    [lane, actions],
  );
  const indexOf = useCallback((card: BoardCard) => lane.allCards.indexOf(card), [lane]);
  const shown = lane.cards.slice(0, limit);
  const filteredOut = lane.allCards.length - lane.cards.length;
  return (
    <section
      className={`pb-lane${over ? " pb-lane-over" : ""}`}
      aria-label={`Tier ${lane.name}`}
      data-testid="tier-lane"
      data-tier={lane.name}
      ref={(el) => {
        preview(el);
        drop(el);
      }}
    >
      <header className="pb-lane-head">
        <LaneSelect lane={lane} actions={actions} />
        <span
          ref={(el) => {
            drag(el);
          }}
          className={movableTier ? "pb-grip" : "pb-grip pb-grip-off"}
          title={movableTier ? "Drag to reorder tiers" : lane.isDefault ? "The default tier's order is fixed" : "Create the tier to order it"}
          aria-hidden="true"
        >
          ⋮⋮
        </span>
        <button type="button" className="btn btn-sm btn-ghost" aria-expanded={!props.collapsed} aria-label={`${props.collapsed ? "Expand" : "Collapse"} tier ${lane.name}`} onClick={props.onToggle}>
          {props.collapsed ? "▸" : "▾"}
        </button>
        <h2 className="pb-lane-title">
          {lane.exists ? <Link href={tierHref(lane.name)}>{lane.name}</Link> : lane.name}
        </h2>
        <span className="badge" title="Tier order">
          order {lane.order ?? "none"}
        </span>
        <span className="small muted">default action {lane.defaultAction}</span>
        <span className="small muted" data-testid="lane-count">
          {lane.allCards.length} polic{lane.allCards.length === 1 ? "y" : "ies"}
          {filteredOut > 0 ? ` (${filteredOut} filtered out)` : ""}
        </span>
        {!lane.exists ? <span className="badge badge-danger">no Tier resource: policies ignored</span> : null}
        <span className="pb-spacer" />
        {movableTier ? (
          <>
            <button type="button" className="btn btn-sm btn-ghost" aria-label={`Move tier ${lane.name} up`} disabled={props.laneIndex === 0} onClick={() => actions.moveTier(lane, "up")}>
              ▲
            </button>
            <button type="button" className="btn btn-sm btn-ghost" aria-label={`Move tier ${lane.name} down`} disabled={props.laneIndex === props.laneCount - 1} onClick={() => actions.moveTier(lane, "down")}>
              ▼
            </button>
          </>
        ) : null}
        <Link className="btn btn-sm" href={`/policies/new?tier=${encodeURIComponent(lane.name)}`}>
          Add policy
        </Link>
        <button type="button" className="btn btn-sm" onClick={() => actions.exportTier(lane)}>
          Export
        </button>
        {lane.exists && !lane.isDefault && props.canManageTiers !== false ? (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => actions.deleteTier(lane)}>
            Delete tier
          </button>
        ) : null}
      </header>
      {props.collapsed ? null : (
        <div className="pb-lane-body" role="list">
          {shown.map((card) => {
            const idx = indexOf(card);
            return (
              <LazyBlock key={card.key} enabled={props.virtual} estimate={88}>
                <PolicyCard
                  card={card}
                  order={card.order}
                  counts={props.counts}
                  traffic={props.traffic}
                  range={props.range}
                  onExport={actions.exportPolicy}
                  onDelete={actions.deletePolicy}
                  selected={actions.isSelected(card.key)}
                  onSelect={(on) => actions.select(card.key, on)}
                  first={idx === 0}
                  last={idx === lane.allCards.length - 1}
                  canDrop={(item) => actions.canDropPolicy(lane, item)}
                  onDropAt={(item, after) => actions.dropPolicy(lane, item, after ? idx + 1 : idx)}
                  onMove={(d) => actions.movePolicy(lane, card, d)}
                  onEnforce={() => actions.enforce(card)}
                />
              </LazyBlock>
            );
          })}
          {lane.cards.length > shown.length ? (
            <button type="button" className="btn btn-sm pb-more" onClick={() => setLimit((l) => l + LANE_PAGE)}>
              Show {Math.min(LANE_PAGE, lane.cards.length - shown.length)} more of {lane.cards.length - shown.length}
            </button>
          ) : null}
          <EndDrop lane={lane} actions={actions} />
        </div>
      )}
    </section>
  );
}
