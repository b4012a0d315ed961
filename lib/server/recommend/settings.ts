import "server-only";
/**
 * Namespace-isolation settings of a cluster, Calico's PolicyRecommendationScope in a Setting row
 * (`recommendations:<cluster>`): on/off, the namespace selector (system namespaces excluded by
 * default), interval, initial lookback, stabilization period, and when the engine last ran.
 */
import type { RecommendationSettings, RecommendationSettingsView } from "@/lib/contracts/recommendations";
import { RecommendationSettingsSchema } from "@/lib/contracts/recommendations";
import { DEFAULT_INITIAL_LOOKBACK_SECONDS, DEFAULT_INTERVAL_SECONDS, DEFAULT_STABILIZATION_SECONDS } from "@/lib/recommend";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { mergeSetting, readSetting } from "@/lib/server/repos/settings";

/**
 * Calico's default scope leaves out the system namespaces; ours names them in the selector so an
 * admin sees and edits the exclusion (kube-*, calico-*, tigera-* as Calico's docs list).
 */
export const DEFAULT_NAMESPACE_SELECTOR =
  "!(projectcalico.org/name in {'kube-system', 'kube-public', 'kube-node-lease', 'calico-system', 'calico-apiserver', 'tigera-operator'}) && !(projectcalico.org/name starts with 'tigera-')";

export const DEFAULT_SETTINGS: RecommendationSettings = {
  enabled: false,
  namespaceSelector: DEFAULT_NAMESPACE_SELECTOR,
  intervalSeconds: DEFAULT_INTERVAL_SECONDS,
  initialLookbackSeconds: DEFAULT_INITIAL_LOOKBACK_SECONDS,
  stabilizationSeconds: DEFAULT_STABILIZATION_SECONDS,
};

const key = (clusterId: string): string => `recommendations:${clusterId}`;

/** The stored settings merged over the defaults (defaults when none or unreadable). */
export async function readRecommendationSettings(prisma: PrismaClient, clusterId: string): Promise<RecommendationSettingsView> {
  const raw = await readSetting(prisma, key(clusterId));
  const obj = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {}; // JSON object; fields validated below
  const parsed = RecommendationSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...obj });
  const settings = parsed.success ? parsed.data : DEFAULT_SETTINGS;
  return { ...settings, ...(typeof obj.lastRun === "string" ? { lastRun: obj.lastRun } : {}) };
}

/** Merges a patch into the stored settings (see `mergeSetting`). */
export async function writeRecommendationSettings(prisma: PrismaClient, clusterId: string, patch: Partial<RecommendationSettings> & { lastRun?: string }): Promise<void> {
  await mergeSetting(prisma, key(clusterId), patch);
}
