import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { paraglideVitePlugin } from "@inlang/paraglide-js";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";

const here = fileURLToPath(new URL(".", import.meta.url));

// `ui/` is the Vite root; the build lands in `dist/`, which tauri.conf.json serves.
export default defineConfig({
  root: "ui",
  plugins: [
    // Compiles the message catalogs (ui/messages/<domain>/<locale>.json) into typed functions before anything
    // imports them: on dev, build and vitest start, and again when a catalog changes. Keep the
    // options in step with the `i18n` script in package.json, which svelte-check's setup runs
    // (docs/i18n.md).
    paraglideVitePlugin({
      project: `${here}project.inlang`,
      outdir: `${here}ui/src/lib/i18n/paraglide`,
      strategy: ["baseLocale"],
      isServer: "false",
      outputStructure: "message-modules",
    }),
    svelte({ configFile: `${here}svelte.config.js` }),
  ],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { outDir: "../dist", emptyOutDir: true, target: "es2022" },
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    root: here,
    include: ["ui/src/**/*.test.ts"],
    // Tests that read what the engine tests recorded run only when scripts/test.sh says where.
    exclude: process.env.IMAGEN_ENGINE_VECTORS
      ? ["**/node_modules/**"]
      : ["**/node_modules/**", "ui/src/**/*.engine.test.ts"],
    environment: "jsdom",
    globals: true,
    setupFiles: ["ui/src/test/setup.ts"],
    // Vitest's default is one worker less than the CPUs, so ONE on a 2-core machine (CI's, and
    // this project's): the other core sat idle. Two at least. The tests' time windows are wide
    // enough for a shared core: holds of 500 ms and more clicked within milliseconds, waits of
    // 3 s for them, and one timing bound, filter.test.ts's 100 ms per keystroke (a few ms).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A test's whole time, not a wait inside it: vitest's 5 s default ended two JsonTree
    // tests (a tree of hundreds of rows, clicked through) at 5.0 and 5.6 s on this machine
    // while builds shared its 2 cores; alone they take 1–2 s. A test that hangs still fails.
    testTimeout: 20_000,
  },
});
