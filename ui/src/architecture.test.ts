// The UI's import rules (docs/architecture.md, "UI layout and import rules"), checked by
// reading every source file under ui/src and ui/bench: a rule broken here fails the tests.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ui = resolve(dirname(fileURLToPath(import.meta.url)), "..");

interface Import {
  /** The importing file, relative to ui/ (`src/components/app/App.svelte`). */
  file: string;
  /** As written: a relative path or a package (`@tauri-apps/api/core`). */
  spec: string;
  /** Relative specifiers resolved to a file relative to ui/ (`src/lib/ipc/api.ts`). */
  target: string | null;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const EXTENSIONS = ["", ".ts", ".svelte", ".js", "/index.ts"];

function resolveSpec(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = resolve(dirname(from), spec);
  for (const ext of EXTENSIONS) {
    try {
      if (statSync(base + ext).isFile()) return relative(ui, base + ext);
    } catch {
      // Not this extension.
    }
  }
  return relative(ui, base);
}

// `import … from "x"`, `import "x"`, `export … from "x"`, `import("x")`, `vi.mock("x")`.
const IMPORT =
  /(?:\bimport\s*(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s*)?|\bexport\s+(?:type\s+)?[\w*{}\s,$]+\s+from\s*|\bimport\s*\(\s*|\bvi\.mock\(\s*)["']([^"']+)["']/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => ({
    file: relative(ui, file),
    spec: m[1]!,
    target: resolveSpec(file, m[1]!),
  }));
}

const files = [...walk(join(ui, "src")), ...walk(join(ui, "bench"))].filter((f) =>
  /\.(ts|svelte)$/.test(f),
);
const imports = files.flatMap(importsOf);
const isTest = (file: string) => /\.test\.ts$/.test(file) || file.startsWith("src/test/");
const inIpc = (file: string) => file.startsWith("src/lib/ipc/");
const shipped = (file: string) => file.startsWith("src/") && !isTest(file);
const show = (list: Import[]) => list.map((i) => `${i.file} imports ${i.spec}`);

describe("UI import rules", () => {
  it("finds the imports it checks (the scanner works)", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(imports).toContainEqual({
      file: "src/lib/ipc/tauri.ts",
      spec: "@tauri-apps/api/core",
      target: null,
    });
    expect(imports.some((i) => i.target === "src/lib/ipc/bindings.ts")).toBe(true);
  });

  it("only lib/ipc imports @tauri-apps/api", () => {
    const bad = imports.filter((i) => i.spec.startsWith("@tauri-apps/") && !inIpc(i.file));
    expect(show(bad)).toEqual([]);
  });

  it("only lib/ipc imports the generated bindings (the rest imports types from lib/ipc/api)", () => {
    const bad = imports.filter((i) => i.target === "src/lib/ipc/bindings.ts" && !inIpc(i.file));
    expect(show(bad)).toEqual([]);
  });

  it("stores and pure modules under lib/ import no component and nothing from components/", () => {
    const bad = imports.filter(
      (i) =>
        i.file.startsWith("src/lib/") &&
        ((i.target?.endsWith(".svelte") ?? false) ||
          (i.target?.startsWith("src/components/") ?? false)),
    );
    expect(show(bad)).toEqual([]);
  });

  it("shipped code imports no test fixture and no benchmark code", () => {
    const bad = imports.filter(
      (i) =>
        shipped(i.file) &&
        ((i.target?.startsWith("src/test/") ?? false) || (i.target?.startsWith("bench/") ?? false)),
    );
    expect(show(bad)).toEqual([]);
  });

  it("components live in a domain folder, and shipped files hold no benchmark switch", () => {
    const loose = files
      .map((f) => relative(ui, f))
      .filter((f) => /^src\/components\/[^/]+$/.test(f) || /^src\/lib\/[^/]+$/.test(f));
    expect(loose).toEqual([]);
    const benchy = files
      .map((f) => relative(ui, f))
      .filter(
        (f) =>
          shipped(f) && /VITE_IMAGEN_BENCH|__imagenBench/.test(readFileSync(join(ui, f), "utf8")),
      );
    expect(benchy).toEqual([]);
  });
});
