/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Set only for benchmark builds: how many synthetic images to show. */
  readonly VITE_IMAGEN_BENCH?: string;
}
