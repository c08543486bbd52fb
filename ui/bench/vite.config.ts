// The benchmark's own build (scripts/bench-ui.sh): the app's config with ui/bench/index.html
// as the page, so the app's build (ui/index.html → dist/) holds no benchmark code at all.
import { fileURLToPath } from "node:url";
import { mergeConfig } from "vite";
import base from "../../vite.config.ts";

const here = fileURLToPath(new URL(".", import.meta.url));

export default mergeConfig(base, {
  root: here,
  publicDir: `${here}../public`,
  build: { outDir: `${here}../../target/bench/dist`, emptyOutDir: true },
});
