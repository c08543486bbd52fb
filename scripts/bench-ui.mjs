// Drives a benchmark build of the real app (5,000 synthetic images) and prints: first render
// of the grid, and per filter keystroke the time until the DOM shows the result and until the
// next frame starts (which is when WebKit paints it). Medians over several rounds.
//
// Also printed, to tell where the time goes: the phases the benchmark build measures
// (`performance.measure`, see ui/src/lib/images/perf.ts), the time until the frame's
// rendering update is over (a task queued from the frame's animation callback), and an idle
// animation-frame round trip in the same page (nothing changed: the wait for the next vsync
// alone, which Xvfb paces at ≈16.7 ms).
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
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Per measure name: the sum of its durations since the last call (then forgotten). */
const takeMeasures = () => {
  const out = {};
  for (const e of performance.getEntriesByType("measure")) {
    out[e.name] = (out[e.name] ?? 0) + e.duration;
  }
  performance.clearMeasures();
  return out;
};

const first = [];
const firstDom = [];
const firstRendered = [];
const firstPhases = [];
const dom = [];
const frame = [];
const rendered = [];
const idle = [];
const keyPhases = [];
for (let round = 0; round < ROUNDS; round++) {
  const app = await launchApp({}, { resetStorage: false });
  const { browser } = app;
  try {
    await browser.waitUntil(
      async () => browser.execute(() => window.__imagenBench?.firstRenderedMs != null),
      {
        timeout: 30000,
      },
    );
    const bench = await browser.execute(() => window.__imagenBench);
    first.push(bench.firstRenderMs);
    firstDom.push(bench.gridReadyMs);
    firstRendered.push(bench.firstRenderedMs);
    firstPhases.push(await browser.execute(takeMeasures));
    if (round === 0 && process.env.IMAGEN_BENCH_TIMELINE) {
      const marks = await browser.execute(() => {
        const t0 = performance.getEntriesByName("bench:t0")[0]?.startTime ?? 0;
        return performance
          .getEntriesByType("mark")
          .map((m) => [m.name, m.startTime - t0]);
      });
      console.log("first render timeline (ms after mount starts):");
      // Runs of one name print as its first and last time and a count.
      for (let i = 0; i < marks.length; ) {
        let j = i;
        while (j + 1 < marks.length && marks[j + 1][0] === marks[i][0]) j++;
        const [name, t] = marks[i];
        const run = j > i ? ` … ${marks[j][1].toFixed(0)} (×${j - i + 1})` : "";
        console.log(`  ${t.toFixed(0).padStart(5)}  ${name}${run}`);
        i = j + 1;
      }
    }
    for (const query of QUERIES) {
      for (let n = 1; n <= query.length; n++) {
        // The same page with nothing to do: how long the next frame takes to start.
        idle.push(
          await browser.executeAsync((done) => {
            const t0 = performance.now();
            requestAnimationFrame(() => done(performance.now() - t0));
          }),
        );
        const [d, f, r, phases] = await browser.executeAsync(
          (text, done) => {
            // The page's CSP forbids eval: the same as takeMeasures, inline.
            const take = () => {
              const out = {};
              for (const e of performance.getEntriesByType("measure")) {
                out[e.name] = (out[e.name] ?? 0) + e.duration;
              }
              performance.clearMeasures();
              return out;
            };
            take();
            const input = document.querySelector('input[aria-label="Filter images"]');
            const t0 = performance.now();
            input.value = text;
            input.dispatchEvent(new Event("input", { bubbles: true }));
            // Svelte flushes in a microtask queued during the event: this one runs after it.
            queueMicrotask(() => {
              const tDom = performance.now();
              requestAnimationFrame(() => {
                const tFrame = performance.now();
                // Runs once this frame's rendering update (style, layout, observers, paint)
                // is over.
                const channel = new MessageChannel();
                channel.port1.onmessage = () =>
                  done([tDom - t0, tFrame - t0, performance.now() - t0, take()]);
                channel.port2.postMessage(null);
              });
            });
          },
          query.slice(0, n),
        );
        dom.push(d);
        frame.push(f);
        rendered.push(r);
        keyPhases.push(phases);
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

const phaseTable = (samples) => {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s)))].sort();
  return names
    .map((name) => {
      const xs = samples.map((s) => s[name] ?? 0);
      return `    ${name.padEnd(20)} median ${median(xs).toFixed(2).padStart(7)} ms   max ${Math.max(...xs).toFixed(1)} ms`;
    })
    .join("\n");
};

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
console.log("details:");
console.log(
  `  first render: cards in the DOM median ${median(firstDom).toFixed(1)} ms, that frame's rendering over median ${median(firstRendered).toFixed(1)} ms  [${firstRendered.map((x) => x.toFixed(0)).join(", ")}]`,
);
console.log(`  first render phases (sum per phase, up to the end of that frame):`);
console.log(phaseTable(firstPhases));
console.log(
  `  idle frame wait (rAF round trip, nothing changed): median ${median(idle).toFixed(2)} ms, p90 ${pct(idle, 90).toFixed(1)} ms, max ${Math.max(...idle).toFixed(1)} ms`,
);
console.log(
  `  keystroke → next frame minus DOM time (the wait for the frame): median ${median(frame.map((f, i) => f - dom[i])).toFixed(2)} ms`,
);
console.log(
  `  keystroke → that frame's rendering over: median ${median(rendered).toFixed(2)} ms, p90 ${pct(rendered, 90).toFixed(1)} ms, max ${Math.max(...rendered).toFixed(1)} ms`,
);
console.log(`  keystroke phases (sum per phase per keystroke):`);
console.log(phaseTable(keyPhases));
