// Drives a benchmark build of the real app (5,000 synthetic images) and prints: first render
// of the grid, and per filter keystroke the time until the DOM shows the result and until the
// next frame starts (which is when WebKit paints it). Medians over several rounds.
import { launchApp } from "../e2e/support.mjs";

const ROUNDS = Number(process.env.IMAGEN_BENCH_ROUNDS ?? 3);
const QUERIES = [
  "service-123",
  "tier",
  "label=tier=gold",
  "reference=*/team-7/*",
  "size>500MB in-use=false",
];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const first = [];
const dom = [];
const frame = [];
for (let round = 0; round < ROUNDS; round++) {
  const app = await launchApp({}, { resetStorage: false });
  const { browser } = app;
  try {
    await browser.waitUntil(
      async () => browser.execute(() => window.__imagenBench?.firstRenderMs != null),
      {
        timeout: 30000,
      },
    );
    first.push(await browser.execute(() => window.__imagenBench.firstRenderMs));
    for (const query of QUERIES) {
      for (let n = 1; n <= query.length; n++) {
        const [d, f] = await browser.executeAsync(
          (text, done) => {
            const input = document.querySelector('input[aria-label="Filter images"]');
            const t0 = performance.now();
            input.value = text;
            input.dispatchEvent(new Event("input", { bubbles: true }));
            // Svelte flushes in a microtask queued during the event: this one runs after it.
            queueMicrotask(() => {
              const tDom = performance.now();
              requestAnimationFrame(() => done([tDom - t0, performance.now() - t0]));
            });
          },
          query.slice(0, n),
        );
        dom.push(d);
        frame.push(f);
      }
    }
    const shown = await browser.execute(
      () => document.getElementById("filter-status")?.textContent,
    );
    if (round === 0) console.log(`last query shows: ${shown?.trim()}`);
  } finally {
    await app.close();
  }
}
console.log(`images: 5000, rounds: ${ROUNDS}, keystrokes measured: ${dom.length}`);
console.log(
  `first render of the grid (mount → first frame with cards): median ${median(first).toFixed(1)} ms  [${first.map((x) => x.toFixed(0)).join(", ")}]`,
);
console.log(
  `filter keystroke → DOM updated: median ${median(dom).toFixed(2)} ms, max ${Math.max(...dom).toFixed(1)} ms`,
);
console.log(
  `filter keystroke → next frame (painted): median ${median(frame).toFixed(2)} ms, max ${Math.max(...frame).toFixed(1)} ms`,
);
