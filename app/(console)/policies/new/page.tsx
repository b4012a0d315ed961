import type { Metadata } from "next";
import { PolicyEditorPage } from "@/components/policies/policy-editor-page";

export const metadata: Metadata = { title: "New policy" };

/** /policies/new?tier=&scope= — create a policy with the form or the YAML tab. */
export default async function NewPolicyPage({ searchParams }: { readonly searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const tier = typeof sp["tier"] === "string" ? sp["tier"] : "";
  return <PolicyEditorPage target={{ mode: "new", tier }} />;
}
