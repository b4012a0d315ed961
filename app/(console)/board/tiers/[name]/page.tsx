import type { Metadata } from "next";
import { TierPage } from "@/components/policy-board/tier-page";

export const metadata: Metadata = { title: "Tier" };

/** /board/tiers/{name} — edit a tier and read its change log. */
export default async function TierRoute({ params }: { readonly params: Promise<{ readonly name: string }> }) {
  const { name } = await params;
  return <TierPage name={decodeURIComponent(name)} />;
}
