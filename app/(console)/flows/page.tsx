import type { Metadata } from "next";
import { Suspense } from "react";
import { FlowsView } from "@/components/flows/flows-view";

export const metadata: Metadata = { title: "Flows" };

/** /flows — flow logs with filters, live refresh, paging, traces and export. */
export default function FlowsPage() {
  return (
    <Suspense fallback={<div className="loading">Loading flows…</div>}>
      <FlowsView />
    </Suspense>
  );
}
