/**
 * Line diff (Myers' O((N+M)·D) greedy algorithm, "An O(ND) Difference Algorithm and Its
 * Variations", 1986) and its side-by-side layout. The edit script is a shortest one; among
 * shortest scripts, deletions come before insertions in each changed block.
 */

/** One step of an edit script: indexes are 0-based into the old (`a`) and new (`b`) lines. */
export type EditOp =
  | { readonly op: "same"; readonly a: number; readonly b: number }
  | { readonly op: "del"; readonly a: number }
  | { readonly op: "add"; readonly b: number };

/** A numbered line of one side (`no` is 1-based). */
export interface SideLine {
  readonly no: number;
  readonly text: string;
}

/**
 * A row of a side-by-side diff: `same` (both sides equal), `del` (left only), `add` (right
 * only), `change` (a deleted line shown next to the line that replaced it).
 */
export interface DiffLine {
  readonly op: "same" | "add" | "del" | "change";
  readonly left?: SideLine;
  readonly right?: SideLine;
}

/**
 * A shortest edit script turning `a` into `b`. The common prefix and suffix are matched first,
 * so memory grows with the size of the changed middle only. Never throws.
 */
export function diffSequences(a: readonly string[], b: readonly string[]): EditOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const ops: EditOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: "same", a: i, b: i });
  for (const op of middle) {
    if (op.op === "same") ops.push({ op: "same", a: op.a + head, b: op.b + head });
    else if (op.op === "del") ops.push({ op: "del", a: op.a + head });
    else ops.push({ op: "add", b: op.b + head });
  }
  for (let i = tail; i > 0; i--) ops.push({ op: "same", a: a.length - i, b: b.length - i });
  return ops;
}

function myers(a: readonly string[], b: readonly string[]): EditOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  const trace: number[][] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push([...v]);
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the saved frontiers, collecting the script in reverse.
  const ops: EditOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] ?? [];
    const k = x - y;
    const down = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (vd[offset + prevK] ?? 0);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY && x > 0 && y > 0) {
      x--;
      y--;
      ops.push({ op: "same", a: x, b: y });
    }
    if (d === 0) break;
    if (down) {
      y--;
      ops.push({ op: "add", b: y });
    } else {
      x--;
      ops.push({ op: "del", a: x });
    }
  }
  return ops.reverse();
}

/**
 * Side-by-side rows for two texts split into lines: unchanged lines pair up as `same`; within
 * each changed block, deleted and added lines pair up in order as `change`, and the surplus of
 * either side becomes `del` or `add` rows. Never throws.
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const ops = diffSequences(before, after);
  const rows: DiffLine[] = [];
  let dels: SideLine[] = [];
  let adds: SideLine[] = [];
  const flush = (): void => {
    const pairs = Math.min(dels.length, adds.length);
    for (let i = 0; i < pairs; i++) rows.push({ op: "change", left: dels[i], right: adds[i] });
    for (const l of dels.slice(pairs)) rows.push({ op: "del", left: l });
    for (const r of adds.slice(pairs)) rows.push({ op: "add", right: r });
    dels = [];
    adds = [];
  };
  for (const op of ops) {
    if (op.op === "del") dels.push({ no: op.a + 1, text: before[op.a] ?? "" });
    else if (op.op === "add") adds.push({ no: op.b + 1, text: after[op.b] ?? "" });
    else {
      flush();
      rows.push({ op: "same", left: { no: op.a + 1, text: before[op.a] ?? "" }, right: { no: op.b + 1, text: after[op.b] ?? "" } });
    }
  }
  flush();
  return rows;
}
