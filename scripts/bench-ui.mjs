// Drives a benchmark build of the real app (5,000 synthetic images; IMAGEN_BENCH_IMAGES, which
// scripts/bench-ui.sh builds with, says how many) and prints: first render of the grid, and
// per filter keystroke the time until the DOM shows the result and until the next frame
// starts (when WebKit lays out and paints it). Keystrokes follow each other as
// fast as the driver sends them, as a typist would: each starts right after the previous
// one's frame has started. Medians over several rounds.
//
// Then, recorded in the page without slowing the typing down: when each of those frames is
// over on the main thread (a task queued from its animation callback runs after its style,
// layout, resize observers and paint) and when the frame after it starts (WebKit starts a
// frame only once the previous one is on screen, so this is "on screen"). Then details to
// tell where the time goes: the phases the benchmark entry measures from outside the app
// (`performance.measure`, see ui/bench/main.ts), and, after the typing, an idle animation-frame round trip
// in the same page (nothing changed: the wait for the next frame alone, which Xvfb paces at
// ≈16.7 ms) and the first render again after a reload in the same, warm, web process.
//
// Then the same queries typed by a script inside the page at a typist's pace (150 ms between
// keystrokes): no WebDriver call per keystroke. Each WebDriver call slows the keystroke it
// carries: the same keystrokes at the same pace took 9 ms to the DOM when each was its own
// WebDriver call (IMAGEN_BENCH_ISOLATED=1) and 3 ms typed from within the page.
//
// IMAGEN_BENCH_ROUNDS=n: rounds (3). IMAGEN_BENCH_FIRST_ONLY=1: first renders only.
// IMAGEN_BENCH_ISOLATED=1: also each keystroke alone, from an idle page (first round).
// IMAGEN_BENCH_TIMELINE=1 / IMAGEN_BENCH_KEYS=1: the first round's first-render timeline /
// keystrokes one by one. IMAGEN_BENCH_PACE=ms: the pace of the in-page typing (150).
// IMAGEN_APP_BINARY (e2e/support.mjs): the binary to drive.
import { launchApp } from "../e2e/support.mjs";

const ROUNDS = Number(process.env.IMAGEN_BENCH_ROUNDS ?? 3);
const QUERIES = process.env.IMAGEN_BENCH_FIRST_ONLY
  ? []
  : ["service-123", "tier", "label=tier=gold", "reference=*/team-7/*", "size>500MB in-use=false"];
const ISOLATED = Boolean(process.env.IMAGEN_BENCH_ISOLATED);

const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => (x ?? NaN).toFixed(1);
const list = (xs) => `[${xs.map((x) => (x ?? NaN).toFixed(0)).join(", ")}]`;
const deciles = (xs) => [10, 25, 50, 75, 90].map((p) => `p${p} ${ms(pct(xs, p))}`).join(", ");
const sleep = (t) => new Promise((r) => setTimeout(r, t));

/** Per measure name: the sum of its durations since the last call (then forgotten). */
const takeMeasures = () => {
  const out = {};
  for (const e of performance.getEntriesByType("measure")) {
    out[e.name] = (out[e.name] ?? 0) + e.duration;
  }
  performance.clearMeasures();
  return out;
};

/** Waits for the first frame with cards (then typing may start), as this script always did. */
async function firstRender(browser) {
  await browser.waitUntil(
    async () => browser.execute(() => window.__imagenBench?.firstRenderMs != null),
    { timeout: 30000 },
  );
  return browser.execute(takeMeasures);
}

/** The first render's figures, once its frame is on screen. */
async function firstRenderFigures(browser) {
  await browser.waitUntil(
    async () => browser.execute(() => window.__imagenBench?.firstPaintedMs != null),
    { timeout: 30000 },
  );
  return browser.execute(() => window.__imagenBench);
}

/** The marks of the first render, relative to starting; runs of a name shown once. */
async function printTimeline(browser, label) {
  const marks = await browser.execute(() => {
    const t0 = performance.getEntriesByName("bench:t0")[0]?.startTime ?? 0;
    return performance.getEntriesByType("mark").map((m) => [m.name, m.startTime - t0]);
  });
  console.log(`first render timeline, ${label} (ms after starting):`);
  for (let i = 0; i < marks.length;) {
    let j = i;
    while (j + 1 < marks.length && marks[j + 1][0] === marks[i][0]) j++;
    const [name, t] = marks[i];
    const run = j > i ? ` … ${marks[j][1].toFixed(0)} (×${j - i + 1})` : "";
    console.log(`  ${t.toFixed(0).padStart(5)}  ${name}${run}`);
    i = j + 1;
  }
}

/** Types `text` into the filter: [to the DOM, to the next frame, phases]. With `alone`, the
 * page is left idle first and the answer waits until that frame is on screen. */
function keystroke(browser, text, alone) {
  return browser.executeAsync(
    (text, alone, done) => {
      // The page's CSP forbids eval: takeMeasures, inline.
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
          const frame = { over: NaN, next: NaN, at: performance.timeOrigin + t0 };
          (window.__benchFrames ??= []).push(frame);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => (frame.over = performance.now() - t0);
          channel.port2.postMessage(null);
          const phases = take();
          const answer = () => done([tDom - t0, tFrame - t0, phases]);
          requestAnimationFrame(() => {
            frame.next = performance.now() - t0;
            if (alone) answer();
          });
          if (!alone) answer();
        });
      });
    },
    text,
    alone,
  );
}

/** Types every query in the page itself, `gap` ms between keystrokes (a typist's pace), with
 * no WebDriver call per keystroke: per keystroke, until the DOM shows the result, the frame
 * that paints it starts, that frame's rendering is over, and the frame after it starts. */
function pacedTyping(browser, texts, gap) {
  return browser.executeAsync(
    (texts, gap, done) => {
      const input = document.querySelector('input[aria-label="Filter images"]');
      const out = { dom: [], frame: [], over: [], onScreen: [] };
      const type = (k) => {
        if (k === texts.length) return done(out);
        const t0 = performance.now();
        input.value = texts[k];
        input.dispatchEvent(new Event("input", { bubbles: true }));
        queueMicrotask(() => {
          out.dom.push(performance.now() - t0);
          requestAnimationFrame(() => {
            out.frame.push(performance.now() - t0);
            const channel = new MessageChannel();
            channel.port1.onmessage = () => out.over.push(performance.now() - t0);
            channel.port2.postMessage(null);
            requestAnimationFrame(() => {
              out.onScreen.push(performance.now() - t0);
              setTimeout(() => type(k + 1), gap);
            });
          });
        });
      };
      // From an empty query, as the typing above started.
      input.value = "";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      setTimeout(() => type(0), 500);
    },
    texts,
    gap,
  );
}

const PACE = Number(process.env.IMAGEN_BENCH_PACE ?? 150);
const paced = { dom: [], frame: [], over: [], onScreen: [] };
const cold = [];
const warm = [];
const dom = [];
const frame = [];
const over = [];
const onScreen = [];
const idle = [];
const alone = { dom: [], frame: [], onScreen: [] };
const keyPhases = [];
for (let round = 0; round < ROUNDS; round++) {
  const app = await launchApp({}, { resetStorage: false });
  const { browser } = app;
  try {
    const firstPhases = await firstRender(browser);
    for (const query of QUERIES) {
      for (let n = 1; n <= query.length; n++) {
        const [d, f, phases] = await keystroke(browser, query.slice(0, n), false);
        dom.push(d);
        frame.push(f);
        keyPhases.push(phases);
      }
    }
    await sleep(500);
    const frames = await browser.execute(() => window.__benchFrames ?? []);
    over.push(...frames.map((x) => x.over));
    onScreen.push(...frames.map((x) => x.next));
    if (round === 0 && process.env.IMAGEN_BENCH_KEYS) {
      const texts = QUERIES.flatMap((q) => Array.from(q, (_, n) => q.slice(0, n + 1)));
      texts.forEach((text, i) => {
        const top = Object.entries(keyPhases[i])
          .filter(([, v]) => v >= 1)
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(", ");
        console.log(
          `  ${JSON.stringify(text).padEnd(26)} dom ${ms(dom[i])}  frame ${ms(frame[i])}  over ${ms(frames[i]?.over)}  on screen ${ms(frames[i]?.next)}  ${top}`,
        );
      });
    }
    const shown = await browser.execute(
      () => document.getElementById("filter-status")?.textContent,
    );
    if (round === 0 && QUERIES.length) console.log(`last query shows: ${shown?.trim()}`);
    cold.push({ ...(await firstRenderFigures(browser)), phases: firstPhases });
    if (round === 0 && process.env.IMAGEN_BENCH_TIMELINE) await printTimeline(browser, "cold");
    // The page left alone: how long the next frame takes to start when nothing changed.
    for (let i = 0; i < 20; i++) {
      await sleep(150);
      idle.push(
        await browser.executeAsync((done) => {
          const t0 = performance.now();
          requestAnimationFrame(() => done(performance.now() - t0));
        }),
      );
    }
    if (QUERIES.length) {
      const texts = QUERIES.flatMap((q) => Array.from(q, (_, n) => q.slice(0, n + 1)));
      const r = await pacedTyping(browser, texts, PACE);
      for (const key of Object.keys(paced)) paced[key].push(...r[key]);
    }
    if (round === 0 && ISOLATED) {
      // The same transitions as the typing above, each from a page left idle.
      let previous = "";
      for (const query of QUERIES) {
        for (let n = 1; n <= query.length; n++) {
          await keystroke(browser, previous, true);
          previous = query.slice(0, n);
          await sleep(300);
          const [d, f] = await keystroke(browser, query.slice(0, n), true);
          const last = await browser.execute(() => window.__benchFrames.at(-1).next);
          alone.dom.push(d);
          alone.frame.push(f);
          alone.onScreen.push(last);
        }
      }
    }
    // The first render again, in a page reloaded in the same (now warm) web process.
    await browser.execute(() => {
      window.__imagenBench = undefined;
      localStorage.clear();
      location.reload();
    });
    const warmPhases = await firstRender(browser);
    warm.push({ ...(await firstRenderFigures(browser)), phases: warmPhases });
    if (round === 0 && process.env.IMAGEN_BENCH_TIMELINE) await printTimeline(browser, "reload");
  } finally {
    await app.close();
  }
}

const phaseTable = (samples) => {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s)))].sort();
  return names
    .map((name) => {
      const xs = samples.map((s) => s[name] ?? 0);
      return `    ${name.padEnd(20)} median ${median(xs).toFixed(2).padStart(7)} ms   max ${ms(Math.max(...xs))} ms`;
    })
    .join("\n");
};
const firstLine = (runs) =>
  `cards in the DOM ${ms(median(runs.map((r) => r.gridReadyMs)))} ms, ` +
  `frame ${ms(median(runs.map((r) => r.firstRenderMs)))} ms, ` +
  `its rendering over ${ms(median(runs.map((r) => r.firstRenderedMs)))} ms, ` +
  `on screen ${ms(median(runs.map((r) => r.firstPaintedMs)))} ms ` +
  list(runs.map((r) => r.firstPaintedMs));

const first = cold.map((r) => r.firstRenderMs);
const firstOnScreen = cold.map((r) => r.firstPaintedMs);
console.log(
  `images: ${process.env.IMAGEN_BENCH_IMAGES ?? 5000}, rounds: ${ROUNDS}, keystrokes measured: ${dom.length}`,
);
console.log(
  `first render of the grid (mount → first frame with cards): median ${ms(median(first))} ms  ${list(first)}`,
);
console.log(
  `filter keystroke → DOM updated: median ${median(dom).toFixed(2)} ms, max ${ms(Math.max(...dom))} ms`,
);
console.log(
  `filter keystroke → next frame starts (it paints the result): median ${median(frame).toFixed(2)} ms, max ${ms(Math.max(...frame))} ms`,
);
console.log(
  `first render → that frame on screen (the next one starts): median ${ms(median(firstOnScreen))} ms  ${list(firstOnScreen)}`,
);
console.log(
  `filter keystroke → that frame on screen (the next one starts): median ${median(onScreen).toFixed(2)} ms, max ${ms(Math.max(...onScreen))} ms`,
);
if (paced.dom.length) {
  console.log(
    `filter keystroke typed in the page, ${PACE} ms apart: → DOM ${ms(median(paced.dom))} ms, → next frame starts ${ms(median(paced.frame))} ms, → its rendering over ${ms(median(paced.over))} ms, → the frame after it ${ms(median(paced.onScreen))} ms (medians)`,
  );
}
console.log("details (medians):");
console.log(`  first render, cold web process: ${firstLine(cold)}`);
console.log(phaseTable(cold.map((r) => r.phases)));
console.log(`  first render after a reload (warm web process): ${firstLine(warm)}`);
console.log(phaseTable(warm.map((r) => r.phases)));
console.log(`  keystroke → DOM updated: ${deciles(dom)}`);
console.log(`  keystroke → next frame: ${deciles(frame)}`);
console.log(`  keystroke → that frame's rendering over: ${deciles(over)}`);
console.log(`  keystroke → that frame on screen: ${deciles(onScreen)}`);
console.log(`  idle page, rAF round trip (nothing changed): ${deciles(idle)}`);
if (alone.dom.length) {
  console.log(`  keystroke alone, from an idle page → DOM updated: ${deciles(alone.dom)}`);
  console.log(`  keystroke alone → next frame: ${deciles(alone.frame)}`);
  console.log(`  keystroke alone → that frame on screen: ${deciles(alone.onScreen)}`);
}
if (paced.dom.length) {
  console.log(`  typed in the page → DOM updated: ${deciles(paced.dom)}`);
  console.log(`  typed in the page → next frame: ${deciles(paced.frame)}`);
  console.log(`  typed in the page → that frame's rendering over: ${deciles(paced.over)}`);
  console.log(`  typed in the page → the frame after it: ${deciles(paced.onScreen)}`);
}
console.log(`  keystroke phases (sum per phase per keystroke):`);
console.log(phaseTable(keyPhases));
