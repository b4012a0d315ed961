import type { Metadata } from "next";
import { Suspense } from "react";
import { WorkloadWizard } from "@/components/recommendations/workload-wizard";

export const metadata: Metadata = { title: "Recommend a policy" };

/** /recommendations/new — recommend a policy for one workload (`?namespace=&workload=` prefill). */
export default function RecommendWorkloadPage() {
  return (
    <Suspense fallback={<div className="loading">Loading…</div>}>
      <WorkloadWizard />
    </Suspense>
  );
}
