import type { Metadata } from "next";
import { AccountPanel } from "@/components/settings/account-panel";
import { AddKubeClusterCard } from "@/components/settings/add-kube-cluster-card";
import { ApiTokensCard } from "@/components/settings/api-tokens-card";
import { ClustersPanel } from "@/components/settings/clusters-panel";
import { OidcMappingCard } from "@/components/settings/oidc-mapping-card";
import { FlowLogSettings } from "@/components/flows/flow-log-settings";
import { PageHeader } from "@/components/ui/page-header";
import { RecommendationSettingsCard } from "@/components/recommendations/recommendation-settings-card";

export const metadata: Metadata = { title: "Settings" };

/** /settings — clusters (add, reset, remove), the signed-in account, API tokens, sign-in mapping (admins), policy recommendation and flow-log settings. */
export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Cluster connections, your account, policy recommendations and flow logs." />
      <div className="grid-2" style={{ gridTemplateColumns: "minmax(0, 2fr) minmax(0, 1fr)" }}>
        <ClustersPanel />
        <AccountPanel />
        <ApiTokensCard />
        <AddKubeClusterCard />
        {/* The sign-in mapping is a table of inputs: in the wide column (the narrow one cut it off at 1280 px). */}
        <OidcMappingCard />
        <RecommendationSettingsCard />
        <FlowLogSettings />
      </div>
    </>
  );
}
