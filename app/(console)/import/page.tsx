import type { Metadata } from "next";
import { ApplyYamlView } from "@/components/apply/apply-yaml-view";

export const metadata: Metadata = { title: "Apply YAML" };

/** /import — paste or upload multi-document YAML; dry run, then apply (all or nothing). */
export default function ImportPage() {
  return <ApplyYamlView />;
}
