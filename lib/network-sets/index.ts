/**
 * Public API of the network-set module: the create/edit form model (lines of nets and domains,
 * label rows) and which policy rules select a set. Pure. See DESIGN.md.
 */
export type { NetworkSetForm, NetworkSetResource, LabelRow } from "@/lib/network-sets/form";
export { emptyNetworkSetForm, toNetworkSetForm, fromNetworkSetForm, splitLines } from "@/lib/network-sets/form";
export type { NetworkSetReference } from "@/lib/network-sets/references";
export { findNetworkSetReferences } from "@/lib/network-sets/references";
