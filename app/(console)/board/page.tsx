import type { Metadata } from "next";
import { BoardView } from "@/components/policy-board/board-view";

export const metadata: Metadata = { title: "Policy board" };

/** /board — tiers and policies in evaluation order; drag and drop, stage/enforce, what-if, import/export. */
export default function BoardPage() {
  return <BoardView />;
}
