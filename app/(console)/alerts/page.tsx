import type { Metadata } from "next";
import { AlertsView } from "@/components/alerts/alerts-view";

export const metadata: Metadata = { title: "Alerts" };

/** /alerts — GlobalAlerts: state, last fired with the summary, evaluate now, create / edit / delete, events. */
export default function AlertsPage() {
  return <AlertsView />;
}
