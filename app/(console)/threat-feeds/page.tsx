import type { Metadata } from "next";
import { ThreatFeedsView } from "@/components/threat-feeds/threat-feeds-view";

export const metadata: Metadata = { title: "Threat feeds" };

/** /threat-feeds — GlobalThreatFeeds: sync state, the set each fills, selecting policies, denied flows; create, edit, sync now, delete. */
export default function ThreatFeedsPage() {
  return <ThreatFeedsView />;
}
