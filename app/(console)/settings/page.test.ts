/**
 * The Settings page renders every settings card: removing one (as happened to the flow-log
 * card, written but never placed on the page) fails here. The cards are found in the page's
 * element tree by component, so no browser or data is needed.
 */
import { describe, expect, it } from "vitest";
import type { ReactElement, ReactNode } from "react";
import { isValidElement } from "react";
import SettingsPage from "@/app/(console)/settings/page";
import { AccountPanel } from "@/components/settings/account-panel";
import { AddKubeClusterCard } from "@/components/settings/add-kube-cluster-card";
import { ApiTokensCard } from "@/components/settings/api-tokens-card";
import { ClustersPanel } from "@/components/settings/clusters-panel";
import { FlowLogSettings } from "@/components/flows/flow-log-settings";
import { OidcMappingCard } from "@/components/settings/oidc-mapping-card";
import { RecommendationSettingsCard } from "@/components/recommendations/recommendation-settings-card";

function componentsIn(node: ReactNode, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) {
    for (const n of node) componentsIn(n, out);
    return out;
  }
  if (!isValidElement(node)) return out;
  out.push(node.type);
  // Elements built by JSX keep their children in props.children.
  const props = (node as ReactElement<{ children?: ReactNode }>).props;
  componentsIn(props.children, out);
  return out;
}

describe("Settings page", () => {
  it("renders every settings card", () => {
    const found = componentsIn(SettingsPage());
    const cards = { ClustersPanel, AccountPanel, ApiTokensCard, AddKubeClusterCard, RecommendationSettingsCard, FlowLogSettings, OidcMappingCard };
    for (const [name, component] of Object.entries(cards)) expect(found.includes(component), `${name} is not on the Settings page`).toBe(true);
  });
});
