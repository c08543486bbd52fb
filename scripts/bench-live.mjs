// Live updates with 1,000+ images, in the real app (WebKitGTK under Xvfb) against a private
// engine: how long a change made in a terminal takes to show, what the app costs when nothing
// happens, and how a burst of changes is coalesced. Run by scripts/bench-live.sh, which starts
// the engine, loads the images and sets DOCKER_HOST; results go in docs/benchmarks.md.
//
// The app reaches the engine through a pass-through proxy on a unix socket of this script's
// own (it forwards bytes unchanged and only notes the time of each request and of each chunk
// of the /events stream): that is how the figures are split into the engine, the app's
// coalescing, its list call and the page, and how the idle phase shows whether anything is
// polled. In the page a MutationObserver notes (Date.now(), the same clock as this script's)
// when the tag chip shows or goes, and requestAnimationFrame when the next frame starts.
//
// 1. event → card: IMAGEN_BENCH_ROUNDS (20) times `docker tag <first card's image>
//    imagen-bench/live:<k>`, then `docker rmi` of that tag, timed from just before the CLI is
//    started to the chip on the card in the DOM; 1.5 s apart so each is its own burst.
// 2. idle: IMAGEN_BENCH_IDLE_S (60) seconds untouched, then half as long with the filter field
//    focused (its caret blinks), then as long with a card's button focused (no caret); CPU time
//    (utime + stime) of the app and every descendant (the WebKit processes), of the private
//    dockerd and its containerd, and of Xvfb, over the same window.
// 3. burst: IMAGEN_BENCH_BURST (200) images tagged imagen-bench/burst-<i>:b through the API,
//    8 requests at a time, with the filter set to `imagen-bench/burst`; then the tags removed.
//    Counts the app's list calls and the page's updates.
// IMAGEN_BENCH_JSON=path: also writes the raw figures there.
import { execFile } from "node:child_process";
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appBinary, launchApp } from "../e2e/support.mjs";

const ROUNDS = Number(process.env.IMAGEN_BENCH_ROUNDS ?? 20);
const IDLE_S = Number(process.env.IMAGEN_BENCH_IDLE_S ?? 60);
const BURST = Number(process.env.IMAGEN_BENCH_BURST ?? 200);
const GRID = '[role="list"][aria-label="Images"]';
const ENGINE = process.env.DOCKER_HOST ?? "";
if (!ENGINE.startsWith("unix://") || ENGINE === "unix:///var/run/docker.sock") {
  console.error(
    "bench-live: run through scripts/bench-live.sh (a private engine on a unix socket)",
  );
  process.exit(2);
}
const engineSocket = ENGINE.slice("unix://".length);
const sleep = (t) => new Promise((r) => setTimeout(r, t));
const run = (cmd, args) =>
  new Promise((ok, fail) =>
    execFile(cmd, args, { encoding: "utf8" }, (e, out, err) =>
      e ? fail(new Error(`${cmd} ${args.join(" ")}: ${err || e.message}`)) : ok(out),
    ),
  );

// ---- the proxy -------------------------------------------------------------------------
/** Every request the app made: { at, method, path, firstByte, lastByte } (ms, Date.now()). */
const requests = [];
/** Every chunk of the /events stream: { at, engineMs } (engineMs: the engine's timeNano). */
const eventChunks = [];
const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;
const dir = mkdtempSync(join(tmpdir(), "imagen-bench-live-proxy."));
const proxyPath = join(dir, "docker.sock");
const proxy = createServer((client) => {
  const upstream = connect(engineSocket);
  let current = null; // the request whose answer is coming on this connection
  client.on("data", (chunk) => {
    const at = Date.now();
    for (const [, method, path] of chunk.toString("latin1").matchAll(REQUEST_LINE)) {
      current = { at, method, path: path.replace(/^\/v1\.\d+/, ""), firstByte: NaN, lastByte: NaN };
      requests.push(current);
    }
    upstream.write(chunk);
  });
  upstream.on("data", (chunk) => {
    const at = Date.now();
    if (current) {
      if (Number.isNaN(current.firstByte)) current.firstByte = at;
      current.lastByte = at;
      if (current.path.startsWith("/events")) {
        const nanos = [...chunk.toString("latin1").matchAll(/"timeNano":(\d+)/g)];
        for (const [, n] of nanos) eventChunks.push({ at, engineMs: Number(BigInt(n) / 1000000n) });
      }
    }
    client.write(chunk);
  });
  const end = () => (client.destroy(), upstream.destroy());
  client.on("close", end).on("error", end);
  upstream.on("close", end).on("error", end);
});
await new Promise((ok, fail) => proxy.once("error", fail).listen(proxyPath, ok));

// ---- helpers ---------------------------------------------------------------------------
const sorted = (xs) => xs.filter(Number.isFinite).sort((a, b) => a - b);
const pct = (xs, p) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const median = (xs) => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : "–");
const row = (label, xs) =>
  `  ${label.padEnd(38)} ${[
    Math.min(...sorted(xs)),
    median(xs),
    pct(xs, 90),
    Math.max(...sorted(xs)),
  ]
    .map((x) => f0(x).padStart(6))
    .join(" ")}`;
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** The engine API straight on its socket (not through the proxy). */
function api(method, path) {
  return new Promise((ok, fail) => {
    const req = request({ socketPath: engineSocket, method, path, agent: false }, (res) => {
      res.resume();
      res.on("end", () =>
        res.statusCode < 300
          ? ok(res.statusCode)
          : fail(new Error(`${method} ${path}: ${res.statusCode}`)),
      );
    });
    req.on("error", fail);
    req.end();
  });
}
async function pool(items, width, job) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await job(items[next++]);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

// ---- processes -------------------------------------------------------------------------
const pids = () =>
  readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const f = text.slice(close + 2).split(" "); // f[0] is field 3 (state)
    return { pid, comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}
function descendants(root) {
  const all = pids().map(stat).filter(Boolean);
  const out = [root];
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
const HZ = Number((await run("getconf", ["CLK_TCK"])).trim());

// ---- the app ---------------------------------------------------------------------------
const before = new Set(appPids());
const app = await launchApp({ DOCKER_HOST: `unix://${proxyPath}` });
const { browser } = app;
const results = {};
try {
  await browser.setTimeout({ script: 30000 });
  const appPid = appPids().find((pid) => !before.has(pid));
  const t0 = Date.now();
  await browser
    .$(`${GRID} [role="listitem"]`)
    .waitForExist({ timeout: 60000 })
    .catch(async (e) => {
      const text = await browser.execute(() => document.body.innerText.slice(0, 600));
      console.error(
        `bench-live: no cards; the page says:\n${text}\nrequests: ${requests.map((r) => `${r.method} ${r.path}`).join(", ")}`,
      );
      throw e;
    });
  const total = Number((await run("docker", ["images", "-q"])).trim().split("\n").length);
  await browser.waitUntil(
    async () =>
      (await browser.execute(() => document.getElementById("filter-status")?.textContent ?? ""))
        .trim()
        .match(/of ([\d,]+) images/)?.[1]
        ?.replace(/,/g, "") >= 1000,
    { timeout: 60000, timeoutMsg: "the grid never showed 1,000 images" },
  );
  const status = async () =>
    (
      await browser.execute(() => document.getElementById("filter-status")?.textContent ?? "")
    ).trim();
  console.log(
    `app pid ${appPid}; grid up ${Date.now() - t0} ms after the session; ${await status()}; docker images rows: ${total}`,
  );
  await sleep(3000);

  // The page's recorder: the chip of `ref` shown (or gone) and every batch of mutations.
  await browser.execute(() => {
    const b = (window.__bench = { ref: null, want: true, dom: NaN, frame: NaN, batches: [] });
    new MutationObserver(() => {
      const now = Date.now();
      b.batches.push(now);
      if (b.ref && Number.isNaN(b.dom)) {
        const here = [...document.querySelectorAll(".chip")].some(
          (c) => c.getAttribute("title") === b.ref,
        );
        if (here === b.want) {
          b.dom = now;
          requestAnimationFrame(() => (b.frame = Date.now()));
        }
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["title"],
    });
  });
  const source = await browser.execute(
    (grid) => document.querySelector(`${grid} [role="listitem"]`)?.dataset.imageId,
    GRID,
  );
  const sourceName = await browser.execute(
    (grid) => document.querySelector(`${grid} [role="listitem"]`)?.getAttribute("aria-label"),
    GRID,
  );
  console.log(`tagging the first card's image: ${sourceName} (${source.slice(0, 19)})`);

  // ---- 1. event → card -----------------------------------------------------------------
  const measure = async (ref, want, args) => {
    await browser.execute(
      (ref, want) => Object.assign(window.__bench, { ref, want, dom: NaN, frame: NaN }),
      ref,
      want,
    );
    const from = requests.length;
    const fromEvents = eventChunks.length;
    const start = Date.now();
    await run("docker", args);
    const cli = Date.now() - start;
    const seen = await browser.executeAsync((done) => {
      const b = window.__bench;
      const wait = Date.now() + 10000;
      const check = () =>
        Number.isFinite(b.frame) || Date.now() > wait
          ? done([b.dom, b.frame])
          : setTimeout(check, 20);
      check();
    });
    const list = requests.slice(from).find((r) => r.path.startsWith("/images/json"));
    // The app lists containers too (for the cards' usage), alongside the images.
    const containers = requests
      .slice(from)
      .find((r) => r.path.startsWith("/containers/json") && list && r.at >= list.at);
    const event = eventChunks.slice(fromEvents)[0];
    return {
      cli,
      engineEvent: event ? event.engineMs - start : NaN,
      eventAtApp: event ? event.at - start : NaN,
      listSent: list ? list.at - start : NaN,
      listDone: list ? list.lastByte - start : NaN,
      containersDone: containers ? containers.lastByte - start : NaN,
      dom: seen[0] - start,
      frame: seen[1] - start,
      lists: requests.slice(from).filter((r) => r.path.startsWith("/images/json")).length,
    };
  };
  const tags = [];
  const rmis = [];
  const loadBefore = loadavg();
  for (let k = 0; k < ROUNDS; k++) {
    const ref = `imagen-bench/live:${k}`;
    tags.push(await measure(ref, true, ["tag", source, ref]));
    await sleep(1500);
    rmis.push(await measure(ref, false, ["rmi", ref]));
    await sleep(1500);
  }
  results.tags = tags;
  results.rmis = rmis;
  const table = (title, xs) => {
    console.log(`\n${title} (${xs.length} runs; ms from just before the docker CLI starts)`);
    console.log(
      `  ${"".padEnd(38)} ${["min", "median", "p90", "max"].map((h) => h.padStart(6)).join(" ")}`,
    );
    console.log(
      row(
        "docker CLI returned",
        xs.map((x) => x.cli),
      ),
    );
    console.log(
      row(
        "event time stamped by the engine",
        xs.map((x) => x.engineEvent),
      ),
    );
    console.log(
      row(
        "event reached the app's socket",
        xs.map((x) => x.eventAtApp),
      ),
    );
    console.log(
      row(
        "app asked /images/json",
        xs.map((x) => x.listSent),
      ),
    );
    console.log(
      row(
        "engine answered /containers/json",
        xs.map((x) => x.containersDone),
      ),
    );
    console.log(
      row(
        "engine answered /images/json",
        xs.map((x) => x.listDone),
      ),
    );
    console.log(
      row(
        "→ card updated in the DOM",
        xs.map((x) => x.dom),
      ),
    );
    console.log(
      row(
        "→ next frame starts (painted)",
        xs.map((x) => x.frame),
      ),
    );
    const missed = xs.filter((x) => !Number.isFinite(x.dom)).length;
    const lists = xs.map((x) => x.lists);
    console.log(
      `  list calls per change: ${[...new Set(lists)].sort().join("/")}; not seen within 10 s: ${missed}`,
    );
  };
  console.log(
    `\nload average (1, 5, 15 min) before these rounds ${loadBefore}, after ${loadavg()}`,
  );
  table("docker tag → chip shown on the card", tags);
  table("docker rmi (the tag) → chip gone", rmis);

  // ---- 2. idle -------------------------------------------------------------------------
  await sleep(3000);
  const dockerdPid = Number(
    readFileSync(`${engineSocket.replace(/docker\.sock$/, "")}dockerd.pid`, "utf8"),
  );
  // The X server scripts/xvfb.sh started: this script's sibling (it paints what the app draws).
  const xvfb = pids()
    .map(stat)
    .filter((p) => p && p.ppid === process.ppid && p.comm === "Xvfb")
    .map((p) => p.pid);
  const idle = async (label, secs) => {
    const watched = [...descendants(appPid), ...descendants(dockerdPid), ...xvfb];
    const first = new Map(watched.map((pid) => [pid, stat(pid)]));
    const batches0 = await browser.execute(() => window.__bench.batches.length);
    const requests0 = requests.length;
    const load0 = loadavg();
    const began = process.hrtime.bigint();
    // The app's ticks per 10 s slice too: whether its cost stops after a while.
    const appTicks = () =>
      descendants(appPid).reduce((sum, pid) => sum + (stat(pid)?.ticks ?? 0), 0);
    const slices = [];
    for (let left = secs, last = appTicks(); left > 0; left -= 10) {
      await sleep(Math.min(10, left) * 1000);
      const now = appTicks();
      slices.push(now - last);
      last = now;
    }
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    const batches1 = await browser.execute(() => window.__bench.batches.length);
    console.log(
      `\nidle ${seconds.toFixed(1)} s, ${label} (load average before ${load0}, after ${loadavg()}; CLK_TCK ${HZ})`,
    );
    const out = {};
    const groups = { app: descendants(appPid), engine: descendants(dockerdPid), X: xvfb };
    for (const [group, members] of Object.entries(groups)) {
      let sum = 0;
      for (const pid of members) {
        const a = first.get(pid);
        const b = stat(pid);
        if (!a || !b) {
          console.log(
            `  ${group}: pid ${pid} ${a?.comm ?? b?.comm ?? "?"} came or went during the window`,
          );
          continue;
        }
        const share = ((b.ticks - a.ticks) / HZ / seconds) * 100;
        sum += share;
        console.log(
          `  ${group.padEnd(6)} ${String(pid).padStart(7)} ${b.comm.padEnd(22)} ${share.toFixed(2).padStart(6)} % of a core (${b.ticks - a.ticks} ticks)`,
        );
      }
      out[group] = sum;
      console.log(
        `  ${group.padEnd(6)} ${"".padStart(7)} ${"total".padEnd(22)} ${sum.toFixed(2).padStart(6)} % of a core`,
      );
    }
    const during = requests.slice(requests0);
    console.log(
      `  requests from the app to the engine meanwhile: ${during.length}` +
        (during.length ? ` (${during.map((r) => `${r.method} ${r.path}`).join(", ")})` : "") +
        `; DOM mutation batches: ${batches1 - batches0}`,
    );
    console.log(`  app ticks per 10 s: ${slices.join(", ")}`);
    return out;
  };
  results.idle = await idle("untouched, nothing focused", IDLE_S);
  // The filter field focused, as after a click in it: its caret blinks.
  await browser.execute(() => document.querySelector('input[aria-label="Filter images"]').focus());
  results.idleFocused = await idle("the filter field focused (caret)", Math.max(10, IDLE_S / 2));
  // A button focused instead: a focus ring, no caret.
  await browser.execute(() => {
    document.querySelector('input[aria-label="Filter images"]').blur();
    document.querySelector('[role="listitem"] button.open')?.focus();
  });
  results.idleButton = await idle("a card's button focused (no caret)", Math.max(10, IDLE_S / 2));

  // ---- 3. burst ------------------------------------------------------------------------
  await browser.execute(() => {
    const input = document.querySelector('input[aria-label="Filter images"]');
    input.value = "imagen-bench/burst";
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await browser.waitUntil(async () => (await status()).startsWith("0 of"), { timeout: 10000 });
  await sleep(1000);
  const burst = async (label, method, pathOf, want) => {
    await browser.execute(() => {
      const b = window.__bench;
      b.ref = null;
      b.batches = [];
      b.statuses = [];
      const el = document.getElementById("filter-status");
      b.statusObserver?.disconnect();
      b.statusObserver = new MutationObserver(() =>
        b.statuses.push([Date.now(), el.textContent.trim()]),
      );
      b.statusObserver.observe(el, { subtree: true, childList: true, characterData: true });
    });
    const from = requests.length;
    const start = Date.now();
    await pool([...Array(BURST).keys()], 8, (i) => api(method, pathOf(i)));
    const apiDone = Date.now() - start;
    await browser.waitUntil(async () => (await status()).startsWith(`${want} of`), {
      timeout: 20000,
      interval: 100,
      timeoutMsg: `${label}: the status never showed ${want}`,
    });
    await sleep(1500);
    const page = await browser.execute(() => ({
      batches: window.__bench.batches,
      statuses: window.__bench.statuses,
    }));
    const lists = requests.slice(from).filter((r) => r.path.startsWith("/images/json"));
    // Updates: mutation batches more than 100 ms apart.
    const updates = page.batches.filter((t, i, a) => i === 0 || t - a[i - 1] > 100).length;
    const shown = page.statuses.find(([, text]) => text.startsWith(`${want} of`));
    const counts = [
      ...new Set(page.statuses.map(([t, text]) => `${text.split(" of ")[0]}@${t - start}`)),
    ];
    console.log(
      `\n${label}: ${BURST} × ${method} through the API, 8 at a time (load average ${loadavg()})`,
    );
    console.log(`  all ${BURST} requests answered after ${apiDone} ms`);
    console.log(
      `  last change shown (status "${want} of …") after ${shown ? shown[0] - start : NaN} ms`,
    );
    console.log(
      `  list calls by the app: ${lists.length} (sent at ${lists.map((r) => r.at - start).join(", ")} ms)`,
    );
    console.log(
      `  page updates (mutation batches > 100 ms apart): ${updates}; shown count @ms: ${counts.join(", ")}`,
    );
    return { apiDone, shown: shown ? shown[0] - start : NaN, lists: lists.length, updates };
  };
  results.burstTag = await burst(
    "burst of tags",
    "POST",
    (i) => `/v1.41/images/imagen-bench/img-${i}:latest/tag?repo=imagen-bench/burst-${i}&tag=b`,
    BURST,
  );
  results.burstRmi = await burst(
    "burst of untags",
    "DELETE",
    (i) => `/v1.41/images/imagen-bench/burst-${i}:b`,
    0,
  );
  console.log(
    `\nall requests the app made: ${[...requests.reduce((m, r) => m.set(`${r.method} ${r.path.split("?")[0]}`, (m.get(`${r.method} ${r.path.split("?")[0]}`) ?? 0) + 1), new Map())].map(([k, n]) => `${k} ×${n}`).join(", ")}`,
  );
  if (process.env.IMAGEN_BENCH_JSON) {
    writeFileSync(process.env.IMAGEN_BENCH_JSON, JSON.stringify(results, null, 2));
  }
} finally {
  await app.close();
  proxy.close();
  rmSync(dir, { recursive: true, force: true });
}
