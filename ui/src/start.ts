// Everything from here to the first frame, in the order the app does it. The app's entry
// (main.ts) calls this with the Tauri API; the benchmark's (ui/bench/main.ts) with its own.
import { mount } from "svelte";
import App from "./components/app/App.svelte";
import type { ImagenApi } from "./lib/ipc/api";
import { applyFontStacks } from "./lib/app/font-stack";
import { detectOs } from "./lib/app/platform";

export function startApp(target: HTMLElement, api: ImagenApi): void {
  // Before any text is laid out: see lib/app/font-stack.ts.
  applyFontStacks(document.documentElement, detectOs());
  mount(App, { target, props: { api } });
}
