/**
 * The layering rules of CONTRIBUTING.md §1, checked on the source text (the role ESLint's
 * no-restricted-imports would play; typescript-eslint cannot parse with the TypeScript 7 this
 * repo uses). A failure names the file and the import that breaks the rule.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sourceFiles(rel);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

function importsOf(file: string): string[] {
  return importsIn(readFileSync(path.join(ROOT, file), "utf8"));
}

function importsIn(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? "",
  );
}

const lib = sourceFiles("lib");
const domain = lib.filter((f) => !f.startsWith("lib/server/") && !f.startsWith("lib/hooks/") && !f.startsWith("lib/testing/"));
const server = lib.filter((f) => f.startsWith("lib/server/"));
const components = sourceFiles("components");
const hooks = lib.filter((f) => f.startsWith("lib/hooks/"));

const DOMAIN_FORBIDDEN = [/^react($|\/)/, /^react-dom/, /^next($|\/)/, /^@prisma\//, /^@kubernetes\//, /^@\/lib\/server\//, /^@\/lib\/hooks\//, /^@\/components\//, /^@\/app\//, /^node:fs/, /^fs$/, /^server-only$/];

const EDGE_SHARED = new Set(["lib/server/auth/cookies.ts", "lib/server/auth/principal.ts", "lib/server/http/next-path.ts", "lib/server/http/security-headers.ts"]);

describe("layering", () => {
  it.each(domain)("%s: domain module imports no framework, IO or outer layer", (file) => {
    const bad = importsOf(file).filter((i) => DOMAIN_FORBIDDEN.some((re) => re.test(i)));
    expect(bad).toEqual([]);
  });

  it.each(server)("%s: starts with import \"server-only\"", (file) => {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    const firstStatement = text.replace(/^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*/, "");
    // route-test-kit and other server helpers included. Shared with proxy.ts (edge) or
    // next.config.mjs (through security-header-values.mjs) on purpose: cookies.ts, principal.ts,
    // next-path.ts, security-headers.ts.
    if (EDGE_SHARED.has(file)) return;
    expect(firstStatement.startsWith('import "server-only"')).toBe(true);
  });

  it.each([...components, ...hooks])("%s: UI code never imports lib/server or calls fetch directly", (file) => {
    expect(importsOf(file).filter((i) => i.startsWith("@/lib/server/") || i === "server-only")).toEqual([]);
    const text = readFileSync(path.join(ROOT, file), "utf8");
    if (file !== "lib/hooks/fetcher.ts") expect(text).not.toMatch(/\bfetch\(/);
  });

  it.each(components)("%s: components do not import react-query directly (hooks own it)", (file) => {
    expect(importsOf(file).filter((i) => i === "@tanstack/react-query" && !file.endsWith("providers.tsx"))).toEqual([]);
  });
});

describe("next.config", () => {
  // A TypeScript config makes `next start` load Next's SWC native library (~26 MB resident for
  // the life of the process) only to compile it; the config stays plain JavaScript and imports
  // only plain JavaScript modules that import nothing themselves.
  it("is plain JavaScript importing only import-free .mjs modules", () => {
    for (const name of ["next.config.ts", "next.config.mts", "next.config.cts"]) expect(existsSync(path.join(ROOT, name)), name).toBe(false);
    // Comments dropped: JSDoc types name modules too (`@type {import("next").NextConfig}`).
    const code = (file: string) => readFileSync(path.join(ROOT, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
    const imports = importsIn(code("next.config.mjs"));
    expect(imports.length).toBeGreaterThan(0);
    for (const spec of imports) {
      expect(spec, "next.config.mjs import").toMatch(/^\.\/.*\.mjs$/);
      expect(importsIn(code(spec)), spec).toEqual([]);
    }
  });
});

describe("typing discipline (CONTRIBUTING.md §4)", () => {
  const appFiles = sourceFiles("app");
  const everything = [...lib, ...components, ...appFiles, ...sourceFiles("cli")];
  // `any` switches the type checker off; use `unknown` plus a zod parse or a guard instead.
  it.each(everything)("%s: no `any`", (file) => {
    const text = readFileSync(path.join(ROOT, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
    expect(text.match(/(:\s*any\s*[;,)=>|[\n]|\bas\s+any\b|<any>|\bany\[\])/g) ?? []).toEqual([]);
  });
  it.each(everything)("%s: no TypeScript enum", (file) => {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    expect(text).not.toMatch(/^\s*(export\s+)?(const\s+)?enum\s/m);
  });
});
