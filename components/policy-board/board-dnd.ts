/**
 * Drag-and-drop item types of the board. Items carry ids only (CONTRIBUTING.md §8): the drop handler
 * looks the card or lane up in the current board.
 */
export const DND_POLICY = "board-policy";
export const DND_TIER = "board-tier";

export interface PolicyDragItem {
  readonly key: string;
}

export interface TierDragItem {
  readonly name: string;
}

/**
 * The index a dragged card takes in `lane.allCards` after the move, given the insertion gap it
 * was dropped on (0 = before the first card, n = after the last) and, for a card of the same
 * lane, its current index (its own slot disappears before it is inserted again).
 */
export function targetIndexFor(gap: number, currentIndex: number | undefined): number {
  return currentIndex !== undefined && currentIndex >= 0 && gap > currentIndex ? gap - 1 : gap;
}
