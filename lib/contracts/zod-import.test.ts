/**
 * zod is imported as a namespace (`import * as z from "zod"`), never as the `z` binding
 * (`import { z } from "zod"`): a bundler can drop what a namespace import never names (esbuild,
 * as the graph bench bundles the page, kept every locale and the JSON-schema code for the `z`
 * binding: 454 kB of zod in the page's first script, 101 kB with the namespace import), and
 * evaluating that is part of the browser's first long task. Type-only imports are free.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sourceFiles(rel);
    return /\.(ts|tsx)$/.test(e.name) ? [rel] : [];
  });
}

/** Value imports of zod's `z` binding (or its default export) in a source text. */
function zodBindingImports(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*import\s+(?!type\s)([^;]*?)\s+from\s+["']zod["']/g)]
    .map((m) => m[1] ?? "")
    .filter((clause) => !/^\*\s+as\s+\w+$/.test(clause.trim()));
}

describe("zod imports", () => {
  it("recognises the binding import and allows the namespace and type-only imports", () => {
    expect(zodBindingImports('import { z } from "zod";')).toEqual(["{ z }"]);
    expect(zodBindingImports('import z from "zod";')).toEqual(["z"]);
    expect(zodBindingImports('import * as z from "zod";\nimport type { z as Z } from "zod";')).toEqual([]);
  });

  it.each(["app", "bench", "components", "lib", "prisma"].flatMap(sourceFiles))("%s imports zod as a namespace", (file) => {
    expect(zodBindingImports(readFileSync(path.join(ROOT, file), "utf8"))).toEqual([]);
  });
});
