import { mount } from "svelte";
import "./app.css";
import App from "./components/App.svelte";
import { createTauriApi } from "./lib/ipc/tauri";

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");

if (import.meta.env.VITE_IMAGEN_BENCH) {
  // Benchmark build only (scripts/bench-ui.sh): N synthetic images through the in-memory
  // API, and the time from mounting to the first painted frame with cards.
  void startBenchmark(target, Number(import.meta.env.VITE_IMAGEN_BENCH));
} else {
  mount(App, { target, props: { api: createTauriApi() } });
}

async function startBenchmark(target: HTMLElement, count: number) {
  const [{ FakeApi }, { syntheticImages }] = await Promise.all([
    import("./lib/ipc/fake"),
    import("./lib/ipc/synthetic"),
  ]);
  localStorage.clear();
  const api = new FakeApi(syntheticImages(count));
  api.cloneAnswers = false;
  const bench: Record<string, number> = {};
  (window as unknown as { __imagenBench: Record<string, number> }).__imagenBench = bench;
  const t0 = performance.now();
  const seen = new MutationObserver(() => {
    if (!document.querySelector('[aria-label="Images"] [role="listitem"]')) return;
    seen.disconnect();
    bench.gridReadyMs = performance.now() - t0;
    requestAnimationFrame(() => (bench.firstRenderMs = performance.now() - t0));
  });
  seen.observe(target, { childList: true, subtree: true });
  mount(App, { target, props: { api } });
}
