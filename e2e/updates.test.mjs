// "Check for updates" in the real app on the private engine: a registry that holds its
// questions (conference Wi-Fi) is stopped with Stop, which keeps what was checked and says
// what was not; a registry that is gone is named, with its own words behind "What the
// registries said".
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { createServer, connect } from "node:net";
import { docker, launchApp, screenshot } from "./support.mjs";

/**
 * A TCP port in front of the private registry. "relay" passes connections through (a push
 * through it gives images a digest for `127.0.0.1:<port>/…`); "hold" accepts them and never
 * answers. `close()` stops listening: the registry is then refused.
 */
async function registryFront(upstream) {
  const [host, port] = upstream.split(":");
  const sockets = new Set();
  // Accepted in "hold" mode (the push's keep-alive connections through the relay are not).
  const holding = new Set();
  const front = { mode: "relay" };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      holding.delete(socket);
    });
    socket.on("error", () => {});
    if (front.mode !== "relay") {
      holding.add(socket);
      // Read and drop what comes (else the other side's close is never seen); answer nothing.
      socket.resume();
      return;
    }
    const out = connect(Number(port), host);
    // Its own set entry too: a newer engine's push leaves keep-alive connections to the
    // registry, which would keep this process alive after the suite.
    sockets.add(out);
    out.on("close", () => sockets.delete(out));
    out.on("error", () => socket.destroy());
    socket.on("error", () => out.destroy());
    socket.pipe(out).pipe(socket);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  front.port = server.address().port;
  front.held = () => [...holding].filter((s) => !s.destroyed).length;
  front.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return front;
}

describe("check for updates in the real app", () => {
  let app;
  let front;
  let reference;

  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    front = await registryFront(process.env.IMAGEN_TEST_REGISTRY);
    reference = `127.0.0.1:${front.port}/imagen-e2e/held:1`;
    docker("tag", "imagen-fixture/busybox:latest", reference);
    // Pushed through the front: the image now has a digest on that registry, so it is asked.
    // Not a sync call: the front runs on this process's event loop.
    await promisify(execFile)("docker", ["push", "-q", reference]);
    front.mode = "hold";
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => {
    await app?.close();
    await front?.close();
    try {
      execFileSync("docker", ["rmi", reference], { stdio: "ignore" });
    } catch {
      // already gone: fine
    }
  });

  const status = () => app.browser.$(".update-check [role=status]");

  it("counts the tags, and Stop ends a check a registry holds, keeping what was checked", async () => {
    const { browser } = app;
    await browser.$('[role="list"][aria-label="Images"]').waitForExist({ timeout: 20000 });
    await browser.$("button=Check for updates").click();
    const busy = browser.$("button*=Checking…");
    // The tags with an answer at once (built here, the private registry's) are counted; the
    // held registry's one is still out.
    await browser.waitUntil(async () => /^Checking… \d+ of \d+ tags?$/.test(await busy.getText()), {
      timeout: 10000,
      timeoutMsg: `no count on the busy button: ${await busy.getText().catch(() => "")}`,
    });
    await browser.waitUntil(async () => front.held() > 0, {
      timeout: 10000,
      timeoutMsg: "the held registry was never asked",
    });
    await screenshot(browser, "updates-checking");
    await browser.$("button=Stop").click();
    await browser.waitUntil(
      async () => /Stopped: \d+ tags? not checked/.test(await status().getText()),
      {
        timeout: 5000,
        timeoutMsg: `Stop did not end the check: ${await status()
          .getText()
          .catch(() => "")}`,
      },
    );
    assert.equal(await browser.$("button=Stop").isExisting(), false);
    assert.equal(await browser.$("button=Check for updates").isExisting(), true);
    // The held question was dropped, not left waiting for its time limit.
    await browser.waitUntil(async () => front.held() === 0, {
      timeout: 5000,
      timeoutMsg: "the app kept its question to the held registry open after Stop",
    });
    await screenshot(browser, "updates-stopped");
  });

  it("names a registry that is gone, with its own words behind a disclosure", async () => {
    const { browser } = app;
    await front.close();
    await browser.$("button=Check for updates").click();
    const registry = `127.0.0.1:${front.port}`;
    await browser.waitUntil(async () => (await status().getText()).includes(registry), {
      timeout: 60000,
      timeoutMsg: `the gone registry is not named: ${await status()
        .getText()
        .catch(() => "")}`,
    });
    assert.doesNotMatch(await status().getText(), /Stopped/);
    const details = browser.$(".update-check details");
    await details.$("summary=What the registries said").click();
    const said = await details.$("ul").getText();
    assert.match(said, new RegExp(`${registry.replaceAll(".", "\\.")}: \\S`));
    await screenshot(browser, "updates-registry-gone");
  });
});
