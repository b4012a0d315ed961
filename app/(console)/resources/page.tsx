import type { Metadata } from "next";
import { Suspense } from "react";
import { ResourceBrowser } from "@/components/resources/resource-browser";

export const metadata: Metadata = { title: "Resources" };

/** /resources — every Calico kind of the selected cluster (`?kind=&namespace=&labelSelector=`). */
export default function ResourcesPage() {
  return (
    <Suspense>
      <ResourceBrowser />
    </Suspense>
  );
}
