import type { Metadata } from "next";
import { WorkloadsView } from "@/components/workloads/workloads-view";

export const metadata: Metadata = { title: "Workloads" };

/** /workloads — namespaces, pods, services and service accounts of the selected cluster. */
export default function WorkloadsPage() {
  return <WorkloadsView />;
}
