#!/usr/bin/env node
// The `palisade` command. Registers tsx's loaders in this process (no second node process),
// pointed at the repository's tsconfig so the `@/` alias resolves from any working directory,
// then runs cli/main.ts. The package is CommonJS-typed, so tsx compiles our .ts files to CJS:
// both the ESM and the CJS hooks are needed. Commands load heavy modules lazily (cli/main.ts).
import { fileURLToPath } from "node:url";

process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL("../tsconfig.json", import.meta.url));
const [{ register: registerEsm }, { register: registerCjs }] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]);
registerCjs();
registerEsm({ tsconfig: process.env.TSX_TSCONFIG_PATH });

// Compiled to CJS, a module's exports may arrive as named exports or under `default`.
const exported = (mod, name) => mod[name] ?? mod.default?.[name];
const [main, nodeIo] = await Promise.all([import("../cli/main.ts"), import("../cli/node-io.ts")]);
process.exitCode = await exported(main, "runCli")(process.argv.slice(2), exported(nodeIo, "createNodeIo")());
