"use client";
/**
 * Keyboard access to the graph's nodes: a visually hidden list with one button per node, in
 * reading order (top to bottom, left to right as drawn). Tab moves from node to node and the
 * canvas rings the focused one; Enter opens its details in the side panel; Shift+Enter opens
 * or closes a namespace. Screen readers get the same list with each node's kind. Above
 * MAX_LISTED nodes only the first ones are listed (the search box narrows the graph).
 */
import type { KeyboardEvent } from "react";
import type { GraphNode } from "@/lib/graph";
import { KIND_LOOK } from "@/components/graph/graph-look";

export const MAX_LISTED = 400;

function kindLabel(n: GraphNode): string {
  if (n.kind === "group") return "group";
  const base = KIND_LOOK[n.kind].label.toLowerCase();
  if (n.kind === "namespace") return n.expanded === true ? "open namespace" : "namespace";
  return n.namespace !== undefined ? `${base} in ${n.namespace}` : base;
}

export function GraphNodeList(props: {
  readonly nodes: readonly GraphNode[];
  readonly onFocusNode: (id: string | undefined) => void;
  readonly onActivate: (id: string) => void;
  readonly onToggleNamespace: (namespace: string) => void;
}) {
  const listed = props.nodes.filter((n) => n.kind !== "group").slice(0, MAX_LISTED);
  const onKey = (n: GraphNode) => (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (e.shiftKey && n.kind === "namespace" && n.namespace !== undefined) props.onToggleNamespace(n.namespace);
    else props.onActivate(n.id);
  };
  return (
    <ul className="graph-node-list" aria-label={`Graph nodes (${props.nodes.length})`} data-testid="graph-node-list">
      {listed.map((n) => (
        <li key={n.id}>
          <button type="button" data-node-id={n.id} onFocus={() => props.onFocusNode(n.id)} onBlur={() => props.onFocusNode(undefined)} onKeyDown={onKey(n)} onClick={() => props.onActivate(n.id)}>
            {n.label} <span>({kindLabel(n)})</span>
          </button>
        </li>
      ))}
      {props.nodes.length > listed.length ? <li>{props.nodes.length - listed.length} more nodes: use Search to narrow the graph.</li> : null}
    </ul>
  );
}
