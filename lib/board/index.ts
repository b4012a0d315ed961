/**
 * Public API of the policy board's domain core: lanes and cards in evaluation order, filters,
 * reorder and tier-move planning, tier deletion rules, stage/enforce transforms, the editor's
 * form model (form ⇄ resource ⇄ YAML), revision diffs and YAML export. Import from
 * "@/lib/board" only; other files in this folder are internal. See DESIGN.md.
 */
export type {
  Board,
  BoardCard,
  BoardFilters,
  BoardLane,
  EditablePolicyResource,
  EnforcedPolicyKind,
  MoveOrderResult,
  OrderChange,
  PolicyResource,
  PolicyView,
  StagedPolicyKind,
} from "@/lib/board/types";
export type { BuildBoardOptions } from "@/lib/board/build-board";
export { buildBoard, compareCards, compareLanes, findCard } from "@/lib/board/build-board";
export {
  enforcedKindOf,
  familyKeyOf,
  isKubernetesResource,
  isPolicyResource,
  isStagedResource,
  orderOfPolicy,
  sortNameOf,
  tierOfPolicy,
  scopeTextOf,
  toPolicyView,
} from "@/lib/board/policy-view";
export type { LabelCatalog } from "@/lib/board/label-catalog";
export { buildLabelCatalog, labelKeysOf, labelValuesOf } from "@/lib/board/label-catalog";
export type { OrderItem } from "@/lib/board/order-plan";
export { ORDER_STEP, planMove, simplestBetween, spreadOrders } from "@/lib/board/order-plan";
export type { CanMoveOptions, CanMoveResult, MoveChanges } from "@/lib/board/move";
export { canMovePolicy, computeInsertOrder, computeMoveOrder, computeTierMoveOrder, moveDown, moveUp, renamedForTier } from "@/lib/board/move";
export type { CanDeleteTierResult } from "@/lib/board/tiers";
export { STATIC_TIERS, canDeleteTier } from "@/lib/board/tiers";
export type { EnforcePlan, EnforcedOf, EnforcedPolicy, StagedOf, StagedPolicy } from "@/lib/board/staging";
export { copyMetadata, planEnforce, toEnforced, toStaged, toStagedDelete } from "@/lib/board/staging";
export type { SelectorOperator, SelectorRow } from "@/lib/board/selector-rows";
export { SELECTOR_OPERATORS, sameSelector, selectorRowsToText, textToSelectorRows } from "@/lib/board/selector-rows";
export type { EntityForm, HttpPathForm, IcmpForm, KeyValueRow, RuleForm, SelectorField } from "@/lib/board/rule-form";
export { emptyRuleForm, fromEntityForm, fromRuleForm, fromSelectorField, toEntityForm, toRuleForm, toSelectorField } from "@/lib/board/rule-form";
export type { CalicoPolicyForm, KubernetesPolicyForm, PolicyForm } from "@/lib/board/policy-form";
export { emptyPolicyForm, formKindOf, fromPolicyForm, toPolicyForm } from "@/lib/board/policy-form";
export { policyFormToYaml, yamlToPolicyForm } from "@/lib/board/policy-yaml";
export type { DiffLine, EditOp, SideLine } from "@/lib/board/line-diff";
export { diffLines, diffSequences } from "@/lib/board/line-diff";
export type { FieldChange } from "@/lib/board/object-diff";
export { diffFields, diffObjects, formatFieldChange, normaliseForDiff, revisionYaml } from "@/lib/board/object-diff";
export type { ExportScope } from "@/lib/board/export";
export { exportBoardYaml, selectExport } from "@/lib/board/export";
export type { FlowConnection, FlowConnections, FlowResolveContext, FlowTuple, FlowTupleSide } from "@/lib/board/flow-connections";
export { buildFlowConnections } from "@/lib/board/flow-connections";
export type { PolicyTraffic, TraceHitGroup, TraceKind } from "@/lib/board/traffic-counters";
export { flowLogIdentityOf, isUnused, policyTrafficOf } from "@/lib/board/traffic-counters";
