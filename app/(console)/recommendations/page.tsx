import type { Metadata } from "next";
import { RecommendationsView } from "@/components/recommendations/recommendations-view";

export const metadata: Metadata = { title: "Recommendations" };

/** /recommendations — namespace-isolation recommendations (Recommendations / Active / Dismissed) and the way into the workload wizard. */
export default function RecommendationsPage() {
  return <RecommendationsView />;
}
