import "server-only";
/** Reading and saving a cluster's recommendation settings through the API. */
import type { RecommendationSettings, RecommendationSettingsView } from "@/lib/contracts/recommendations";
import { BadRequestError } from "@/lib/errors";
import { parseSelector } from "@/lib/selector";
import { getPrisma } from "@/lib/server/db";
import { getCluster } from "@/lib/server/cluster/registry";
import { readRecommendationSettings, writeRecommendationSettings } from "@/lib/server/recommend/settings";

/** The settings of a cluster. Throws NotFoundError for an unknown cluster. */
export async function getRecommendationSettings(clusterId: string): Promise<RecommendationSettingsView> {
  await getCluster(clusterId);
  return readRecommendationSettings(await getPrisma(), clusterId);
}

/** Saves the settings (the selector must parse). Throws NotFoundError, BadRequestError. */
export async function saveRecommendationSettings(clusterId: string, settings: RecommendationSettings): Promise<RecommendationSettingsView> {
  await getCluster(clusterId);
  const parsed = parseSelector(settings.namespaceSelector.trim() === "" ? "all()" : settings.namespaceSelector);
  if (!parsed.ok) throw new BadRequestError(`the namespace selector is invalid: ${parsed.error.message}`);
  const prisma = await getPrisma();
  await writeRecommendationSettings(prisma, clusterId, settings);
  return readRecommendationSettings(prisma, clusterId);
}
