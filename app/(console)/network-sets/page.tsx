import type { Metadata } from "next";
import { NetworkSetsView } from "@/components/network-sets/network-sets-view";

export const metadata: Metadata = { title: "Network sets" };

/** /network-sets — NetworkSets and GlobalNetworkSets: which policies select them, create, edit, delete. */
export default function NetworkSetsPage() {
  return <NetworkSetsView />;
}
