import { mount } from "svelte";
import "./app.css";
import App from "./components/App.svelte";
import { createTauriApi } from "./lib/ipc/tauri";
import type { ImagenApi } from "./lib/ipc/api";
import { applyFontStacks } from "./lib/images/font-stack";
import { detectOs } from "./lib/platform";
import { timed } from "./lib/images/perf";

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");

/** Everything from here to the first frame, in the order the app does it. */
function start(api: ImagenApi) {
  // Before any text is laid out: see lib/images/font-stack.ts.
  timed("fonts", () => applyFontStacks(document.documentElement, detectOs()));
  mount(App, { target: target!, props: { api } });
}

if (import.meta.env.VITE_IMAGEN_BENCH) {
  // Benchmark build only (scripts/bench-ui.sh): N synthetic images through the in-memory
  // API, and the time from starting the app to the first painted frame with cards.
  void startBenchmark(target, Number(import.meta.env.VITE_IMAGEN_BENCH));
} else {
  start(createTauriApi());
}

async function startBenchmark(target: HTMLElement, count: number) {
  const [{ FakeApi }, { syntheticImages }] = await Promise.all([
    import("./lib/ipc/fake"),
    import("./lib/ipc/synthetic"),
  ]);
  localStorage.clear();
  timeLayoutReads();
  const api = new FakeApi(syntheticImages(count));
  api.cloneAnswers = false;
  const bench: Record<string, number> = {};
  (window as unknown as { __imagenBench: Record<string, number> }).__imagenBench = bench;
  performance.mark("bench:t0");
  const t0 = performance.now();
  bench.t0Epoch = performance.timeOrigin + t0;
  const seen = new MutationObserver(() => {
    if (!document.querySelector('[aria-label="Images"] [role="listitem"]')) return;
    seen.disconnect();
    performance.mark("bench:cardsInDom");
    bench.gridReadyMs = performance.now() - t0;
    requestAnimationFrame(() => {
      performance.mark("bench:frame");
      bench.firstRenderMs = performance.now() - t0;
      // After this frame's style, layout, resize observers and paint (a task queued now
      // runs once the rendering update is over).
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (bench.firstRenderedMs = performance.now() - t0);
      channel.port2.postMessage(null);
      // The next frame starts once this one is on screen (the compositor has taken it).
      requestAnimationFrame(() => (bench.firstPaintedMs = performance.now() - t0));
    });
  });
  seen.observe(target, { childList: true, subtree: true });
  start(api);
  performance.measure("app:start", { start: t0, end: performance.now() });
  performance.mark("bench:started");
}

/** Benchmark build: reads that force a synchronous style and layout, as measures. */
function timeLayoutReads() {
  const time = <T>(name: string, read: () => T): T => {
    const start = performance.now();
    const value = read();
    const end = performance.now();
    if (end - start >= 1) performance.measure(`forced:${name}`, { start, end });
    return value;
  };
  const wrap = (proto: object, name: string) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (d?.get) {
      const get = d.get;
      Object.defineProperty(proto, name, {
        ...d,
        get(this: unknown) {
          return time(name, () => get.call(this));
        },
      });
    } else if (typeof d?.value === "function") {
      const fn = d.value as (...args: unknown[]) => unknown;
      Object.defineProperty(proto, name, {
        ...d,
        value(this: unknown, ...args: unknown[]) {
          return time(name, () => fn.apply(this, args));
        },
      });
    }
  };
  for (const name of ["clientWidth", "clientHeight", "scrollTop", "getBoundingClientRect"])
    wrap(Element.prototype, name);
  for (const name of ["offsetHeight", "offsetWidth"]) wrap(HTMLElement.prototype, name);
  wrap(window, "getComputedStyle");
}
