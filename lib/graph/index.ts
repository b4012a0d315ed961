/**
 * Public API of the service graph: build → filter → group (aggregateLargeGraph) → diff, plus
 * edge styling. Plain data with string ids; no cytoscape or React types. See DESIGN.md.
 */
export type { GraphNodeKind, GraphNode, EdgeStats, GraphEdge, Graph } from "@/lib/graph/types";
export { EMPTY_STATS } from "@/lib/graph/types";
export type { GraphLevel, BuildGraphOptions } from "@/lib/graph/build";
export { buildGraph, contributionOf, sumStats } from "@/lib/graph/build";
export type { GraphFilterSpec } from "@/lib/graph/filter";
export { filterGraph, neighbourhood } from "@/lib/graph/filter";
export type { AggregatedGraph } from "@/lib/graph/aggregate";
export { aggregateLargeGraph, CANVAS_MAX_NODES, DEFAULT_MAX_NODES } from "@/lib/graph/aggregate";
export type { GraphDiff, GraphDiffTarget } from "@/lib/graph/diff";
export { diffGraph, applyGraphDiff, graphDiffModel, GraphDiffError, isEmptyDiff } from "@/lib/graph/diff";
export type { EdgeClass, EdgeWidthOptions } from "@/lib/graph/style";
export { edgeStyleClass, edgeWidth } from "@/lib/graph/style";
export { edgeIdOf } from "@/lib/graph/merge";
export type { Position, GroupedPositionOptions } from "@/lib/graph/positions";
export type { Box, LargePlacement } from "@/lib/graph/positions";
export { buildContainerBoxes, buildGroupedPositions, buildLargePlacement } from "@/lib/graph/positions";
export type { SeededPositions } from "@/lib/graph/placement";
export type { Block } from "@/lib/graph/placement";
export { separateBlocks, seedPositions } from "@/lib/graph/placement";
export type { NamespaceLabels } from "@/lib/graph/group";
export { groupByLabel, groupIdOf, labelKeysOf } from "@/lib/graph/group";
