import type { Metadata } from "next";
import { IpPoolsView } from "@/components/ip-pools/ip-pools-view";

export const metadata: Metadata = { title: "IP pools" };

/** /ip-pools — IPPools with the namespaces and workloads that use them and their utilisation; create, edit (form or YAML), delete. */
export default function IpPoolsPage() {
  return <IpPoolsView />;
}
