/** The cookie remembering the selected cluster (read by the console layout, written by ClusterProvider). */
export const CLUSTER_COOKIE = "palisade-cluster";
