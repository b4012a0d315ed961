"use client";
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { KeyboardEvent, ReactNode } from "react";
import type { FlowRowView } from "@/lib/contracts/flows";
import { COLUMN_WIDTHS, FLOW_COLUMNS } from "@/components/flows/flow-columns";
import type { FlowColumn } from "@/components/flows/flow-columns";
import { scrollToReveal, virtualWindow } from "@/components/flows/virtual-window";
import "@/components/flows/flows.css";

/** Every row has this height (CSS keeps cells on one line), so the window maths is exact. */
export const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 34;
const OVERSCAN = 12;

const FlowRow = memo(function FlowRow(props: {
  readonly flow: FlowRowView;
  readonly index: number;
  readonly columns: readonly FlowColumn[];
  readonly selected: boolean;
  readonly rowId: string;
  readonly onPick: (index: number, open: boolean) => void;
}) {
  const { flow: f, index, columns, selected } = props;
  return (
    <tr
      id={props.rowId}
      data-testid="flow-row"
      data-flow-id={f.id}
      data-action={f.action}
      data-pending-action={f.pendingAction}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={selected ? "selected" : undefined}
      onClick={() => props.onPick(index, true)}
    >
      {columns.map((c) => {
        const text = c.cell(f);
        return (
          <td key={c.id} className={c.id === "action" || c.id === "pending" ? `action-${text}` : undefined} title={text}>
            {text}
          </td>
        );
      })}
    </tr>
  );
});

/** A row not loaded yet (its page is on the way): same height, so nothing jumps. */
function PendingRow({ index, span }: { readonly index: number; readonly span: number }) {
  return (
    <tr aria-rowindex={index + 2} className="vtable-pending" data-testid="flow-row-pending">
      <td colSpan={span}>Loading…</td>
    </tr>
  );
}

/**
 * The Flows page's table: fixed-height rows rendered only around the viewport, over a list of
 * `count` rows that may be far larger than what is loaded (`rowAt` answers undefined for a row
 * whose page is still on the way; `onWindow` tells the page which rows are on screen so it loads
 * them). Keyboard: the table is one tab stop (an ARIA grid); ↑/↓, Page Up/Down, Home/End move the
 * selection, Enter opens the detail, Esc closes it.
 */
export function VirtualFlowTable(props: {
  readonly count: number;
  readonly rowAt: (index: number) => FlowRowView | undefined;
  readonly onWindow: (start: number, end: number) => void;
  readonly visible: readonly string[];
  /** True once the count is known: the last row is the oldest of the range. */
  readonly complete: boolean;
  readonly selectedIndex: number;
  readonly onSelect: (index: number) => void;
  readonly onOpen: (index: number) => void;
  readonly onClose: () => void;
  readonly onAtTop: (atTop: boolean) => void;
  /** Bumped to scroll back to the first row ("N new flows"). */
  readonly scrollToTopSignal: number;
}) {
  const { count, rowAt, onWindow, selectedIndex } = props;
  const rowIdPrefix = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  // Stable between scroll events (like onPick below), so the memoised rows that stay in view
  // are not rendered again on every scroll event.
  const columns = useMemo(() => FLOW_COLUMNS.filter((c) => props.visible.includes(c.id)), [props.visible]);
  const win = virtualWindow(scrollTop, viewport, ROW_HEIGHT, count, OVERSCAN);

  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    setViewport(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    onWindow(win.start, win.end);
  }, [win.start, win.end, onWindow]);

  useEffect(() => {
    if (props.scrollToTopSignal > 0 && scroller.current !== null) scroller.current.scrollTop = 0;
  }, [props.scrollToTopSignal]);

  const pickers = useRef({ onOpen: props.onOpen, onSelect: props.onSelect });
  useEffect(() => {
    pickers.current = { onOpen: props.onOpen, onSelect: props.onSelect };
  }, [props.onOpen, props.onSelect]);
  const onPick = useCallback((index: number, open: boolean) => {
    if (open) pickers.current.onOpen(index);
    else pickers.current.onSelect(index);
  }, []);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    props.onSelect(next);
    const el = scroller.current;
    if (el !== null) el.scrollTop = scrollToReveal(next, el.scrollTop, el.clientHeight - HEADER_HEIGHT, ROW_HEIGHT, 0, count);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const page = Math.max(1, Math.floor((viewport - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    // With nothing selected yet, ↓ selects the first row in view.
    const from = selectedIndex < 0 ? win.first - 1 : selectedIndex;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(from + 1),
      ArrowUp: () => move(from - 1),
      PageDown: () => move(from + page),
      PageUp: () => move(from - page),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => {
        if (selectedIndex >= 0) props.onOpen(selectedIndex);
      },
      Escape: () => props.onClose(),
    };
    const action = keys[e.key];
    if (action !== undefined && count > 0) {
      e.preventDefault();
      action();
    }
  };

  const rendered: ReactNode[] = [];
  for (let index = win.start; index < win.end; index++) {
    const f = rowAt(index);
    rendered.push(
      f === undefined ? (
        <PendingRow key={`pending-${index}`} index={index} span={columns.length} />
      ) : (
        <FlowRow key={f.id} flow={f} index={index} columns={columns} selected={index === selectedIndex} rowId={`${rowIdPrefix}-${index}`} onPick={onPick} />
      ),
    );
  }

  return (
    <div
      ref={scroller}
      className="vtable-scroll"
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        setScrollTop(top);
        props.onAtTop(top < ROW_HEIGHT / 2);
      }}
    >
      <table
        className="table vtable"
        role="grid"
        aria-label="Flows"
        aria-rowcount={count + 1}
        aria-activedescendant={selectedIndex >= win.start && selectedIndex < win.end && rowAt(selectedIndex) !== undefined ? `${rowIdPrefix}-${selectedIndex}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={COLUMN_WIDTHS[c.id] !== undefined ? { width: COLUMN_WIDTHS[c.id] } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => (
              <th key={c.id} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {count === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                No flows match these filters in this time range.
              </td>
            </tr>
          ) : null}
          {win.padTop > 0 ? <tr aria-hidden="true" className="vtable-spacer" style={{ height: win.padTop }} /> : null}
          {rendered}
          {win.padBottom > 0 ? <tr aria-hidden="true" className="vtable-spacer" style={{ height: win.padBottom }} /> : null}
          {count > 0 ? (
            <tr className="vtable-more">
              <td colSpan={columns.length} className="cell-muted small">
                {props.complete ? "End of the time range: every matching flow is above." : "Counting the flows of the range…"}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
