// Live updates against the private test engine: changes made in a terminal show up in the
// open app with no focus change and no click (engine events, issue 11). Nothing here moves
// the focus or touches the window: only the engine's events can bring the changes in.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docker, eventsRefusingProxy, launchApp, screenshot } from "./support.mjs";

const GRID = '[role="list"][aria-label="Images"]';
const SOURCE = "imagen-fixture/busybox:latest";
// Unique per run, so a leftover from an earlier run cannot satisfy a wait.
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const TAG = `imagen-e2e/live:${RUN}`;
const BUILT = `imagen-e2e/live-built:${RUN}`;
const CONTAINER = `imagen-e2e-live-${RUN}`;
const SOON = 3000;

const cardById = (id) => `${GRID} > [role="listitem"][data-image-id="${id}"]`;
const cardByName = (name) => `${GRID} > [role="listitem"][aria-label="${name}"]`;
// Whether the card has a tag chip for `tag` (each chip's title is its whole reference).
// Queried afresh each time: a refresh may replace the card's element.
const hasTag = (browser, card, tag) =>
  browser.execute(
    (sel, ref) =>
      [...(document.querySelector(sel)?.querySelectorAll(".chip") ?? [])].some(
        (chip) => chip.getAttribute("title") === ref,
      ),
    card,
    tag,
  );
const imageId = (ref) => docker("image", "inspect", "-f", "{{.Id}}", ref).trim();

describe("changes made in a terminal show up at once", () => {
  let app;
  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => {
    await app?.close();
    try {
      execFileSync("docker", ["rm", "-f", CONTAINER], { stdio: "ignore" });
    } catch {
      // never started
    }
    for (const ref of [TAG, BUILT]) {
      try {
        execFileSync("docker", ["rmi", ref], { stdio: "ignore" });
      } catch {
        // already gone
      }
    }
  });

  it("shows docker tag on the image's card, and drops it after docker rmi, within 3 s each", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    // The tag goes on the fixture's own image: its card, found by ID (which of its tags
    // names the card is the backend's business).
    const card = cardById(imageId(SOURCE));
    await browser.$(card).waitForExist({ timeout: 10000 });
    assert.equal(await hasTag(browser, card, TAG), false, `${TAG} is not there yet`);

    docker("tag", SOURCE, TAG);
    const tagged = Date.now();
    await browser.waitUntil(() => hasTag(browser, card, TAG), {
      timeout: SOON,
      timeoutMsg: `${TAG} did not show on the card within 3 s of docker tag`,
    });
    const shown = Date.now() - tagged;
    await screenshot(browser, "live-tagged");

    docker("rmi", TAG); // only the tag: the image keeps its other tags
    const untagged = Date.now();
    await browser.waitUntil(async () => !(await hasTag(browser, card, TAG)), {
      timeout: SOON,
      timeoutMsg: `${TAG} was still on the card 3 s after docker rmi`,
    });
    const dropped = Date.now() - untagged;
    assert.ok(await browser.$(card).isExisting(), "the image's card stays");
    console.log(`live: the tag showed after ${shown} ms and left after ${dropped} ms`);
  });

  it("shows a new image's card and drops it after docker rmi, within 3 s each", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    const card = browser.$(cardByName(BUILT));
    assert.equal(await card.isExisting(), false, `${BUILT} is not there yet`);

    // A new image (the fixture plus a label of this run's own), with the legacy builder the
    // fixtures use: no buildx, no network.
    execFileSync("docker", ["build", "--network", "none", "-q", "-t", BUILT, "-"], {
      input: `FROM ${SOURCE}\nLABEL org.imagen.e2e.live=${RUN}\n`,
      env: { ...process.env, DOCKER_BUILDKIT: "0" },
      stdio: ["pipe", "ignore", "inherit"],
    });
    const built = Date.now();
    await card.waitForExist({
      timeout: SOON,
      timeoutMsg: `the card for ${BUILT} did not appear within 3 s of docker build`,
    });
    const appeared = Date.now() - built;

    docker("rmi", BUILT);
    const removed = Date.now();
    await card.waitForExist({
      timeout: SOON,
      reverse: true,
      timeoutMsg: `the card for ${BUILT} was still there 3 s after docker rmi`,
    });
    const left = Date.now() - removed;
    assert.ok(await browser.$(cardById(imageId(SOURCE))).isExisting(), `${SOURCE} stays`);
    console.log(`live: the new card appeared after ${appeared} ms and left after ${left} ms`);
  });

  it("shows docker run as a running container on the image's card, and docker rm as gone, within 3 s each", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    const card = cardById(imageId(SOURCE));
    await browser.$(card).waitForExist({ timeout: 10000 });
    // The card's usage badge ("1 running"), read afresh each time.
    const running = () =>
      browser.execute(
        (sel) => /\b1 running\b/.test(document.querySelector(sel)?.textContent ?? ""),
        card,
      );
    assert.equal(await running(), false, "no container runs the fixture yet");

    docker("run", "-d", "--network", "none", "--name", CONTAINER, SOURCE, "sleep", "600");
    const started = Date.now();
    await browser.waitUntil(running, {
      timeout: SOON,
      timeoutMsg: "the card did not show the running container within 3 s of docker run",
    });
    const shown = Date.now() - started;

    docker("rm", "-f", CONTAINER);
    const removed = Date.now();
    await browser.waitUntil(async () => !(await running()), {
      timeout: SOON,
      timeoutMsg: "the card still showed the container 3 s after docker rm -f",
    });
    const gone = Date.now() - removed;
    console.log(`live: docker run showed after ${shown} ms, docker rm after ${gone} ms`);
  });
});

// Behind a socket proxy that forbids `/events` (docker-socket-proxy's EVENTS=0), the list works
// but nothing made elsewhere shows by itself: the window says so, and follows the engine
// again once the proxy lets the stream through.
describe("an engine whose event stream is refused", () => {
  let app;
  let proxy;
  const dir = mkdtempSync(join(tmpdir(), "imagen-e2e-refusing-"));
  const TAG2 = `imagen-e2e/live-refused:${RUN}`;
  const LIVE_OFF = "p.live-off-banner";
  before(async () => {
    const upstream = (process.env.DOCKER_HOST ?? "").replace(/^unix:\/\//, "");
    assert.ok(upstream.startsWith("/"), "run through scripts/test.sh (private engine on a socket)");
    proxy = await eventsRefusingProxy(join(dir, "docker.sock"), upstream);
    app = await launchApp({ DOCKER_HOST: `unix://${join(dir, "docker.sock")}` });
  });
  after(async () => {
    await app?.close();
    await proxy?.close();
    rmSync(dir, { recursive: true, force: true });
    try {
      execFileSync("docker", ["rmi", TAG2], { stdio: "ignore" });
    } catch {
      // never tagged
    }
  });

  it("says live updates are off, and follows the engine once the stream is let through", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    // Refused before the page existed: the page is still told.
    const banner = browser.$(LIVE_OFF);
    await banner.waitForExist({ timeout: 5000, timeoutMsg: "no live-updates-off mark" });
    assert.match(
      await banner.getText(),
      /^Live updates are off: this engine refuses to send its events \(HTTP 403\)\./,
    );
    assert.ok(proxy.state.refusals >= 1);
    await screenshot(browser, "live-refused");

    // The proxy lets the stream through: within the watcher's longest wait (5 s), the mark
    // goes and terminal changes show again by themselves.
    proxy.state.refusing = false;
    await banner.waitForExist({
      timeout: 8000,
      reverse: true,
      timeoutMsg: "the mark stayed after the event stream opened",
    });
    const card = cardById(imageId(SOURCE));
    await browser.$(card).waitForExist({ timeout: 10000 });
    docker("tag", SOURCE, TAG2);
    await browser.waitUntil(() => hasTag(browser, card, TAG2), {
      timeout: SOON,
      timeoutMsg: `${TAG2} did not show on the card within 3 s of docker tag`,
    });
  });
});
