import type { Metadata } from "next";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit log" };

/** /audit — every change to the cluster: who, when, what (filters, paging, diffs). */
export default function AuditPage() {
  return <AuditView />;
}
