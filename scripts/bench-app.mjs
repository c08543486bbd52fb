// The release app at scale, against a private engine: for each size (IMAGEN_BENCH_SIZES,
// "10 1000 10000" images in the engine) tops the engine up with generated images
// (scripts/gen-images.mjs → `docker load`), then measures the app (IMAGEN_APP_BINARY) under
// Xvfb over WebDriver, and at the end prints a table of every figure beside its target.
// Run by scripts/bench-app.sh, which starts the engine and sets DOCKER_HOST; results go in
// docs/benchmarks.md.
//
// Per size:
// 1. start → first card: IMAGEN_BENCH_STARTS (3) launches of the app, each with its own empty
//    settings and web data (XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME: the first start is
//    a first start ever, the others reuse the web data of the first). The process's start time
//    comes from /proc (its age against /proc/uptime, 10 ms steps); in the page, as soon as the
//    app's document answers, a MutationObserver notes (Date.now(), the script's clock) when the
//    first card enters the DOM, and requestAnimationFrame when the frame that paints it starts
//    ("drawn") and when the frame after it starts (it is on screen by then).
// 2. memory: with the grid up and the page untouched for IMAGEN_BENCH_SETTLE_S (5) s, the PSS
//    (/proc/<pid>/smaps_rollup) of the app and every descendant (WebKitWebProcess,
//    WebKitNetworkProcess).
// 3. idle CPU: IMAGEN_BENCH_IDLE_S (20) s untouched, nothing focused: utime + stime of the
//    same processes.
// 4. filter keystrokes typed in the page at a typist's pace (IMAGEN_BENCH_PACE, 150 ms apart),
//    no WebDriver call per keystroke, as scripts/bench-ui.mjs's "typed in the page": per
//    keystroke, the time until the DOM shows the result, until the frame that paints it
//    starts, and until the frame after it starts (the figure the target is read against).
//    IMAGEN_BENCH_ROUNDS (2) rounds of the queries.
// 4b. live refreshes: IMAGEN_BENCH_CHANGES (40) changes in the engine, each the `docker build`
//    of a new image (FROM scratch, a label of its own) or the `docker rmi` of it, each waited
//    for until the app shows the new total (its own event-driven refresh of the whole list,
//    as when a user works in a terminal beside it); PSS every 10 changes and again after
//    IMAGEN_BENCH_SETTLE_S. Whether memory grows with use or settles.
// 5. backend list: IMAGEN_BENCH_RUNS (15) pairs, alternating, of (a) `list_images` invoked
//    from the page (window.__TAURI_INTERNALS__.invoke: IPC, the app's /images/json and
//    /containers/json, the join, serialisation, and the page's parse of the answer), timed
//    in the page with performance.now(), and (b) a raw `GET /images/json` on the same engine
//    socket from this script (node:http, socketPath; request sent → last byte of the body).
//    Medians; the ratio is the target.
// 6. the typing of 4 again, after the list calls: each left garbage in the page (the answer,
//    and this script's JSON.stringify and JSON.parse of it, 3 MB of JSON each at 10,000
//    images) that the page collects while the user types; printed on its own row.
// Installer sizes: target/release/bundle/{deb,rpm,appimage}/* (IMAGEN_BENCH_BUNDLE: another
// folder, e.g. a fresh clone's) if present; one older than the commit measured
// (IMAGEN_BENCH_SOURCE_TIME, else the binary) is of an earlier build, so its row says STALE
// instead of a result (scripts/package.sh makes them afresh).
// IMAGEN_BENCH_JSON=path: also writes the raw figures there.
// IMAGEN_BENCH_TRACE=1: for every start, also prints the page's own timeline against the
// process's start (the navigation's phases, each resource it fetched, Imagen's
// performance marks "imagen:*" from ui/src/main.ts and the list store, the paint entries).
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { appBinary, freshConfigHome, launchApp, root } from "../e2e/support.mjs";

const SIZES = (process.env.IMAGEN_BENCH_SIZES ?? "10 1000 10000")
  .split(/[\s,]+/)
  .filter(Boolean)
  .map(Number);
const STARTS = Number(process.env.IMAGEN_BENCH_STARTS ?? 3);
const RUNS = Number(process.env.IMAGEN_BENCH_RUNS ?? 15);
const IDLE_S = Number(process.env.IMAGEN_BENCH_IDLE_S ?? 20);
const SETTLE_S = Number(process.env.IMAGEN_BENCH_SETTLE_S ?? 5);
const PACE = Number(process.env.IMAGEN_BENCH_PACE ?? 150);
const ROUNDS = Number(process.env.IMAGEN_BENCH_ROUNDS ?? 2);
const TRACE = Boolean(process.env.IMAGEN_BENCH_TRACE);
const CHANGES = Number(process.env.IMAGEN_BENCH_CHANGES ?? 40);
const JOBS = Math.max(1, Number(process.env.IMAGEN_BENCH_LOAD_JOBS ?? 3));
const ARCHIVES =
  process.env.IMAGEN_BENCH_ARCHIVES ??
  join(process.env.IMAGEN_TEST_STATE ?? tmpdir(), "bench-archives");
const GRID = '[role="list"][aria-label="Images"]';
const CARD = `${GRID} [role="listitem"]`;
const ENGINE = process.env.DOCKER_HOST ?? "";
if (!ENGINE.startsWith("unix://") || ENGINE === "unix:///var/run/docker.sock") {
  console.error("bench-app: run through scripts/bench-app.sh (a private engine on a unix socket)");
  process.exit(2);
}
if (SIZES.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error(`bench-app: IMAGEN_BENCH_SIZES must be counts of images: ${SIZES}`);
  process.exit(2);
}
const engineSocket = ENGINE.slice("unix://".length);
const sleep = (t) => new Promise((r) => setTimeout(r, t));
const log = (msg) => console.error(`\x1b[1m[bench-app]\x1b[0m ${msg}`);
const run = (cmd, args, opts = {}) =>
  new Promise((ok, fail) =>
    execFile(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26, ...opts }, (e, out, err) =>
      e ? fail(new Error(`${cmd} ${args.join(" ")}: ${err || e.message}`)) : ok(out),
    ),
  );

// ---- helpers ---------------------------------------------------------------------------
const sorted = (xs) => xs.filter(Number.isFinite).sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");
const list = (xs, d = 0) => `[${xs.map((x) => f(x, d)).join(", ")}]`;
const deciles = (xs) => [10, 25, 50, 75, 90].map((p) => `p${p} ${f(pct(xs, p))}`).join(", ");
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const n = (x) => x.toLocaleString("en-US");

/** A raw GET on the engine's socket: [ms from sending to the last byte, body]. */
function rawGet(path) {
  return new Promise((ok, fail) => {
    const t0 = process.hrtime.bigint();
    const req = request({ socketPath: engineSocket, method: "GET", path, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.statusCode !== 200) fail(new Error(`GET ${path}: ${res.statusCode}`));
        else ok([ms, Buffer.concat(chunks)]);
      });
    });
    req.on("error", fail);
    req.end();
  });
}
const engineImages = async () => JSON.parse((await rawGet("/images/json"))[1]).length;

// ---- processes -------------------------------------------------------------------------
const HZ = Number((await run("getconf", ["CLK_TCK"])).trim());
const pids = () =>
  readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const x = text.slice(close + 2).split(" "); // x[0] is field 3 (state)
    return {
      pid,
      comm,
      ppid: Number(x[1]),
      ticks: Number(x[11]) + Number(x[12]),
      startTicks: Number(x[19]), // field 22: starttime, ticks after boot
    };
  } catch {
    return null;
  }
}
function descendants(top) {
  const all = pids().map(stat).filter(Boolean);
  const out = [top];
  for (let i = 0; i < out.length; i++) {
    for (const p of all) if (p.ppid === out[i]) out.push(p.pid);
  }
  return out;
}
const binary = realpathSync(appBinary);
const appPids = () =>
  pids().filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/exe`) === binary;
    } catch {
      return false;
    }
  });
/** When `pid` started, in Date.now() terms (its age from /proc/uptime: 10 ms steps). */
function startedAt(pid) {
  const now = Date.now();
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  return now - (uptime - stat(pid).startTicks / HZ) * 1000;
}
/** PSS (shared pages split among the processes that map them: another WebKit app running
 * meanwhile lowers it), USS (private pages only) and RSS of `top` and its descendants, MiB. */
function pss(top) {
  const per = [];
  for (const pid of descendants(top)) {
    try {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const kb = (field) =>
        Number(text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? NaN);
      per.push({
        pid,
        comm: stat(pid)?.comm ?? "?",
        kb: kb("Pss"),
        uss: kb("Private_Clean") + kb("Private_Dirty"),
        rss: kb("Rss"),
      });
    } catch {
      /* gone */
    }
  }
  const sum = (key) => per.reduce((s, p) => s + p[key], 0) / 1024;
  return { total: sum("kb"), uss: sum("uss"), rss: sum("rss"), per };
}

// ---- loading images --------------------------------------------------------------------
// By default the generated images share one layer: each has its own config (labels, creation
// time), ID and tag, so the engine lists them as distinct images, but `docker load` registers
// the layer once. With one layer per image (scripts/gen-images.mjs, IMAGEN_BENCH_OWN_LAYERS=1)
// dockerd 20.10 here unpacks every layer in a process of its own: ≈150 ms per image, 25 min
// or more for 10,000; with the shared layer 1,000 load in ≈4 s.
const OWN_LAYERS = Boolean(process.env.IMAGEN_BENCH_OWN_LAYERS);
const BLOCK = 512;
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
function tarEntry(name, content, mtime, type = "0") {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0);
  h.write(type === "5" ? "0000755\0" : "0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(content.length.toString(8).padStart(11, "0") + "\0", 124);
  h.write(Math.floor(mtime).toString(8).padStart(11, "0") + "\0", 136);
  h.write("        ", 148);
  h.write(type, 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  const pad = (BLOCK - (content.length % BLOCK)) % BLOCK;
  return Buffer.concat([h, content, Buffer.alloc(pad)]);
}
/** A `docker load` archive of `count` images `prefix-<i>:latest` sharing one layer. */
function sharedLayerArchive(count, prefix, file) {
  const BASE = Date.UTC(2026, 0, 1) / 1000;
  const layer = Buffer.concat([
    tarEntry("imagen-bench/", Buffer.alloc(0), BASE, "5"),
    tarEntry("imagen-bench/shared", Buffer.from("imagen-bench\n"), BASE),
    Buffer.alloc(2 * BLOCK),
  ]);
  const diffId = sha256(layer);
  const parts = [
    tarEntry(`${diffId}/`, Buffer.alloc(0), BASE, "5"),
    tarEntry(`${diffId}/layer.tar`, layer, BASE),
  ];
  const manifest = [];
  for (let i = 0; i < count; i++) {
    const iso = new Date((BASE + i) * 1000).toISOString();
    const config = Buffer.from(
      JSON.stringify({
        architecture: "amd64",
        os: "linux",
        created: iso,
        config: {
          Cmd: ["/bin/sh"],
          Labels: { "org.imagen.bench": String(i), "org.imagen.bench.set": prefix },
        },
        rootfs: { type: "layers", diff_ids: [`sha256:${diffId}`] },
        history: [{ created: iso, created_by: `scripts/bench-app.mjs ${prefix} ${i}` }],
      }),
    );
    const configId = sha256(config);
    parts.push(tarEntry(`${configId}.json`, config, BASE + i));
    manifest.push({
      Config: `${configId}.json`,
      RepoTags: [`${prefix}-${i}:latest`],
      Layers: [`${diffId}/layer.tar`],
    });
  }
  parts.push(
    tarEntry("manifest.json", Buffer.from(JSON.stringify(manifest)), BASE + count),
    Buffer.alloc(2 * BLOCK),
  );
  writeFileSync(file, Buffer.concat(parts));
}

/** Generated images until the engine has `size` (distinct prefixes per step: new images). */
async function topUp(size) {
  const have = await engineImages();
  const need = size - have;
  if (need <= 0) {
    if (need < 0) log(`the engine already has ${n(have)} images (more than ${n(size)})`);
    return { have, loadS: 0 };
  }
  const jobs = Math.min(JOBS, Math.ceil(need / 500));
  mkdirSync(ARCHIVES, { recursive: true });
  const parts = Array.from({ length: jobs }, (_, k) => {
    const count = Math.floor(need / jobs) + (k < need % jobs ? 1 : 0);
    const prefix = `imagen-bench/n${size}-${k}`;
    const kind = OWN_LAYERS ? "own" : "shared";
    return { count, prefix, file: join(ARCHIVES, `n${size}-${k}-${count}-${kind}.tar`) };
  });
  log(
    `loading ${n(need)} generated images (${OWN_LAYERS ? "a layer each" : "one shared layer"}, ` +
      `${jobs} archive(s) at once) to reach ${n(size)}`,
  );
  const t0 = Date.now();
  await Promise.all(
    parts.map(async (p) => {
      if (!existsSync(p.file)) {
        if (OWN_LAYERS) {
          const gen = join(root, "scripts/gen-images.mjs");
          await run("node", [gen, String(p.count), "--prefix", p.prefix, "--out", p.file]);
        } else {
          sharedLayerArchive(p.count, p.prefix, p.file);
        }
      }
      await run("docker", ["load", "-q", "-i", p.file]);
    }),
  );
  const loadS = (Date.now() - t0) / 1000;
  const now = await engineImages();
  log(`loaded in ${loadS.toFixed(0)} s; the engine has ${n(now)} images`);
  return { have: now, loadS };
}

// ---- the app ---------------------------------------------------------------------------
/** In the page, as soon as the app's document answers: first card → DOM, frame, frame after. */
async function firstCard(browser) {
  const deadline = Date.now() + 60000;
  let page = null;
  for (;;) {
    page = await browser
      .execute(
        (card) => ({
          href: location.href,
          ready: document.readyState,
          card: document.querySelector(card) !== null,
          now: Date.now(),
        }),
        CARD,
      )
      .catch(() => null);
    if (page && /^(tauri:|https?:\/\/tauri\.localhost)/.test(page.href)) break;
    if (page && /localhost:5173/.test(page.href)) {
      throw new Error(
        `the app loads ${page.href}: a dev build, not the release (custom-protocol) build`,
      );
    }
    if (Date.now() > deadline) throw new Error(`the app's page never loaded (${page?.href})`);
    await sleep(5);
  }
  const seen = await browser.executeAsync((card, done) => {
    const out = {
      already: false,
      dom: NaN,
      frame: NaN,
      after: NaN,
      origin: performance.timeOrigin,
    };
    const drawn = () => {
      requestAnimationFrame(() => {
        out.frame = Date.now();
        requestAnimationFrame(() => {
          out.after = Date.now();
          // The page's own timeline (ms since its time origin), for IMAGEN_BENCH_TRACE.
          const nav = performance.getEntriesByType("navigation")[0];
          out.timeline = [
            ...(nav
              ? [
                  "fetchStart",
                  "responseEnd",
                  "domInteractive",
                  "domContentLoadedEventEnd",
                  "loadEventEnd",
                ].map((k) => ({ name: `navigation ${k}`, at: nav[k] }))
              : []),
            ...performance.getEntriesByType("resource").map((r) => ({
              name: `fetched ${r.name.replace(/^[a-z]+:\/\/[^/]+/, "")}`,
              at: r.startTime,
              end: r.responseEnd,
            })),
            ...performance.getEntriesByType("mark").map((m) => ({ name: m.name, at: m.startTime })),
            ...performance
              .getEntriesByType("paint")
              .map((m) => ({ name: m.name, at: m.startTime })),
          ];
          done(out);
        });
      });
    };
    if (document.querySelector(card)) {
      out.already = true;
      out.dom = Date.now();
      // The page was busy from its script to its first cards, so this script comes late: the
      // page's own marks say when the cards entered the DOM and their frame started
      // (ui/src/lib/app/startup-marks.ts); Date.now() here is only an upper bound.
      const mark = (name) => performance.getEntriesByName(name, "mark")[0]?.startTime;
      const inDom = mark("imagen:first-cards");
      if (inDom !== undefined) out.markedDom = performance.timeOrigin + inDom;
      const frame = mark("imagen:first-cards-frame");
      if (frame !== undefined) out.markedFrame = performance.timeOrigin + frame;
      drawn();
      return;
    }
    const observer = new MutationObserver(() => {
      if (document.querySelector(card)) {
        observer.disconnect();
        out.dom = Date.now();
        drawn();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true });
  }, CARD);
  return { href: page.href, ...seen };
}

async function status(browser) {
  return (
    await browser.execute(() => document.getElementById("filter-status")?.textContent ?? "")
  ).trim();
}
const shownTotal = (text) =>
  Number(text.match(/of ([\d,]+) images/)?.[1]?.replace(/,/g, "") ?? NaN);

/** Types every text in the page, `gap` ms apart: → DOM, → frame that paints it, → frame after. */
function pacedTyping(browser, texts, gap) {
  return browser.executeAsync(
    (texts, gap, done) => {
      const input = document.querySelector('input[aria-label="Filter images"]');
      const out = { dom: [], frame: [], after: [], shown: [] };
      const type = (k) => {
        if (k === texts.length) return done(out);
        const t0 = performance.now();
        input.value = texts[k];
        input.dispatchEvent(new Event("input", { bubbles: true }));
        queueMicrotask(() => {
          out.dom.push(performance.now() - t0);
          requestAnimationFrame(() => {
            out.frame.push(performance.now() - t0);
            requestAnimationFrame(() => {
              out.after.push(performance.now() - t0);
              out.shown.push(document.getElementById("filter-status")?.textContent?.trim());
              setTimeout(() => type(k + 1), gap);
            });
          });
        });
      };
      input.value = "";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      setTimeout(() => type(0), 500);
    },
    texts,
    gap,
  );
}

/** `list_images` from the page, timed there: [ms, images]. */
function invokeList(browser) {
  return browser.executeAsync((done) => {
    const t0 = performance.now();
    window.__TAURI_INTERNALS__.invoke("list_images").then(
      (r) => {
        const t1 = performance.now();
        // What parsing an answer of that size costs the page (Tauri's IPC answers with
        // JSON, which the page parses before the promise resolves).
        const text = JSON.stringify(r);
        const p0 = performance.now();
        JSON.parse(text);
        // Packed by column (imagen-core's images::PackedImageList): one ID per image.
        done([t1 - t0, r.ids.length, performance.now() - p0, text.length]);
      },
      (e) => done([NaN, String(e?.message ?? JSON.stringify(e)), NaN, NaN]),
    );
  });
}

function invokeTiny(browser) {
  return browser.executeAsync((done) => {
    const t0 = performance.now();
    window.__TAURI_INTERNALS__.invoke("preferred_languages").then(
      () => done(performance.now() - t0),
      () => done(NaN),
    );
  });
}

async function measureSize(size) {
  const out = { size };
  out.load = await topUp(size);
  const expected = await engineImages();
  out.engineImages = expected;
  const prefix = `imagen-bench/n${size}-0-`;
  console.log(`\n== ${n(expected)} images in the engine (load average ${loadavg()})`);

  // 1. start → first card.
  const data = mkdtempSync(join(tmpdir(), "imagen-bench-app-data."));
  const env = {
    XDG_CONFIG_HOME: freshConfigHome(),
    XDG_DATA_HOME: join(data, "data"),
    XDG_CACHE_HOME: join(data, "cache"),
  };
  const starts = [];
  let app = null;
  let appPid = null;
  try {
    for (let i = 0; i < STARTS; i++) {
      const before = new Set(appPids());
      app = await launchApp(env, { resetStorage: false });
      const first = await firstCard(app.browser);
      appPid = appPids().find((pid) => !before.has(pid));
      const t0 = startedAt(appPid);
      const s = {
        page: first.origin - t0,
        dom: (first.markedDom ?? first.dom) - t0,
        frame: (first.markedFrame ?? first.frame) - t0,
        after: first.after - t0,
        already: first.already && first.markedFrame === undefined,
      };
      starts.push(s);
      console.log(
        `start ${i + 1}${i === 0 ? " (first ever: empty web data)" : ""}: page created ${f(s.page, 0)} ms, ` +
          `first card in the DOM ${f(s.dom, 0)} ms, ` +
          `drawn (its frame starts) ${f(s.frame, 0)} ms, frame after ${f(s.after, 0)} ms` +
          (s.already ? " (the card was there when the page first answered: upper bound)" : "") +
          (first.markedFrame !== undefined
            ? " (DOM and drawn from the page's own marks; the frame after: upper bound)"
            : "") +
          ` — ${first.href}`,
      );
      if (TRACE) {
        for (const e of [...(first.timeline ?? [])].sort((a, b) => a.at - b.at)) {
          const at = first.origin + e.at - t0;
          const end = e.end === undefined ? "" : ` → ${f(first.origin + e.end - t0, 0)} ms`;
          console.log(`    ${f(at, 0).padStart(5)} ms${end}  ${e.name}`);
        }
      }
      if (i < STARTS - 1) {
        await app.close();
        app = null;
        await sleep(1000);
      }
    }
    out.starts = starts;
    const { browser } = app;
    await browser.setTimeout({ script: 120000 });
    await browser.waitUntil(async () => shownTotal(await status(browser)) >= expected, {
      timeout: 60000,
      interval: 100,
      timeoutMsg: `the grid never showed ${expected} images`,
    });
    console.log(`app pid ${appPid}; status: ${await status(browser)}`);

    // 2. memory, settled and untouched.
    await sleep(SETTLE_S * 1000);
    const mem = pss(appPid);
    out.pss = mem.total;
    out.uss = mem.uss;
    console.log(
      `PSS after ${SETTLE_S} s untouched: ${f(mem.total)} MiB (` +
        mem.per.map((p) => `${p.comm} ${f(p.kb / 1024)}`).join(", ") +
        `); USS (private) ${f(mem.uss)} MiB (` +
        mem.per.map((p) => `${p.comm} ${f(p.uss / 1024)}`).join(", ") +
        `); RSS ${f(mem.rss)} MiB`,
    );

    // 3. idle CPU.
    const focused = await browser.execute(() => {
      const el = document.activeElement;
      return el && el !== document.body
        ? `${el.tagName.toLowerCase()} ${el.getAttribute("aria-label") ?? ""}`.trim()
        : "nothing";
    });
    const watched = descendants(appPid);
    const first = new Map(watched.map((pid) => [pid, stat(pid)]));
    const load0 = loadavg();
    const began = process.hrtime.bigint();
    await sleep(IDLE_S * 1000);
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    let ticks = 0;
    const per = [];
    for (const pid of watched) {
      const a = first.get(pid);
      const b = stat(pid);
      if (!a || !b) continue;
      ticks += b.ticks - a.ticks;
      per.push(`${b.comm} ${b.ticks - a.ticks}`);
    }
    out.idleCpu = (ticks / HZ / seconds) * 100;
    console.log(
      `idle ${seconds.toFixed(1)} s untouched (focused: ${focused}): ${f(out.idleCpu, 2)} % of a core (${ticks} ticks at ${HZ}/s: ${per.join(", ")}; load average before ${load0}, after ${loadavg()})`,
    );

    // 4. filter keystrokes, as the app starts (6 types them again after the list calls).
    const queries = [
      `${prefix}42`.replace(/^imagen-bench\//, ""),
      "bench",
      `reference=*/n${size}-1*`,
      "label=org.imagen.bench=7",
      "size<1MB in-use=false",
    ];
    const texts = queries.flatMap((q) => Array.from(q, (_, k) => q.slice(0, k + 1)));
    const typeQueries = async (when) => {
      const typed = { dom: [], frame: [], after: [] };
      let lastShown = "";
      for (let r = 0; r < ROUNDS; r++) {
        const t = await pacedTyping(browser, texts, PACE);
        for (const key of Object.keys(typed)) typed[key].push(...t[key]);
        lastShown = t.shown.at(-1);
      }
      console.log(
        `filter keystrokes typed in the page ${when}, ${PACE} ms apart (${typed.dom.length}: ${queries.map((q) => JSON.stringify(q)).join(", ")} × ${ROUNDS}; last shows "${lastShown}"):`,
      );
      console.log(
        `  → DOM updated:        ${deciles(typed.dom)}, max ${f(Math.max(...typed.dom))}`,
      );
      console.log(
        `  → its frame starts:   ${deciles(typed.frame)}, max ${f(Math.max(...typed.frame))}`,
      );
      console.log(
        `  → the frame after it: ${deciles(typed.after)}, max ${f(Math.max(...typed.after))}`,
      );
      return typed;
    };
    out.keys = await typeQueries("as the app starts");

    // 4b. live refreshes: an image added and removed in the engine, CHANGES times, each shown.
    const shows = (total) =>
      browser.waitUntil(async () => shownTotal(await status(browser)) === total, {
        timeout: 30000,
        interval: 50,
        timeoutMsg: `the app never showed ${total} images after a change in the engine`,
      });
    const baseline = shownTotal(await status(browser));
    const samples = [];
    const shownIn = [];
    for (let i = 1; i <= CHANGES; i++) {
      const tag = `imagen-bench/live:n${Math.ceil(i / 2)}`;
      const t0 = Date.now();
      // Odd: a new image (nothing in it but a label, so its own ID: one more card); even: its
      // removal. The legacy builder, as the tests use: it needs no BuildKit.
      if (i % 2) {
        execFileSync("docker", ["build", "-q", "-t", tag, "-"], {
          input: `FROM scratch\nLABEL org.imagen.bench.live=${i}\n`,
          env: { ...process.env, DOCKER_BUILDKIT: "0" },
          stdio: ["pipe", "ignore", "ignore"],
        });
      } else await run("docker", ["rmi", tag]);
      await shows(baseline + (i % 2));
      shownIn.push(Date.now() - t0);
      await sleep(250);
      if (i % 10 === 0 || i === CHANGES) samples.push([i, pss(appPid).total]);
    }
    await sleep(SETTLE_S * 1000);
    const settled = pss(appPid);
    out.pssLive = Math.max(...samples.map(([, p]) => p));
    out.pssLiveSettled = settled.total;
    console.log(
      `live refreshes (${CHANGES} changes: docker build of an image, docker rmi of it; each made and shown in median ${f(median(shownIn), 0)} ms): PSS ` +
        samples.map(([i, p]) => `${f(p)} MiB after ${i}`).join(", ") +
        `; ${f(settled.total)} MiB ${SETTLE_S} s later (USS ${f(settled.uss)} MiB)`,
    );

    // 5. backend list through IPC against the raw engine call.
    const ipc = [];
    const pageParse = [];
    let ipcBytes = NaN;
    let rawBytes = NaN;
    const raw = [];
    const rawParsed = [];
    let answered = NaN;
    for (let i = -2; i < RUNS; i++) {
      const [r, body] = await rawGet("/images/json");
      const p0 = process.hrtime.bigint();
      JSON.parse(body);
      const parse = Number(process.hrtime.bigint() - p0) / 1e6;
      await sleep(100);
      const [ms, count, parseMs, bytes] = await invokeList(browser);
      ipcBytes = bytes;
      rawBytes = body.length;
      if (!Number.isFinite(ms)) throw new Error(`list_images failed: ${count}`);
      answered = count;
      await sleep(100);
      // The first two pairs warm up.
      if (i >= 0) {
        raw.push(r);
        rawParsed.push(r + parse);
        ipc.push(ms);
        pageParse.push(parseMs);
      }
    }
    out.ipc = ipc;
    out.raw = raw;
    out.ratio = median(ipc) / median(raw);
    out.pairRatio = median(ipc.map((x, k) => x / raw[k]));
    out.minRatio = Math.min(...ipc) / Math.min(...raw);
    out.pageParse = pageParse;
    out.rawParsed = rawParsed;
    console.log(
      `list (${RUNS} pairs, alternating; load average ${loadavg()}): ` +
        `list_images from the page median ${f(median(ipc))} ms ${list(ipc)}, ` +
        `raw GET /images/json median ${f(median(raw))} ms ${list(raw)}; ` +
        `ratio ${f(out.ratio, 3)} (${answered} images in the answer)`,
    );
    console.log(
      `  other readings: median of the ${RUNS} pairs' ratios ${f(out.pairRatio, 3)}; fastest list_images ${f(Math.min(...ipc))} ms / ` +
        `fastest raw GET ${f(Math.min(...raw))} ms = ${f(out.minRatio, 3)}`,
    );
    console.log(
      `  raw GET + JSON.parse in node: median ${f(median(rawParsed))} ms (ratio ${f(median(ipc) / median(rawParsed), 3)}); ` +
        `the engine's answer ${n(rawBytes)} bytes, the app's ${n(ipcBytes)} bytes (as JSON), ` +
        `which the page parses in ${f(median(pageParse))} ms (median)`,
    );
    // What any command costs the page, engine or not: the IPC round trip of a command that
    // only returns a short list (preferred_languages), the floor under list_images.
    const floor = [];
    for (let i = 0; i < RUNS; i++) floor.push(await invokeTiny(browser));
    out.ipcFloor = median(floor);
    console.log(
      `  IPC round trip of a command that touches no engine (preferred_languages): median ${f(out.ipcFloor, 2)} ms`,
    );

    // 6. the typing again, after the list calls.
    out.keysAfterLists = await typeQueries(`after the ${RUNS + 2} list calls`);
    const end = pss(appPid);
    out.pssAfter = end.total;
    out.ussAfter = end.uss;
    console.log(
      `PSS at the end (after the list calls and the typing): ${f(end.total)} MiB; USS ${f(end.uss)} MiB`,
    );
  } finally {
    await app?.close();
    rmSync(data, { recursive: true, force: true });
  }
  return out;
}

// ---- run -------------------------------------------------------------------------------
const results = [];
log(`app: ${appBinary}; sizes ${SIZES.join(", ")}; load average ${loadavg()}`);
for (const size of SIZES) results.push(await measureSize(size));

// Installers.
// IMAGEN_BENCH_BUNDLE: the installers of the binary measured (another clone's target/release/bundle).
const bundle = resolve(process.env.IMAGEN_BENCH_BUNDLE ?? join(root, "target/release/bundle"));
// What the installers must be newer than: the commit measured (scripts/bench-app.sh passes
// its time; `npx tauri build` relinks the binary on every run, since it rewrites the UI it
// embeds, so the binary's own time would call every installer stale), else the binary's.
const sourceTime = Number(process.env.IMAGEN_BENCH_SOURCE_TIME);
const builtAt =
  Number.isFinite(sourceTime) && sourceTime > 0
    ? new Date(sourceTime * 1000)
    : statSync(appBinary).mtime;
const installers = [];
for (const [kind, ext] of [
  ["deb", ".deb"],
  ["rpm", ".rpm"],
  ["appimage", ".AppImage"],
]) {
  const dir = join(bundle, kind);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).filter((x) => x.endsWith(ext))) {
    const st = statSync(join(dir, name));
    installers.push({ kind, name, bytes: st.size, mtime: st.mtime, stale: st.mtime < builtAt });
  }
}

// ---- the table -------------------------------------------------------------------------
const rows = [];
const mark = (ok) => (ok === null ? "–" : ok ? "PASS" : "MISS");
const smallest = results[0];
const largest = results.at(-1);
for (const r of results.filter((r) => r.size >= 1000)) {
  rows.push([
    `backend list / raw GET /images/json, ${n(r.engineImages)} images`,
    `${f(r.ratio, 2)}× (${f(median(r.ipc))} / ${f(median(r.raw))} ms; pairs ${f(r.pairRatio, 2)}×, fastest ${f(r.minRatio, 2)}×)`,
    "≤ 1.10×",
    mark(r.ratio <= 1.1),
  ]);
}
for (const r of results) {
  const ms = median(r.starts.map((s) => s.frame));
  const target = r === largest && r.size >= 10000;
  rows.push([
    `process start → first card drawn, ${n(r.engineImages)} images (median of ${r.starts.length})`,
    `${f(ms / 1000, 2)} s`,
    target ? "≤ 0.5 s" : "–",
    mark(target ? Math.round(ms) <= 500 : null),
  ]);
}
for (const [key, when] of [
  ["keys", "as the app starts"],
  ["keysAfterLists", `after ${RUNS + 2} list calls`],
]) {
  for (const r of results) {
    const ms = median(r[key].after);
    const target = r === largest && r.size >= 10000;
    rows.push([
      `filter keystroke → the frame after it, ${when}, ${n(r.engineImages)} images (median)`,
      `${f(ms)} ms`,
      target ? "≤ 16 ms" : "–",
      // Timings from performance.now() differences carry float noise (16.000000000007).
      mark(target ? Math.round(ms * 10) / 10 <= 16 : null),
    ]);
  }
}
for (const r of results) {
  const ratio = r.pss / smallest.pss;
  const target = r === largest && r !== smallest;
  rows.push([
    `PSS, app + web processes, ${n(r.engineImages)} images`,
    r === smallest
      ? `${f(r.pss)} MiB`
      : `${f(r.pss)} MiB = ${f(ratio, 3)}× of ${n(smallest.engineImages)}`,
    target ? `≤ 1.15× of ${n(smallest.engineImages)}` : "–",
    mark(target ? ratio <= 1.15 : null),
  ]);
}
for (const r of results) {
  const ratio = r.uss / smallest.uss;
  rows.push([
    `USS (private memory), app + web processes, ${n(r.engineImages)} images`,
    r === smallest
      ? `${f(r.uss)} MiB`
      : `${f(r.uss)} MiB = ${f(ratio, 3)}× of ${n(smallest.engineImages)}`,
    "–",
    "–",
  ]);
}
for (const r of results) {
  rows.push([
    `PSS during ${CHANGES} live refreshes (highest) / ${SETTLE_S} s after, ${n(r.engineImages)} images`,
    `${f(r.pssLive)} / ${f(r.pssLiveSettled)} MiB = ${f(r.pssLive / r.pss, 3)}× / ${f(r.pssLiveSettled / r.pss, 3)}× of the settled start`,
    "–",
    "–",
  ]);
}
for (const r of results) {
  const ratio = r.pssAfter / smallest.pssAfter;
  rows.push([
    `PSS after the list calls and the typing, ${n(r.engineImages)} images`,
    r === smallest
      ? `${f(r.pssAfter)} MiB`
      : `${f(r.pssAfter)} MiB = ${f(ratio, 3)}× of ${n(smallest.engineImages)}`,
    "–",
    "–",
  ]);
}
for (const r of results) {
  rows.push([
    `idle CPU over ${IDLE_S} s, app + web processes, ${n(r.engineImages)} images`,
    `${f(r.idleCpu, 2)} % of a core`,
    "< 1 %",
    mark(r.idleCpu < 1),
  ]);
}
if (!installers.length)
  rows.push(["installers (target/release/bundle)", "none built (scripts/package.sh)", "–", "–"]);
for (const i of installers) {
  const mb = i.bytes / 1e6;
  const when = i.mtime.toISOString().slice(0, 16);
  rows.push([
    `${i.kind}: ${i.name} (${when}${i.stale ? ", older than what was measured" : ""})`,
    `${f(mb, 2)} MB (${f(i.bytes / 2 ** 20, 2)} MiB)`,
    i.kind === "deb" ? "≤ 4 MB" : "–",
    i.stale ? "STALE" : mark(i.kind === "deb" ? mb <= 4 : null),
  ]);
}
if (installers.some((i) => i.stale))
  log(
    "installers older than what was measured: STALE in the table (scripts/package.sh makes them afresh)",
  );
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length), 8));
const line = (r) => `| ${r.map((x, c) => x.padEnd(widths[c])).join(" | ")} |`;
console.log(`\nResults (load average ${loadavg()}):\n`);
console.log(line(["figure", "measured", "target", "result"]));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
if (process.env.IMAGEN_BENCH_JSON) {
  writeFileSync(process.env.IMAGEN_BENCH_JSON, JSON.stringify({ results, installers }, null, 2));
}
