// The benchmark's entry (scripts/bench-ui.sh builds it with ui/bench/vite.config.ts): the real
// app, started as ui/src/main.ts starts it, on N synthetic images through the in-memory API,
// plus the timing scripts/bench-ui.mjs reads. The app's own code knows nothing of this: the
// phases are measured here, by wrapping the API object, a few store methods and the layout
// reads from outside, and the first frame with cards is found with a MutationObserver.
import "../src/app.css";
import { startApp } from "../src/start";
import { FakeApi } from "../src/lib/ipc/fake";
import type { ImagenApi } from "../src/lib/ipc/api";
import { ViewStore } from "../src/lib/images/view.svelte";
import { syntheticImages } from "./synthetic";

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");
const count = Number(import.meta.env.VITE_IMAGEN_BENCH || 5000);

/** Runs `fn`, recording how long it took as a measure named `name`. */
function timed<T>(name: string, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    performance.measure(name, { start, end: performance.now() });
  }
}

/** Replaces `proto[name]` (a method) with one that records each call as a measure. */
function timeMethod(proto: object, name: string, measure: string) {
  const d = Object.getOwnPropertyDescriptor(proto, name);
  if (typeof d?.value !== "function") throw new Error(`no method ${name} to time`);
  const fn = d.value as (...args: unknown[]) => unknown;
  Object.defineProperty(proto, name, {
    ...d,
    value(this: unknown, ...args: unknown[]) {
      return timed(measure, () => fn.apply(this, args));
    },
  });
}

/** Reads that force a synchronous style and layout, as measures (those of 1 ms or more). */
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

/** The list's load measured (`load:api`) and marked when it is in (`load:ready`). */
function timeListing(api: ImagenApi) {
  const listImages = api.listImages.bind(api);
  api.listImages = async () => {
    const start = performance.now();
    const answer = await listImages();
    performance.measure("load:api", { start, end: performance.now() });
    performance.mark("load:ready");
    return answer;
  };
}

localStorage.clear();
timeLayoutReads();
// What the filter costs per keystroke: the query kept (and stored), the result computed, and
// the search index built in idle time.
timeMethod(ViewStore.prototype, "setQuery", "input:store");
timeMethod(ViewStore.prototype, "shown", "shown");
timeMethod(ViewStore.prototype, "prepare", "prepare");

const fake = new FakeApi(syntheticImages(count));
fake.cloneAnswers = false;
timeListing(fake);
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
    // After this frame's style, layout, resize observers and paint (a task queued now runs
    // once the rendering update is over).
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (bench.firstRenderedMs = performance.now() - t0);
    channel.port2.postMessage(null);
    // The next frame starts once this one is on screen (the compositor has taken it).
    requestAnimationFrame(() => (bench.firstPaintedMs = performance.now() - t0));
  });
});
seen.observe(target, { childList: true, subtree: true });
startApp(target, fake);
performance.measure("app:start", { start: t0, end: performance.now() });
performance.mark("bench:started");
