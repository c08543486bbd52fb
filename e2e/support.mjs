// Drives the REAL Imagen binary through tauri-driver + WebKitWebDriver under Xvfb.
// Each launch starts its own tauri-driver with the environment the app should see
// (tauri-driver → WebKitWebDriver → the app all inherit it), so one suite can point the
// app at the private engine and another at a dead socket.
import { spawn, execFileSync } from "node:child_process";
import { createServer, connect } from "node:net";
import { createServer as createHttpServer } from "node:http";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { remote } from "webdriverio";

export const root = resolve(import.meta.dirname, "..");
export const appBinary = process.env.IMAGEN_APP_BINARY ?? resolve(root, "target/e2e/imagen");
export const artifacts = resolve(root, ".e2e-artifacts");

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitForPort(port, ms = 15000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const up = await new Promise((ok) => {
      const s = connect(port, "127.0.0.1", () => (s.destroy(), ok(true)));
      s.on("error", () => ok(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${ms} ms`);
}

/** Running processes of the app binary (by /proc/<pid>/exe). */
function appPids() {
  const binary = realpathSync(appBinary);
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readlinkSync(`/proc/${d}/exe`) === binary;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Every process below `pid` (children, their children…), by the parent pid in /proc/<pid>/stat. */
function descendants(pid) {
  const parentOf = new Map();
  for (const d of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      parentOf.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found = [];
  for (let frontier = [pid]; frontier.length > 0;) {
    const next = [...parentOf]
      .filter(([, ppid]) => frontier.includes(ppid))
      .map(([child]) => child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// The launches not closed yet. When the test runner stops this suite's process (e2e/run.sh's
// --test-timeout sends a SIGTERM), their drivers and apps would outlive it, still on the
// display: stop them, and remove their settings folders, before exiting.
const unclosed = new Set();
process.once("SIGTERM", () => {
  for (const { driver, configHome } of unclosed) {
    for (const pid of [...descendants(driver.pid), driver.pid]) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // Gone already.
      }
    }
    if (configHome) rmSync(configHome, { recursive: true, force: true });
  }
  process.exit(143);
});

/** An empty folder for the app's settings (XDG_CONFIG_HOME). */
export function freshConfigHome() {
  return mkdtempSync(resolve(tmpdir(), "imagen-e2e-config-"));
}

/** Starts the app with `env` added to the environment; returns the session and a closer. */
export async function launchApp(env, { resetStorage = true } = {}) {
  if (!process.env.DISPLAY) throw new Error("DISPLAY is not set: run through e2e/run.sh (Xvfb)");
  const port = await freePort();
  const nativePort = await freePort();
  const earlier = new Set(appPids());
  // Ours to delete on close; a test that brings its own (to keep across launches) deletes it.
  const configHome = env.XDG_CONFIG_HOME === undefined ? freshConfigHome() : null;
  const driver = spawn(
    "tauri-driver",
    ["--port", String(port), "--native-port", String(nativePort)],
    {
      // Its own settings folder each launch (the engine chosen in the header is remembered
      // there), unless the test brings one to see what is remembered across launches.
      // English unless the test says otherwise, whatever the machine's locale.
      env: {
        ...process.env,
        LANGUAGE: "",
        LC_ALL: "",
        LC_MESSAGES: "",
        LANG: "en_US.UTF-8",
        ...(configHome ? { XDG_CONFIG_HOME: configHome } : {}),
        ...env,
      },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const launch = { driver, configHome };
  unclosed.add(launch);
  // Anything below can throw (the driver never listens, the session or the reload fails).
  // Then nothing would close what was started: the driver and the app keep the test runner's
  // output pipe open and `node --test` never exits. So stop them here and pass the error on.
  let browser;
  try {
    await waitForPort(port);
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      capabilities: { "tauri:options": { application: appBinary } },
    });
    // The app remembers its filter across restarts; every suite starts from a clean slate.
    if (resetStorage) {
      await browser.execute(() => {
        localStorage.clear();
        window.__imagenBeforeReload = true;
        location.reload();
      });
      // `execute` returns before the page has reloaded: until it has, a test finds the first
      // page's cards, which then vanish (CI's engine-restart test counted 23 cards there,
      // stopped dockerd, and the reloaded page had none to keep). Wait for the new page.
      await browser.waitUntil(
        () => browser.execute(() => !window.__imagenBeforeReload).catch(() => false),
        { timeout: 20000, interval: 50, timeoutMsg: "the app's page did not reload" },
      );
    }
  } catch (error) {
    // The app may still be starting, below WebKitWebDriver below the driver: stop those too.
    const started = new Set([
      ...appPids().filter((pid) => !earlier.has(pid)),
      ...descendants(driver.pid),
    ]);
    await stopLaunch({ browser, driver, ours: [...started], configHome });
    unclosed.delete(launch);
    throw error;
  }
  const ours = appPids().filter((pid) => !earlier.has(pid));
  return {
    browser,
    async close() {
      await stopLaunch({ browser, driver, ours, configHome });
      unclosed.delete(launch);
    },
  };
}

/** Ends a launch: its session, its driver, the app processes it started, its settings folder. */
async function stopLaunch({ browser, driver, ours, configHome }) {
  if (browser) await browser.deleteSession().catch(() => {});
  driver.kill();
  // Ending the session normally closes the app. Seen on this machine: now and then it
  // outlives a session (deleteSession failing quietly); an orphan keeps the test
  // runner's output pipe open and the whole e2e run hangs. So make sure it is gone.
  for (let waited = 0; waited < 3000 && ours.some(alive); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const pid of ours.filter(alive)) {
    console.error(`e2e: process ${pid} of this launch outlived its session; stopping it`);
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // Gone between the check and the signal.
    }
  }
  if (configHome) rmSync(configHome, { recursive: true, force: true });
}

export async function screenshot(browser, name) {
  mkdirSync(artifacts, { recursive: true });
  const path = resolve(artifacts, `${name}.png`);
  // WebKitWebDriver takes its snapshot after the next presentation update. When the app draws
  // without compositing (no GPU here: src-tauri/src/rendering.rs) and the page is idle, that
  // update never comes and the request hangs. The window itself paints fine (checked against
  // X11 captures), so keep the page painting while the snapshot is taken: one invisible pixel
  // whose opacity changes every frame for a second.
  await browser.execute(() => {
    const pixel = document.createElement("div");
    pixel.style.cssText =
      "position:fixed;left:0;top:0;width:1px;height:1px;background:#000;pointer-events:none";
    document.body.append(pixel);
    let frames = 0;
    const tick = () => {
      pixel.style.opacity = frames % 2 ? "0.01" : "0.02";
      if (++frames < 60) requestAnimationFrame(tick);
      else pixel.remove();
    };
    requestAnimationFrame(tick);
  });
  await browser.saveScreenshot(path);
  return path;
}

/** The docker CLI against the engine the tests use. */
export function docker(...args) {
  return execFileSync("docker", args, { encoding: "utf8" });
}

/** Image rows of `docker images`, grouped by ID: the oracle for what cards must show. */
export function dockerImages() {
  const byId = new Map();
  for (const line of docker("images", "--no-trunc", "--format", "{{json .}}").trim().split("\n")) {
    const row = JSON.parse(line);
    const entry = byId.get(row.ID) ?? { id: row.ID, tags: [], size: row.Size, dangling: false };
    if (row.Repository === "<none>" && row.Tag === "<none>") entry.dangling = true;
    else entry.tags.push(`${row.Repository}:${row.Tag}`);
    byId.set(row.ID, entry);
  }
  return [...byId.values()];
}

/**
 * A stand-in engine on a unix socket that answers the handshake (`GET /version`) and counts
 * the app's list requests (`/images/json`), dropping the connection on those and on
 * everything else — so the engine still "answers nothing" a user can use. The background
 * event watcher only ever asks `/version` and `/events` here, so the count is the app's
 * own list calls (Retry, a focus, a refresh).
 */
export async function listCountingEngine(path) {
  rmSync(path, { force: true });
  let lists = 0;
  const server = createHttpServer((req, res) => {
    if (req.url === "/version") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({ Version: "20.10.0", ApiVersion: "1.41", Os: "linux", Arch: "amd64" }),
      );
      return;
    }
    if (/\/images\/json/.test(req.url ?? "")) lists++;
    res.socket?.destroy();
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(path, done);
  });
  return {
    get lists() {
      return lists;
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

/**
 * A socket proxy in front of the engine at `upstream` (a unix socket path) that forbids
 * `GET /events` the way docker-socket-proxy does (a 403 with an HTML page) while `refusing`
 * is true, and passes every other request through untouched. The app pools connections, so
 * every request of a connection is looked at, not only its first.
 */
export async function eventsRefusingProxy(path, upstream) {
  rmSync(path, { force: true });
  const page =
    "<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n";
  const state = { refusing: true, refusals: 0 };
  const server = createServer((client) => {
    const engine = connect(upstream);
    engine.on("error", () => client.destroy());
    client.on("error", () => engine.destroy());
    engine.pipe(client);
    client.on("data", (chunk) => {
      // A request head arrives in one write; `/events` is only ever a GET.
      if (
        state.refusing &&
        /(^|\r\n)GET \/(v[\d.]+\/)?events[?\s]/.test(chunk.toString("latin1"))
      ) {
        state.refusals++;
        engine.unpipe(client);
        engine.destroy();
        client.end(
          `HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\nConnection: close\r\n\r\n${page}`,
        );
        return;
      }
      engine.write(chunk);
    });
    client.on("end", () => engine.end());
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(path, done);
  });
  return {
    state,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A ustar header for a regular file `name` of `size` bytes (a number or a BigInt): the size
 * in octal while it fits 11 digits, else in GNU base-256 (a sparse kit claiming a terabyte). */
export function tarHeader(name, size) {
  const h = Buffer.alloc(512);
  h.write(name, 0, "ascii");
  h.write("0000644\0", 100, "ascii");
  h.write("0000000\0", 108, "ascii");
  h.write("0000000\0", 116, "ascii");
  const big = BigInt(size);
  if (big < 8n ** 11n) h.write(`${big.toString(8).padStart(11, "0")}\0`, 124, "ascii");
  else {
    h[124] = 0x80;
    h.writeBigUInt64BE(big, 128);
  }
  h.write("00000000000\0", 136, "ascii");
  h[156] = "0".charCodeAt(0);
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  h.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\0`, 148, "ascii");
  return h;
}

/** A whole tar archive of `[name, data]` entries, each padded to 512 bytes, and its end. */
export function tarArchive(entries) {
  const parts = entries.flatMap(([name, data]) => [
    tarHeader(name, data.length),
    data,
    Buffer.alloc((512 - (data.length % 512)) % 512),
  ]);
  return Buffer.concat([...parts, Buffer.alloc(1024)]);
}
