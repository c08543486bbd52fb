// The real app pointed at a dead socket shows the unreachable state, naming the address, and
// how to start the engine installed on this computer.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { launchApp, listCountingEngine, screenshot } from "./support.mjs";

describe("engine unreachable", () => {
  let app;
  let dir;
  let sock;
  let address;
  let engine;
  before(async () => {
    // A socket file nobody answers on: what a crashed engine leaves behind. (Node would
    // unlink its own socket on close, so python binds it and exits.)
    dir = mkdtempSync(join(tmpdir(), "imagen-e2e-"));
    sock = join(dir, "docker.sock");
    execFileSync("python3", [
      "-c",
      "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])",
      sock,
    ]);
    address = `unix://${sock}`;
    app = await launchApp({ DOCKER_HOST: address });
  });
  after(async () => {
    await app?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("says Docker is not running, where it looked, and offers Retry", async () => {
    const { browser } = app;
    const alert = await browser.$('[role="alert"]');
    await alert.waitForExist({ timeout: 20000 });
    const text = await alert.getText();
    assert.match(text, /Docker is not running/);
    assert.ok(text.includes(address), `alert does not name ${address}: ${text}`);
    assert.match(text, /connection refused/);
    assert.match(text, /sudo systemctl start docker/);
    const retry = await alert.$("button=Retry");
    assert.ok(await retry.isDisplayed());
    await screenshot(browser, "unreachable");

    // Retry must list again: the same address now has a stand-in engine that answers the
    // handshake and counts list requests (dropping them, so nothing usable answers). The
    // event watcher reconnects in the background by itself, but never lists.
    engine = await listCountingEngine(sock);
    await new Promise((r) => setTimeout(r, 1000));
    const before = engine.lists;
    assert.equal(before, 0, "the app listed images before Retry was clicked");
    await retry.click();
    await browser.waitUntil(async () => engine.lists > before, {
      timeout: 15000,
      timeoutMsg: "Retry made no call to the engine",
    });
    // The engine still answers nothing: the problem is shown again, with Retry.
    await browser.waitUntil(
      async () => await browser.$('[role="alert"]').$("button=Retry").isExisting(),
      { timeout: 15000 },
    );
  });
});

describe("engine software off the PATH", () => {
  let app;
  let dir;
  before(async () => {
    // An app opened from a desktop menu may have a PATH without docker; Debian's dockerd is
    // in /usr/sbin, off a user's PATH anyway. The PATH holds only what starts the app under
    // test, and the socket is missing, as when Docker is installed and not started.
    dir = mkdtempSync(join(tmpdir(), "imagen-e2e-"));
    const bin = join(dir, "bin");
    mkdirSync(bin);
    for (const tool of ["tauri-driver", "WebKitWebDriver"]) {
      const found = execFileSync("sh", ["-c", `command -v ${tool}`])
        .toString()
        .trim();
      symlinkSync(found, join(bin, tool));
    }
    app = await launchApp({ DOCKER_HOST: `unix://${join(dir, "docker.sock")}`, PATH: bin });
  });
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds the Docker Engine installed here, and says to start it, not to install it", async () => {
    const { browser } = app;
    const alert = await browser.$('[role="alert"]');
    await alert.waitForExist({ timeout: 20000 });
    // Until the backend says what is installed the page gives the OS's usual advice, which
    // adds Docker Desktop for Linux; this machine has none (/opt/docker-desktop).
    await browser.waitUntil(async () => !(await alert.getText()).includes("Docker Desktop"), {
      timeout: 10000,
      timeoutMsg: "the page never used what is installed here",
    });
    const text = await alert.getText();
    assert.match(text, /Docker is not running/);
    assert.match(text, /sudo systemctl start docker/);
    assert.doesNotMatch(text, /found no Docker/);
    assert.ok(await alert.$("button=Retry").isDisplayed());
  });
});

describe("no Docker installed", () => {
  let app;
  let dir;
  before(async () => {
    // A first-timer's laptop, made of this one: tauri-driver (and so the app) starts in a
    // mount namespace of its own where this machine's Docker is hidden (the test engine runs
    // as root, so the tests can make one; the namespace goes with the process). The app gets
    // no DOCKER_HOST and a home of its own, so it tries the standard socket, which /run's
    // fresh tmpfs does not have; the PATH holds only what starts the app.
    dir = mkdtempSync(join(tmpdir(), "imagen-e2e-"));
    const bin = join(dir, "bin");
    const empty = join(dir, "empty");
    for (const d of [bin, empty, join(dir, "home"), join(dir, "runtime")]) mkdirSync(d);
    const where = (tool) =>
      execFileSync("sh", ["-c", `command -v ${tool}`])
        .toString()
        .trim();
    symlinkSync(where("WebKitWebDriver"), join(bin, "WebKitWebDriver"));
    // Every place Imagen looks for engine software on Linux (engine/installed.rs).
    const files = ["bin", "sbin", "local/bin", "local/sbin"].map((d) => `/usr/${d}/dockerd`);
    const folders = ["/opt/docker-desktop", "/opt/rancher-desktop", "/snap/docker"];
    // Named in full: the PATH below has neither.
    const mount = where("mount");
    const hide = [
      ...files.map((f) => `[ -e ${f} ] && ${mount} --bind /dev/null ${f}`),
      ...folders.map((f) => `[ -e ${f} ] && ${mount} --bind ${empty} ${f}`),
      `${mount} -t tmpfs none /run`,
    ].join("; ");
    writeFileSync(
      join(bin, "tauri-driver"),
      `#!/bin/sh\nexec ${where("unshare")} --mount /bin/sh -c '${hide}; exec "$0" "$@"' ${where("tauri-driver")} "$@"\n`,
      { mode: 0o755 },
    );
    app = await launchApp({
      DOCKER_HOST: "",
      DOCKER_CONTEXT: "",
      HOME: join(dir, "home"),
      XDG_RUNTIME_DIR: join(dir, "runtime"),
      PATH: bin,
    });
  });
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("says Imagen found no Docker, and how to install it", async () => {
    const { browser } = app;
    const alert = await browser.$('[role="alert"]');
    await alert.waitForExist({ timeout: 20000 });
    await browser.waitUntil(
      async () => (await alert.getText()).includes("Imagen found no Docker on this computer"),
      { timeout: 10000, timeoutMsg: "the page did not say Docker is not installed" },
    );
    const text = await alert.getText();
    assert.ok(text.includes("unix:///var/run/docker.sock"), text);
    assert.match(text, /sudo apt install docker\.io/);
    assert.match(text, /https:\/\/docs\.docker\.com\/engine\/install\//);
    assert.match(text, /sudo usermod -aG docker \$USER/);
    assert.doesNotMatch(text, /systemctl start docker/);
    assert.ok(await alert.$("button=Retry").isDisplayed());
    await screenshot(browser, "not-installed");

    // The engine list says it beside the standard address (docker's default context).
    await (await browser.$$("header button"))[0].click();
    const list = await browser.$('[role="dialog"]');
    await list.waitForExist({ timeout: 10000 });
    await browser.waitUntil(async () => (await list.getText()).includes("Not installed"), {
      timeout: 15000,
      timeoutMsg: "the engine list did not say Not installed",
    });
    assert.match(await list.getText(), /unix:\/\/\/var\/run\/docker\.sock/);
    await screenshot(browser, "not-installed-engines");
  });
});
