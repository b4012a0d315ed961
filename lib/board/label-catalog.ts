/**
 * The labels that exist, as suggestions for the selector pickers of the policy editor: every
 * key seen on a set of objects (workloads, namespaces) with the values seen for it.
 */

/** Label key → its values, both sorted; keys and values as they appear on the objects. */
export type LabelCatalog = ReadonlyMap<string, readonly string[]>;

/**
 * Builds the catalog of a list of label maps. Duplicates are merged; empty keys are skipped
 * (an empty value is kept: `key == ""` is a valid Calico term). Never throws.
 */
export function buildLabelCatalog(labelSets: Iterable<Readonly<Record<string, string>>>): LabelCatalog {
  const byKey = new Map<string, Set<string>>();
  for (const labels of labelSets) {
    for (const [key, value] of Object.entries(labels)) {
      if (key === "") continue;
      const values = byKey.get(key) ?? new Set<string>();
      values.add(value);
      byKey.set(key, values);
    }
  }
  const sorted = [...byKey.keys()].sort((a, b) => a.localeCompare(b));
  return new Map(sorted.map((k) => [k, [...(byKey.get(k) ?? [])].sort((a, b) => a.localeCompare(b))]));
}

/** The keys of a catalog, sorted. */
export function labelKeysOf(catalog: LabelCatalog): readonly string[] {
  return [...catalog.keys()];
}

/** The values seen for `key` (none for an unknown key). */
export function labelValuesOf(catalog: LabelCatalog, key: string): readonly string[] {
  return catalog.get(key.trim()) ?? [];
}
