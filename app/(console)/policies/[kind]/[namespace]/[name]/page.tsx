import type { Metadata } from "next";
import { PolicyEditorPage } from "@/components/policies/policy-editor-page";
import { GLOBAL_SEGMENT } from "@/components/policies/editor-href";

export const metadata: Metadata = { title: "Policy" };

/** /policies/{kind}/{namespace or _global}/{name} — edit, stage, enforce, delete; impact; history. */
export default async function PolicyPage({ params }: { readonly params: Promise<{ readonly kind: string; readonly namespace: string; readonly name: string }> }) {
  const p = await params;
  const namespace = decodeURIComponent(p.namespace);
  return <PolicyEditorPage target={{ mode: "edit", kind: decodeURIComponent(p.kind), name: decodeURIComponent(p.name), ...(namespace !== GLOBAL_SEGMENT ? { namespace } : {}) }} />;
}
