/** Public API of the seeded pseudo-random generators. See DESIGN.md. */
export type { Rng } from "@/lib/random/rng";
export { createRng, deriveSeed, mulberry32 } from "@/lib/random/rng";
