/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** How many synthetic images the benchmark shows (scripts/bench-ui.sh sets 5000). */
  readonly VITE_IMAGEN_BENCH?: string;
}
