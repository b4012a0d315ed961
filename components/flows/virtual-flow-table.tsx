"use client";
import { memo, useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import type { FlowRowView } from "@/lib/contracts/flows";
import { COLUMN_WIDTHS, FLOW_COLUMNS } from "@/components/flows/flow-columns";
import type { FlowColumn } from "@/components/flows/flow-columns";
import { scrollToReveal, shouldLoadMore, virtualWindow } from "@/components/flows/virtual-window";
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

/**
 * The Flows page's table: fixed-height rows rendered only around the viewport, however many are
 * loaded; the next page loads as the reader nears the end. Keyboard: the table is one tab stop
 * (an ARIA grid); ↑/↓, Page Up/Down, Home/End move the selection, Enter opens the detail, Esc
 * closes it.
 */
export function VirtualFlowTable(props: {
  readonly rows: readonly FlowRowView[];
  readonly visible: readonly string[];
  /** Rows in the whole range (the count query), when known. */
  readonly total: number | undefined;
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly onLoadMore: () => void;
  readonly selectedIndex: number;
  readonly onSelect: (index: number) => void;
  readonly onOpen: (index: number) => void;
  readonly onClose: () => void;
  readonly onAtTop: (atTop: boolean) => void;
  /** Bumped to scroll back to the first row ("N new flows"). */
  readonly scrollToTopSignal: number;
}) {
  const { rows, hasMore, loadingMore, onLoadMore, selectedIndex } = props;
  const rowIdPrefix = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const columns = FLOW_COLUMNS.filter((c) => props.visible.includes(c.id));
  const win = virtualWindow(scrollTop, viewport, ROW_HEIGHT, rows.length, OVERSCAN);
  const wantMore = hasMore && !loadingMore && shouldLoadMore(win, rows.length);

  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    setViewport(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (wantMore) onLoadMore();
  }, [wantMore, onLoadMore]);

  useEffect(() => {
    if (props.scrollToTopSignal > 0 && scroller.current !== null) scroller.current.scrollTop = 0;
  }, [props.scrollToTopSignal]);

  const onPick = (index: number, open: boolean) => {
    if (open) props.onOpen(index);
    else props.onSelect(index);
  };

  const move = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    props.onSelect(next);
    const el = scroller.current;
    if (el !== null) el.scrollTop = scrollToReveal(next, el.scrollTop, el.clientHeight - HEADER_HEIGHT, ROW_HEIGHT);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const page = Math.max(1, Math.floor((viewport - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    // With nothing selected yet, ↓ selects the first row in view.
    const from = selectedIndex < 0 ? Math.floor(scrollTop / ROW_HEIGHT) - 1 : selectedIndex;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(from + 1),
      ArrowUp: () => move(from - 1),
      PageDown: () => move(from + page),
      PageUp: () => move(from - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => {
        if (selectedIndex >= 0) props.onOpen(selectedIndex);
      },
      Escape: () => props.onClose(),
    };
    const action = keys[e.key];
    if (action !== undefined && rows.length > 0) {
      e.preventDefault();
      action();
    }
  };

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
        aria-rowcount={props.total !== undefined ? Math.max(props.total, rows.length) + 1 : -1}
        aria-activedescendant={selectedIndex >= 0 && selectedIndex >= win.start && selectedIndex < win.end ? `${rowIdPrefix}-${selectedIndex}` : undefined}
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
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                No flows match these filters in this time range.
              </td>
            </tr>
          ) : null}
          {win.padTop > 0 ? <tr aria-hidden="true" className="vtable-spacer" style={{ height: win.padTop }} /> : null}
          {rows.slice(win.start, win.end).map((f, i) => {
            const index = win.start + i;
            return <FlowRow key={f.id} flow={f} index={index} columns={columns} selected={index === selectedIndex} rowId={`${rowIdPrefix}-${index}`} onPick={onPick} />;
          })}
          {win.padBottom > 0 ? <tr aria-hidden="true" className="vtable-spacer" style={{ height: win.padBottom }} /> : null}
          {hasMore ? (
            <tr className="vtable-more">
              <td colSpan={columns.length} className="cell-muted small">
                {loadingMore ? "Loading older flows…" : "Scroll for older flows"}
              </td>
            </tr>
          ) : rows.length > 0 ? (
            <tr className="vtable-more">
              <td colSpan={columns.length} className="cell-muted small">
                End of the time range: every matching flow is above.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
