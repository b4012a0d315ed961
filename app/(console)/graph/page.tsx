import type { Metadata } from "next";
import { Suspense } from "react";
import { GraphView } from "@/components/graph/graph-view";

export const metadata: Metadata = { title: "Service graph" };

/** /graph — the service graph from stored flows: namespaces, workloads, services, external peers. */
export default function GraphPage() {
  return (
    <Suspense fallback={<div className="loading">Loading graph…</div>}>
      <GraphView />
    </Suspense>
  );
}
